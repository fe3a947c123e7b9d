"""One scripted streamed reply through a built app, on Linux, Windows or macOS.

The CI workflow (.github/workflows/ci.yml) runs this after the frozen build's
self-check on each OS::

    python -m tests.packaging.streamed_reply dist/afarensis-chat/afarensis-chat

It starts the scripted server (``tests.fakeserver``) on 127.0.0.1, starts the
app with its own data folder, waits for "window shown" in the app's log,
types a message with the OS's own keystroke tool (xdotool; WScript.Shell's
SendKeys; System Events), waits for the streamed reply in the history
database and checks it word for word, then quits with the quit shortcut and
expects exit status 0. Everything the app logged is printed on failure.
"""

from __future__ import annotations

import argparse
import os
import re
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from tests.fakeserver.harness import FakeServer
from tests.fakeserver.replies import parse_script, reply_text

MESSAGE = "hello [long:40] [slow:20]"  # 40 tokens, 20 ms apart: a visibly streamed reply
T = TypeVar("T")

# SendKeys gives these characters a meaning; in braces they are typed as they are.
_SENDKEYS_SPECIAL = re.compile(r"([+^%~(){}\[\]])")


def sendkeys_text(text: str) -> str:
    """``text`` as WScript.Shell's SendKeys types it literally."""
    return _SENDKEYS_SPECIAL.sub(r"{\1}", text)


def _applescript_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def keystrokes(
    platform: str, pid: int, text: str | None, *, quit_app: bool = False
) -> list[list[str]]:
    """The commands that bring window ``pid`` forward and type ``text`` + Enter (or quit)."""
    if platform == "win32":
        keys = "^q" if quit_app else sendkeys_text(text or "") + "{ENTER}"
        script = (
            "$s = New-Object -ComObject WScript.Shell; "
            f"for ($i = 0; $i -lt 50 -and -not $s.AppActivate({pid}); $i++) "
            "{ Start-Sleep -Milliseconds 100 }; "
            f"$s.SendKeys('{keys}')"
        )
        return [["powershell", "-NoProfile", "-NonInteractive", "-Command", script]]
    if platform == "darwin":
        events = 'tell application "System Events"'
        front = f"{events} to set frontmost of (first process whose unix id is {pid}) to true"
        if quit_app:
            typing = [f'{events} to keystroke "q" using command down']
        else:
            typing = [f"{events} to keystroke {_applescript_string(text or '')}"]
            typing.append(f"{events} to key code 36")  # Return
        return [["osascript", *(arg for line in (front, *typing) for arg in ("-e", line))]]
    window = ["xdotool", "search", "--sync", "--onlyvisible", "--pid", str(pid)]
    focus = [*window, "--name", "^Afarensis Chat", "windowfocus", "--sync"]  # no WM needed
    if quit_app:
        return [[*focus, "key", "--clearmodifiers", "ctrl+q"]]
    # `type` takes every later argument as text, so Return is a command of its own.
    return [[*focus, "type", "--delay", "20", text or ""], ["xdotool", "key", "Return"]]


def wait_until(probe: Callable[[], T | None], what: str, timeout: float) -> T:
    deadline = time.monotonic() + timeout
    while True:
        value = probe()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(0.1)


def newest_reply(database: Path) -> tuple[str, str] | None:
    """(content, status) of the newest assistant message, read-only."""
    if not database.exists():
        return None
    try:
        conn = sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=1)
        try:
            row = conn.execute(
                "SELECT content, status FROM messages WHERE role = 'assistant' "
                "ORDER BY seq DESC LIMIT 1"
            ).fetchone()
        finally:
            conn.close()
    except sqlite3.Error:  # created but not migrated yet
        return None
    return (row[0] or "", row[1]) if row else None


def run(command: list[str], workdir: Path) -> None:
    data = workdir / "data"
    log_path = workdir / "app.log"
    with FakeServer() as server:
        env = {
            **os.environ,
            "AFARENSIS_API_KEY": "sk-streamed-reply",
            "AFARENSIS_BASE_URL": server.base_url,
            "AFARENSIS_MODEL": "fake-model",
            "PYTHONPATH": "",
        }
        env.pop("QT_QPA_PLATFORM", None)  # the real window, not offscreen
        with log_path.open("wb") as log:
            app = subprocess.Popen(
                [*command, "--data-dir", str(data)],
                cwd=workdir,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        try:

            def shown() -> bool:
                if app.poll() is not None:
                    raise AssertionError(f"the app exited with {app.returncode}")
                return "window shown after" in log_path.read_text(errors="replace")

            wait_until(shown, "the window", 60)
            for step in keystrokes(sys.platform, app.pid, MESSAGE):
                subprocess.run(step, check=True, timeout=60)
            body = {"messages": [{"role": "user", "content": MESSAGE}]}
            expected = reply_text(parse_script(body), 0)
            database = data / "history.sqlite3"

            def complete() -> str | None:
                reply = newest_reply(database)
                return reply[0] if reply is not None and reply[1] == "complete" else None

            content = wait_until(complete, "the streamed reply", 60)
            assert content == expected, f"reply {content!r}, expected {expected!r}"
            chats = [r for r in server.requests() if r["path"] == "/v1/chat/completions"]
            assert len(chats) == 1 and chats[0]["body"]["stream"] is True, chats
            for step in keystrokes(sys.platform, app.pid, None, quit_app=True):
                subprocess.run(step, check=True, timeout=60)
            assert app.wait(60) == 0, f"the app exited with {app.returncode} after quit"
        except BaseException:
            print(log_path.read_text(errors="replace"), file=sys.stderr)
            raise
        finally:
            if app.poll() is None:
                app.kill()
                app.wait(10)
    print(f"streamed reply: {len(expected)} characters, word for word; the app quit cleanly")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("command", nargs=argparse.REMAINDER, help="the app, with arguments")
    args = parser.parse_args(argv)
    program = Path(args.command[0])
    command = [str(program.absolute()) if program.exists() else str(program), *args.command[1:]]
    with tempfile.TemporaryDirectory(prefix="streamed-reply-") as workdir:
        run(command, Path(workdir))  # the app runs in workdir, away from the checkout
    return 0


if __name__ == "__main__":
    sys.exit(main())
