"""Drive the real app on a real X server: processes, keys, screenshots, waits.

Everything here is plain subprocess work so a failing test can always tear
down what it started: each process is tracked and killed by its own pid.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

REPO_ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO_ROOT / "test-artifacts" / "e2e"
TOOLS = {
    "Xvfb": "xvfb",
    "xdotool": "xdotool",
    "import": "imagemagick",
    "dbus-daemon": "dbus-x11",
    "gnome-keyring-daemon": "gnome-keyring",
    "xclip": "xclip",
}
INSTALL_HINT = (
    "e2e tests need Debian packages: apt-get install xvfb xdotool imagemagick "
    "gnome-keyring dbus-x11 xclip (see .ci/run for the full list)"
)
KEYRING_PASSWORD = "e2e-keyring-password"
# Variables that would point the app at a real server or key, or at our desktop.
SCRUBBED_ENV = (
    "OPENAI_API_KEY",
    "OPENAI_BASE_URL",
    "AFARENSIS_API_KEY",
    "AFARENSIS_BASE_URL",
    "AFARENSIS_MODEL",
    "AFARENSIS_DATA_DIR",
    "AFARENSIS_CONFIG_DIR",
    "WAYLAND_DISPLAY",
    "XAUTHORITY",
    "GNOME_KEYRING_CONTROL",
)

SCREEN_W = 1280
# Where message cards are drawn (x0, x1, y0, y1) in the default 1100x720 window.
CHAT_AREA = (290, 1090, 40, 660)
LINK_RGB = bytes.fromhex("1F6D85")  # the light theme's link colour
MIN_UNDERLINE = 20

T = TypeVar("T")


def missing_tools() -> list[str]:
    """Packages whose programs are not on PATH."""
    return sorted({pkg for tool, pkg in TOOLS.items() if shutil.which(tool) is None})


def wait_until(
    probe: Callable[[], T | None], what: str, timeout: float = 15.0, interval: float = 0.05
) -> T:
    """Poll ``probe`` until it returns something truthy; fail with ``what``."""
    deadline = time.monotonic() + timeout
    last_error: Exception | None = None
    while True:
        try:
            value = probe()
        except (sqlite3.Error, OSError, ValueError) as exc:  # file mid-write
            last_error, value = exc, None
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f}s waiting for {what}") from (
                last_error
            )
        time.sleep(interval)


def kill_process(proc: subprocess.Popen[Any] | None, sig: int = signal.SIGTERM) -> None:
    """Stop one process we started (by its pid), escalating to SIGKILL."""
    if proc is None or proc.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        proc.send_signal(sig)
    try:
        proc.wait(5)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            proc.kill()
        proc.wait(5)


# --------------------------------------------------------------- the X server

XVFB_TRIES = 5
FIRST_DISPLAY = 90


def free_display(start: int = FIRST_DISPLAY) -> int:
    """The first display number from ``start`` with neither a lock file nor a socket."""
    for n in range(start, start + 200):
        if not Path(f"/tmp/.X{n}-lock").exists() and not Path(f"/tmp/.X11-unix/X{n}").exists():
            return n
    raise RuntimeError(f"no free X display number in {start}..{start + 199}")


def _display_answers(display: str) -> bool:
    """True once a client can connect to ``display`` and query it."""
    result = subprocess.run(
        ["xdotool", "getdisplaygeometry"],
        env={**os.environ, "DISPLAY": display},
        capture_output=True,
        timeout=10,
        check=False,
    )
    return result.returncode == 0


def start_xvfb(screen: str, tries: int = XVFB_TRIES) -> tuple[subprocess.Popen[bytes], str]:
    """Start Xvfb on a free display and return it once a client can connect.

    ``-noreset``: without it Xvfb resets whenever its last client disconnects
    and refuses clients that connect during the reset (2-15 failed starts in
    150 quick app starts, 0 with the flag). ``-displayfd`` makes Xvfb write the
    display number once it accepts connections; a number someone else took in
    the meantime (Xvfb exits) is retried with the next free one.
    """
    start = FIRST_DISPLAY
    failures: list[str] = []
    for _ in range(tries):
        n = free_display(start)
        started = _try_xvfb(n, screen)
        if isinstance(started, subprocess.Popen):
            return started, f":{n}"
        failures.append(f":{n}: {started}")
        start = n + 1
    raise RuntimeError("Xvfb did not come up: " + "; ".join(failures))


def _try_xvfb(n: int, screen: str) -> subprocess.Popen[bytes] | str:
    """Xvfb on display ``n``, answering clients; or why it did not come up."""
    display = f":{n}"
    read_fd, write_fd = os.pipe()
    with tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(
            [
                "Xvfb",
                display,
                "-displayfd",
                str(write_fd),
                "-noreset",
                "-screen",
                "0",
                screen,
                "-nolisten",
                "tcp",
            ],
            pass_fds=(write_fd,),
            stdout=subprocess.DEVNULL,
            stderr=err,
        )
        os.close(write_fd)
        printed: list[str] = []
        with os.fdopen(read_fd) as pipe:
            reader = threading.Thread(target=lambda: printed.append(pipe.readline()))
            reader.start()
            reader.join(30)
            if reader.is_alive():  # neither ready nor exited: give up on this number
                kill_process(proc)
                reader.join()
        if printed and printed[0].strip() == str(n):
            try:
                wait_until(lambda: _display_answers(display), f"X display {display}", 15, 0.1)
            except AssertionError as exc:
                kill_process(proc)
                return str(exc)
            return proc
        kill_process(proc)
        err.seek(0)
        return err.read().decode(errors="replace").strip()[-300:] or "no display number printed"


# --------------------------------------------------------------- the desktop


@dataclass
class Desktop:
    """One Xvfb display and one D-Bus session with an unlocked gnome-keyring."""

    root: Path
    display: str = ""
    bus_address: str = ""
    procs: list[subprocess.Popen[Any]] = field(default_factory=list)

    @property
    def home(self) -> Path:
        return self.root / "home"

    def env(self) -> dict[str, str]:
        """The environment every child (app, keyring probe, CLI) runs in."""
        env = {k: v for k, v in os.environ.items() if k not in SCRUBBED_ENV}
        runtime = self.root / "runtime"
        env.update(
            HOME=str(self.home),
            XDG_CONFIG_HOME=str(self.home / ".config"),
            XDG_DATA_HOME=str(self.home / ".local" / "share"),
            XDG_CACHE_HOME=str(self.home / ".cache"),
            XDG_RUNTIME_DIR=str(runtime),
            DISPLAY=self.display,
            DBUS_SESSION_BUS_ADDRESS=self.bus_address,
            QT_QPA_PLATFORM="xcb",
            PYTHONPATH=os.pathsep.join(filter(None, [str(REPO_ROOT), env.get("PYTHONPATH")])),
            PYTHONUNBUFFERED="1",
        )
        return env

    def start(self) -> Desktop:
        self.home.mkdir(parents=True)
        (self.root / "runtime").mkdir(mode=0o700)
        xvfb, self.display = start_xvfb(f"{SCREEN_W}x800x24")
        self.procs.append(xvfb)
        self.bus_address = self._start_line(
            ["dbus-daemon", "--session", "--nofork", "--nopidfile", "--print-address=1"],
            "D-Bus session address",
        )
        keyring = subprocess.Popen(
            ["gnome-keyring-daemon", "--foreground", "--unlock", "--components=secrets"],
            env=self.env(),
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.procs.append(keyring)
        assert keyring.stdin is not None
        keyring.stdin.write(KEYRING_PASSWORD.encode())
        keyring.stdin.close()
        backend = wait_until(self._secret_service_backend, "gnome-keyring on D-Bus", 20, 0.2)
        assert "SecretService" in backend, backend
        return self

    def _secret_service_backend(self) -> str | None:
        out = self.python("import keyring; print(keyring.get_keyring())").stdout
        return out if "SecretService" in out else None

    def _start_line(self, cmd: list[str], what: str) -> str:
        proc = subprocess.Popen(
            cmd,
            env=self.env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        self.procs.append(proc)
        line: list[str] = []
        assert proc.stdout is not None
        reader = threading.Thread(target=lambda: line.append(proc.stdout.readline()), daemon=True)  # type: ignore[union-attr]
        reader.start()
        reader.join(15)
        if not line or not line[0].strip():
            raise RuntimeError(f"{cmd[0]} did not print its {what}")
        return line[0].strip()

    def python(self, code: str, timeout: float = 20) -> subprocess.CompletedProcess[str]:
        """Run a snippet in the venv's Python inside this desktop session."""
        return subprocess.run(
            [sys.executable, "-c", code],
            env=self.env(),
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )

    def keyring_get(self, profile_id: str) -> str | None:
        code = (
            "import keyring, sys; "
            f"v = keyring.get_password('afarensis-chat', {profile_id!r}); "
            "sys.stdout.write('' if v is None else v)"
        )
        out = self.python(code)
        assert out.returncode == 0, out.stderr
        return out.stdout or None

    def stop(self) -> None:
        for proc in reversed(self.procs):
            kill_process(proc)
            for stream in (proc.stdout, proc.stdin):
                if stream is not None:
                    with contextlib.suppress(OSError):
                        stream.close()
        self.procs.clear()


# --------------------------------------------------------------- the app


class App:
    """The real app as a subprocess on the desktop, driven with XTEST events."""

    def __init__(
        self,
        desktop: Desktop,
        data_dir: Path,
        artifacts: Path,
        env: dict[str, str] | None = None,
        command: Sequence[str] | None = None,
        cwd: Path | None = None,
    ) -> None:
        """``command`` replaces ``python -m desktop_app`` (e.g. a frozen build);
        ``--data-dir`` is appended to it either way."""
        self.desktop = desktop
        self.data_dir = data_dir
        self.artifacts = artifacts
        self.extra_env = env or {}
        self.command = list(command or [sys.executable, "-m", "desktop_app"])
        self.cwd = cwd or REPO_ROOT
        self.proc: subprocess.Popen[bytes] | None = None
        self.wid = ""
        self.log_path = artifacts / "app-0.log"
        self.runs = 0
        self.started_at = 0.0

    @property
    def config_dir(self) -> Path:
        return self.data_dir / "config"

    @property
    def database(self) -> Path:
        return self.data_dir / "history.sqlite3"

    def start(self, env: dict[str, str] | None = None) -> App:
        assert self.proc is None or self.proc.poll() is not None, "app already running"
        self.runs += 1
        self.log_path = self.artifacts / f"app-{self.runs}.log"
        full_env = {**self.desktop.env(), **self.extra_env, **(env or {})}
        self.started_at = time.monotonic()
        with open(self.log_path, "wb") as log:
            self.proc = subprocess.Popen(
                [*self.command, "--data-dir", str(self.data_dir)],
                cwd=self.cwd,
                env=full_env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        self.wid = wait_until(self._find_window, "the main window to be shown", 30, 0.1)
        self.focus()
        return self

    def _find_window(self) -> str | None:
        assert self.proc is not None
        if self.proc.poll() is not None:
            raise AssertionError(f"app exited with {self.proc.returncode}:\n{self.log()}")
        out = self.xdotool(
            "search", "--onlyvisible", "--pid", str(self.proc.pid), "--name", "^Afarensis Chat"
        )
        ids = out.split()
        return ids[0] if ids else None

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def all_logs(self) -> str:
        return "".join(
            p.read_text(encoding="utf-8", errors="replace")
            for p in sorted(self.artifacts.glob("app-*.log"))
        )

    def shown_after_ms(self) -> float:
        """The app's own measure of launch → window shown."""
        match = wait_until(
            lambda: re.search(r"window shown after (\d+) ms", self.log()), "'window shown' log"
        )
        return float(match.group(1))

    # ------------------------------------------------------------ input

    def xdotool(self, *args: str) -> str:
        result = subprocess.run(
            ["xdotool", *args],
            env=self.desktop.env(),
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
        return result.stdout

    def focus(self) -> None:
        self.xdotool("windowfocus", "--sync", self.wid)

    def type(self, text: str) -> None:
        """Real key presses (XTEST) into the focused widget."""
        self.focus()
        self.xdotool("type", "--delay", "8", text)

    def key(self, *keys: str) -> None:
        self.focus()
        for key in keys:
            self.xdotool("key", "--clearmodifiers", key)

    def click(self, x: int, y: int) -> None:
        """A real mouse click at window coordinates."""
        self.focus()
        self.xdotool("mousemove", "--window", self.wid, str(x), str(y), "click", "1")

    def send(self, text: str) -> None:
        self.type(text)
        self.key("Return")

    def screenshot(self, name: str) -> Path:
        path = self.artifacts / f"{name}.png"
        subprocess.run(
            ["import", "-window", "root", str(path)],
            env=self.desktop.env(),
            capture_output=True,
            timeout=30,
            check=False,
        )
        return path

    def frame(self) -> bytes:
        """The whole screen as raw RGB bytes (SCREEN_W x SCREEN_H)."""
        result = subprocess.run(
            ["import", "-window", "root", "-depth", "8", "rgb:-"],
            env=self.desktop.env(),
            capture_output=True,
            timeout=30,
            check=True,
        )
        return result.stdout

    def wait_painted(self, before: bytes, what: str, timeout: float = 10) -> bytes:
        """Wait until the screen differs from ``before`` and then holds still."""
        changed = wait_until(lambda: (f := self.frame()) != before and f, what, timeout, 0.1)

        def still() -> bytes | None:
            nonlocal changed
            now = self.frame()
            same, changed = now == changed, now
            return now if same else None

        return wait_until(still, f"{what} (painting to settle)", timeout, 0.1)

    def find_link(self, frame: bytes) -> tuple[int, int]:
        """Window position of the first link in the lowest line of links in the chat.

        Links are drawn in LINK_RGB with an underline; the underline is the
        one long horizontal run of exactly that colour, so it finds a link
        without knowing the layout.
        """
        row_bytes = SCREEN_W * 3
        x0, x1, y0, y1 = CHAT_AREA
        for y in range(y1, y0, -1):
            row = frame[y * row_bytes + x0 * 3 : y * row_bytes + x1 * 3]
            x = 0
            while x < x1 - x0:
                if row[x * 3 : x * 3 + 3] == LINK_RGB:
                    start = x
                    while x < x1 - x0 and row[x * 3 : x * 3 + 3] == LINK_RGB:
                        x += 1
                    if x - start >= MIN_UNDERLINE:
                        return x0 + (start + x) // 2, y - 5
                x += 1
        raise AssertionError("no link found in the chat area")

    # ------------------------------------------------------------ ending

    def quit(self, timeout: float = 20) -> int:
        """Ctrl+Q: the app saves drafts and finalizes turns, then exits."""
        assert self.proc is not None
        self.key("ctrl+q")
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired as exc:
            raise AssertionError(f"app did not exit after Ctrl+Q:\n{self.log()}") from exc

    def sigkill(self) -> None:
        assert self.proc is not None
        self.proc.kill()
        self.proc.wait(10)

    def stop(self) -> None:
        kill_process(self.proc)

    # ------------------------------------------------------------ stored state

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """Read the history database read-only, as another process would."""
        if not self.database.exists():
            return []
        uri = f"file:{self.database}?mode=ro"
        conn = sqlite3.connect(uri, uri=True, timeout=1)
        try:
            return conn.execute(sql, tuple(params)).fetchall()
        finally:
            conn.close()

    def messages(self) -> list[dict[str, Any]]:
        cols = "id, conversation_id, parent_id, role, content, status, finish_reason, error"
        rows = self.query(f"SELECT {cols}, tool_calls FROM messages ORDER BY seq")
        names = [*cols.split(", "), "tool_calls"]
        return [dict(zip(names, row, strict=True)) for row in rows]

    def wait_reply(
        self, predicate: Callable[[dict[str, Any]], bool], what: str, timeout: float = 20
    ) -> dict[str, Any]:
        """The newest assistant row once ``predicate`` holds for it."""

        def probe() -> dict[str, Any] | None:
            rows = [m for m in self.messages() if m["role"] == "assistant"]
            return rows[-1] if rows and predicate(rows[-1]) else None

        return wait_until(probe, what, timeout)

    def drafts(self) -> list[str]:
        return [row[0] for row in self.query("SELECT text FROM drafts")]


@contextlib.contextmanager
def temp_root(prefix: str) -> Iterator[Path]:
    path = Path(tempfile.mkdtemp(prefix=prefix))
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)
