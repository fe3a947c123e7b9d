"""Start-up: process spawn → main window mapped → first paint, and peak RSS.

Three programs, each started ``REPEATS`` times on our own Xvfb, medians kept:

* the floor: a minimal PySide6 window (one list, one text view);
* the app with an empty profile;
* the app with a large profile (10,000 conversations / 200,000 messages).

Nothing is added to the app. The bench watches the X server itself (libX11
and the DAMAGE extension through ctypes): "shown" is the ``MapNotify`` of the
top-level window named like the app, "first paint" is the first damage to that
window, which is Qt flushing its backing store — the window with the sidebar's
first page, which the app loads before ``show()``. Peak RSS is the child's
``VmHWM`` read from ``/proc`` one second after the first paint, then the child
gets SIGTERM. The app points at ``http://127.0.0.1:9/v1`` (nothing listens):
start-up must not wait on the network. Wall time on a shared machine mostly
measures the other tenants, so each start also reports the child's own CPU
seconds (``/proc/PID/stat``) at the moment its window is mapped. Children run
from byte code, as an installed app does (see ``launch``).

Run: ``.venv/bin/python -m bench.startup [--quick] [--repeats N]``.
"""

from __future__ import annotations

import argparse
import ctypes
import ctypes.util
import os
import random
import re
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.report import RESULTS, Row, median, print_table, row, spread

REPEATS = 5
LARGE_CONVERSATIONS = 10_000
LARGE_MESSAGES_PER = 20
SETTLE_S = 1.0
TIMEOUT_S = 30.0
APP_TITLE = b"Afarensis Chat"
PYCACHE = RESULTS / "pycache"
CPU_AT_SHOW = re.compile(r"(\d+) ms of CPU since the process started")
FLOOR_TITLE = b"Bench Floor"

FLOOR = """
import sys
import time
from PySide6.QtWidgets import QApplication, QListWidget, QMainWindow, QSplitter, QTextBrowser
app = QApplication(sys.argv)
w = QMainWindow()
w.setWindowTitle("Bench Floor")
s = QSplitter()
lst = QListWidget()
lst.addItems([f"Conversation {i}" for i in range(50)])
s.addWidget(lst)
s.addWidget(QTextBrowser())
w.setCentralWidget(s)
w.resize(1100, 750)
w.show()
print(f"window shown, {time.process_time() * 1000:.0f} ms of CPU since the process started",
      file=sys.stderr, flush=True)
sys.exit(app.exec())
"""

# ------------------------------------------------------------------ X11 via ctypes

CREATE_NOTIFY, MAP_NOTIFY = 16, 19
SUBSTRUCTURE_NOTIFY_MASK = 1 << 19
DAMAGE_REPORT_NON_EMPTY = 3


class XEvent(ctypes.Union):
    _fields_ = [("type", ctypes.c_int), ("pad", ctypes.c_long * 24)]


class XAnyWindowEvent(ctypes.Structure):
    """The common head of CreateNotify/MapNotify (``parent``/``event``, ``window``)."""

    _fields_ = [
        ("type", ctypes.c_int),
        ("serial", ctypes.c_ulong),
        ("send_event", ctypes.c_int),
        ("display", ctypes.c_void_p),
        ("parent", ctypes.c_ulong),
        ("window", ctypes.c_ulong),
    ]


class XDamageNotifyEvent(ctypes.Structure):
    _fields_ = [
        ("type", ctypes.c_int),
        ("serial", ctypes.c_ulong),
        ("send_event", ctypes.c_int),
        ("display", ctypes.c_void_p),
        ("drawable", ctypes.c_ulong),
        ("damage", ctypes.c_ulong),
    ]


class XTextProperty(ctypes.Structure):
    _fields_ = [
        ("value", ctypes.POINTER(ctypes.c_ubyte)),
        ("encoding", ctypes.c_ulong),
        ("format", ctypes.c_int),
        ("nitems", ctypes.c_ulong),
    ]


class XWatcher:
    """Reports when a top-level window with a given title is mapped and first drawn."""

    def __init__(self, display: str) -> None:
        x11 = ctypes.CDLL(ctypes.util.find_library("X11") or "libX11.so.6")
        dmg = ctypes.CDLL(ctypes.util.find_library("Xdamage") or "libXdamage.so.1")
        x11.XOpenDisplay.restype = ctypes.c_void_p
        x11.XOpenDisplay.argtypes = [ctypes.c_char_p]
        x11.XDefaultRootWindow.restype = ctypes.c_ulong
        x11.XDefaultRootWindow.argtypes = [ctypes.c_void_p]
        x11.XSelectInput.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_long]
        x11.XPending.argtypes = [ctypes.c_void_p]
        x11.XNextEvent.argtypes = [ctypes.c_void_p, ctypes.POINTER(XEvent)]
        x11.XConnectionNumber.argtypes = [ctypes.c_void_p]
        x11.XFlush.argtypes = [ctypes.c_void_p]
        x11.XFetchName.argtypes = [
            ctypes.c_void_p,
            ctypes.c_ulong,
            ctypes.POINTER(ctypes.c_char_p),
        ]
        x11.XSetErrorHandler.argtypes = [ctypes.c_void_p]
        x11.XInternAtom.restype = ctypes.c_ulong
        x11.XInternAtom.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int]
        x11.XGetTextProperty.argtypes = [
            ctypes.c_void_p,
            ctypes.c_ulong,
            ctypes.POINTER(XTextProperty),
            ctypes.c_ulong,
        ]
        dmg.XDamageQueryExtension.argtypes = [
            ctypes.c_void_p,
            ctypes.POINTER(ctypes.c_int),
            ctypes.POINTER(ctypes.c_int),
        ]
        dmg.XDamageCreate.restype = ctypes.c_ulong
        dmg.XDamageCreate.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_int]
        self.x11, self.dmg = x11, dmg
        # Windows may vanish between CreateNotify and our requests: ignore X errors.
        self._handler = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_void_p)(
            lambda d, e: 0
        )
        x11.XSetErrorHandler(ctypes.cast(self._handler, ctypes.c_void_p))
        self.dpy = x11.XOpenDisplay(display.encode())
        if not self.dpy:
            raise RuntimeError(f"cannot open X display {display}")
        event_base, error_base = ctypes.c_int(), ctypes.c_int()
        if not dmg.XDamageQueryExtension(self.dpy, ctypes.byref(event_base), error_base):
            raise RuntimeError("X server lacks the DAMAGE extension")
        self.damage_notify = event_base.value
        root = x11.XDefaultRootWindow(self.dpy)
        x11.XSelectInput(self.dpy, root, SUBSTRUCTURE_NOTIFY_MASK)
        x11.XFlush(self.dpy)
        self.fd = x11.XConnectionNumber(self.dpy)
        self.net_wm_name = x11.XInternAtom(self.dpy, b"_NET_WM_NAME", 0)

    def _name(self, window: int) -> bytes:
        """The window's title: ``_NET_WM_NAME`` (UTF-8; Qt titles hold an em dash)."""
        prop = XTextProperty()
        for atom in (self.net_wm_name, 39):  # 39 = XA_WM_NAME
            found = self.x11.XGetTextProperty(self.dpy, window, ctypes.byref(prop), atom)
            if found and prop.value and prop.nitems:
                return bytes(prop.value[: prop.nitems])
        return b""

    def drain(self) -> None:
        event = XEvent()
        while self.x11.XPending(self.dpy):
            self.x11.XNextEvent(self.dpy, ctypes.byref(event))

    def wait(
        self, title: bytes, proc: subprocess.Popen[bytes], t0: float
    ) -> tuple[float | None, float | None, float | None]:
        """Seconds from ``t0`` to map and to first damage of the window titled ``title``,
        and the child's CPU seconds (user + system) when it was mapped."""
        target: int | None = None
        cpu = None
        mapped = painted = None
        event = XEvent()
        deadline = t0 + TIMEOUT_S
        while painted is None and time.perf_counter() < deadline and proc.poll() is None:
            if not self.x11.XPending(self.dpy):
                select.select([self.fd], [], [], 0.05)
                continue
            self.x11.XNextEvent(self.dpy, ctypes.byref(event))
            now = time.perf_counter()
            if event.type == CREATE_NOTIFY:
                window = ctypes.cast(ctypes.byref(event), ctypes.POINTER(XAnyWindowEvent))
                self.dmg.XDamageCreate(self.dpy, window.contents.window, DAMAGE_REPORT_NON_EMPTY)
                self.x11.XFlush(self.dpy)
            elif event.type == MAP_NOTIFY and target is None:
                window = ctypes.cast(ctypes.byref(event), ctypes.POINTER(XAnyWindowEvent))
                if title in self._name(window.contents.window):
                    target, mapped = window.contents.window, now - t0
                    cpu = _cpu_s(proc.pid)
            elif event.type == self.damage_notify and target is not None:
                damage = ctypes.cast(ctypes.byref(event), ctypes.POINTER(XDamageNotifyEvent))
                if damage.contents.drawable == target:
                    painted = now - t0
        return mapped, painted, cpu


def _cpu_s(pid: int) -> float:
    """User + system CPU seconds of ``pid`` so far (``/proc/PID/stat`` fields 14, 15).

    On a busy machine wall time to the window mostly measures the other
    tenants; the CPU the process spent to get there is what it costs.
    """
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


# ------------------------------------------------------------------ processes


def _free_display(start: int = 120) -> int:
    for n in range(start, start + 80):
        if not Path(f"/tmp/.X11-unix/X{n}").exists() and not Path(f"/tmp/.X{n}-lock").exists():
            return n
    raise RuntimeError("no free X display number")


def start_xvfb(tries: int = 5) -> tuple[subprocess.Popen[bytes], str]:
    """Xvfb on a free display, returned once it accepts clients.

    ``-noreset`` keeps it from resetting (and refusing clients) each time the
    last app disconnects; ``-displayfd`` makes it write the number when it is
    ready. A number taken meanwhile by someone else is retried with the next.
    """
    n = _free_display()
    for _ in range(tries):
        read_fd, write_fd = os.pipe()
        proc = subprocess.Popen(
            [
                *("Xvfb", f":{n}", "-displayfd", str(write_fd), "-noreset"),
                *("-screen", "0", "1280x800x24", "-nolisten", "tcp"),
            ],
            pass_fds=(write_fd,),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        os.close(write_fd)
        with os.fdopen(read_fd) as pipe:  # "" when Xvfb exits (display taken)
            ready = pipe.readline().strip() == str(n)
        if ready:
            return proc, f":{n}"
        proc.wait(10)
        n = _free_display(n + 1)
    raise RuntimeError("Xvfb did not come up on a free display")


def _vmhwm_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def launch(
    cmd: list[str],
    title: bytes,
    display: str,
    watcher: XWatcher,
    env: dict[str, str],
    settle_s: float = SETTLE_S,
) -> dict[str, float]:
    watcher.drain()
    full_env = dict(os.environ, **env, DISPLAY=display, QT_QPA_PLATFORM="xcb")
    # An installed app starts from byte code (pip and PyInstaller compile it);
    # with PYTHONDONTWRITEBYTECODE in the caller's environment every start
    # would compile our ~60 modules from source (~50 ms the floor's one file
    # does not pay). ``run`` points PYTHONPYCACHEPREFIX at a cache that the
    # untimed first start of each program fills.
    full_env.pop("PYTHONDONTWRITEBYTECODE", None)
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, env=full_env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        mapped, painted, cpu = watcher.wait(title, proc, t0)
        if mapped is None or painted is None or cpu is None:
            err = proc.stderr.read().decode(errors="replace") if proc.poll() is not None else ""
            raise RuntimeError(f"{cmd} showed no window titled {title!r}: {err[-2000:]}")
        time.sleep(settle_s)  # peak memory is read this long after the first paint
        peak = _vmhwm_mb(proc.pid)
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            _, err_bytes = proc.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            _, err_bytes = proc.communicate()
    said = CPU_AT_SHOW.search(err_bytes.decode(errors="replace"))
    return {
        "shown_ms": mapped * 1000,
        "painted_ms": painted * 1000,
        "cpu_shown_ms": cpu * 1000,
        # Its own word, logged right after show(): not late by the bench's
        # wake-up on a busy machine, as the /proc read at MapNotify can be.
        "cpu_show_call_ms": float(said.group(1)) if said else float("nan"),
        "peak_rss_mb": peak,
    }


# ------------------------------------------------------------------ profiles


def large_profile(conversations: int, per: int, cache: Path = RESULTS) -> Path:
    """A data dir holding the big history, generated once and cached in ``cache``."""
    from desktop_app.core.models import Conversation, Message, Role
    from desktop_app.store.conversations import open_database
    from desktop_app.store.migrations import LATEST_VERSION
    from desktop_app.store.rows import conversation_values, message_values

    base = cache / f"startup-profile-{conversations}x{per}-v{LATEST_VERSION}"
    done = base / ".complete"
    if done.exists():
        return base
    shutil.rmtree(base, ignore_errors=True)
    base.mkdir(parents=True)
    t0 = time.perf_counter()
    store, _ = open_database(base / "history.sqlite3")
    from desktop_app.store.conversations import _UPSERT
    from desktop_app.store.messages import INSERT_MESSAGE

    conn = store._db.conn
    rng = random.Random(11)
    words = "the model stream token query index render layout python rust table".split()  # noqa: SIM905
    start = time.time() - conversations * 3600
    with conn:
        for c in range(conversations):
            cid = f"c{c:06d}"
            msgs: list[Message] = []
            parent = None
            for m in range(per):
                role = Role.USER if m % 2 == 0 else Role.ASSISTANT
                text = " ".join(rng.choices(words, k=rng.randint(8, 60)))
                msg = Message(
                    id=f"{cid}-{m:03d}",
                    conversation_id=cid,
                    role=role,
                    content=text,
                    parent_id=parent,
                    created_at=start + c * 3600 + m,
                )
                msgs.append(msg)
                parent = msg.id
            conv = Conversation(
                id=cid,
                title=" ".join(rng.choices(words, k=4)).capitalize(),
                created_at=start + c * 3600,
                updated_at=start + c * 3600 + per,
                current_leaf_id=parent,
            )
            conn.execute(_UPSERT, conversation_values(conv))
            conn.executemany(INSERT_MESSAGE, [message_values(m) for m in msgs])
    store.close()
    done.write_text(f"generated in {time.perf_counter() - t0:.1f} s\n")
    print(f"generated large profile in {time.perf_counter() - t0:.1f} s: {base}", file=sys.stderr)
    return base


def run(quick: bool = False, repeats: int | None = None, *, smoke: bool = False) -> list[Row]:
    """``smoke``: one start of each at a tiny profile (seconds; the figures mean nothing)."""
    repeats = repeats or (1 if smoke else 2 if quick else REPEATS)
    root = Path(__file__).resolve().parent.parent
    conversations, per = (20, 4) if smoke else (LARGE_CONVERSATIONS, LARGE_MESSAGES_PER)
    settle = 0.1 if smoke else SETTLE_S
    tmp = Path(tempfile.mkdtemp(prefix="bench-startup-"))
    big = large_profile(conversations, per, tmp / "cache" if smoke else RESULTS)
    empty_dir = tmp / "empty"
    big_dir = tmp / "large"
    shutil.copytree(big, big_dir)
    floor_py = tmp / "floor.py"
    floor_py.write_text(FLOOR)
    env = {
        "AFARENSIS_API_KEY": "sk-bench",
        "AFARENSIS_BASE_URL": "http://127.0.0.1:9/v1",
        "AFARENSIS_MODEL": "bench-model",
        "PYTHONPATH": str(root),
        "PYTHONPYCACHEPREFIX": str(tmp / "pycache" if smoke else PYCACHE),
    }
    py = sys.executable
    xvfb, display = start_xvfb()
    results: dict[str, list[dict[str, float]]] = {"floor": [], "empty": [], "large": []}
    try:
        watcher = XWatcher(display)
        programs = {
            "floor": ([py, str(floor_py)], FLOOR_TITLE),
            "empty": ([py, "-m", "desktop_app", "--data-dir", str(empty_dir)], APP_TITLE),
            "large": ([py, "-m", "desktop_app", "--data-dir", str(big_dir)], APP_TITLE),
        }
        # One untimed start of each warms the page cache and creates the empty profile.
        for cmd, title in [] if smoke else programs.values():
            launch(cmd, title, display, watcher, env)
        for _ in range(repeats):  # interleaved so drift hits all three alike
            for name, (cmd, title) in programs.items():
                results[name].append(launch(cmd, title, display, watcher, env, settle))
    finally:
        xvfb.terminate()
        xvfb.wait()
        shutil.rmtree(tmp, ignore_errors=True)
    med = {n: {k: median([r[k] for r in rs]) for k in rs[0]} for n, rs in results.items()}
    cpu_show = {n: [r["cpu_show_call_ms"] for r in rs] for n, rs in results.items()}
    print(f"startup medians over {repeats} runs: {med}", file=sys.stderr)
    f, e, g = med["floor"], med["empty"], med["large"]
    messages = conversations * per
    big_label = f"{conversations / 1000:g}k conv/{messages / 1000:g}k msg"
    return [
        row(
            "start → window shown, empty profile (vs floor)",
            e["shown_ms"],
            f["shown_ms"],
            goal="<= 1.5x",
            met=e["shown_ms"] <= 1.5 * f["shown_ms"],
            unit="ms",
            digits=0,
        ),
        row(
            "start → window shown, empty profile: process CPU at map (vs floor)",
            e["cpu_shown_ms"],
            f["cpu_shown_ms"],
            goal="<= 1.5x",
            met=e["cpu_shown_ms"] <= 1.5 * f["cpu_shown_ms"],
            unit="ms",
            digits=0,
            note="read from /proc on MapNotify (late by the bench's wake-up)",
        ),
        row(
            "start → show(), empty profile: process CPU, own log (vs floor)",
            e["cpu_show_call_ms"],
            f["cpu_show_call_ms"],
            goal="<= 1.5x",
            met=e["cpu_show_call_ms"] <= 1.5 * f["cpu_show_call_ms"],
            unit="ms",
            digits=0,
            note=f"ours {spread(cpu_show['empty'], 0)}; floor {spread(cpu_show['floor'], 0)}",
        ),
        row(
            "start → first paint, empty profile (vs floor)",
            e["painted_ms"],
            f["painted_ms"],
            goal="<= 1.5x",
            met=e["painted_ms"] <= 1.5 * f["painted_ms"],
            unit="ms",
            digits=0,
        ),
        row(
            "peak RSS, empty profile (vs floor)",
            e["peak_rss_mb"],
            f["peak_rss_mb"],
            goal="<= 1.3x",
            met=e["peak_rss_mb"] <= 1.3 * f["peak_rss_mb"],
            unit="MB",
        ),
        row(
            f"start → window shown, {big_label} (vs empty)",
            g["shown_ms"],
            e["shown_ms"],
            goal="<= 1.1x",
            met=g["shown_ms"] <= 1.1 * e["shown_ms"],
            unit="ms",
            digits=0,
        ),
        row(
            f"start → window shown, {big_label}: process CPU (vs empty)",
            g["cpu_shown_ms"],
            e["cpu_shown_ms"],
            goal="<= 1.1x",
            met=g["cpu_shown_ms"] <= 1.1 * e["cpu_shown_ms"],
            unit="ms",
            digits=0,
        ),
        row(
            f"start → first paint incl. sidebar page, {big_label} (vs empty)",
            g["painted_ms"],
            e["painted_ms"],
            goal="<= 1.1x",
            met=g["painted_ms"] <= 1.1 * e["painted_ms"],
            unit="ms",
            digits=0,
        ),
        row(
            f"peak RSS, {big_label} (vs empty)",
            g["peak_rss_mb"],
            e["peak_rss_mb"],
            goal="<= 1.1x",
            met=g["peak_rss_mb"] <= 1.1 * e["peak_rss_mb"],
            unit="MB",
        ),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.startup")
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--smoke", action="store_true", help="tiny sizes, only checks it runs")
    parser.add_argument("--repeats", type=int, default=None)
    args = parser.parse_args()
    print_table(run(quick=args.quick, repeats=args.repeats, smoke=args.smoke))


if __name__ == "__main__":
    main()
