"""The frozen bundle on a real X server: one streamed reply from the scripted server.

The executable from the packaging session build runs on the e2e harness's
Xvfb + private D-Bus + gnome-keyring, against ``tests.fakeserver``; keys are
typed with xdotool, the reply is read back from the history database, and
Ctrl+Q must end the process cleanly. Screenshot and logs land in
test-artifacts/e2e/<test>/.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e import conftest as e2e_fixtures
from tests.e2e.harness import App, Desktop
from tests.fakeserver.harness import FakeServer
from tests.fakeserver.replies import parse_script, reply_text
from tests.packaging.conftest import ROOT, LinuxBuild

pytestmark = [pytest.mark.slow]  # the build is made before the tests start (conftest)

MESSAGE = "hello [long:40] [slow:20]"  # 40 tokens, 20 ms apart: a visibly streamed reply
QUIT_TIMEOUT_S = 30.0  # catches a hang at exit; how fast it quits is printed, not judged


# The e2e suite's fixtures: `desktop` (session: Xvfb + private D-Bus + unlocked
# gnome-keyring; skipped with an install hint when a tool is missing, failed under
# CI=true), `artifacts` (test-artifacts/e2e/<test>/) and `server` (the scripted fake
# server, logging to artifacts/server-1.jsonl, killed at teardown).
desktop = e2e_fixtures.desktop
artifacts = e2e_fixtures.artifacts
make_server = e2e_fixtures.make_server
server = e2e_fixtures.server


@pytest.fixture
def frozen_app(
    linux_build: LinuxBuild,
    desktop: Desktop,
    server: FakeServer,
    artifacts: Path,
    tmp_path: Path,
) -> Iterator[App]:
    """The bundle's executable (not started), its own data dir, run from outside the repo."""
    env = {
        "AFARENSIS_API_KEY": "sk-frozen-gui-key",
        "AFARENSIS_BASE_URL": server.base_url,
        "AFARENSIS_MODEL": "fake-model",
        "PYTHONPATH": "",  # nothing from the source tree
    }
    app = App(
        desktop,
        tmp_path / "data",
        artifacts,
        env,
        command=[str(linux_build.executable)],
        cwd=tmp_path,
    )
    try:
        yield app
    finally:
        if app.proc is not None and app.proc.poll() is None:  # the test did not get to Ctrl+Q
            app.screenshot("zz-at-failure")
        app.stop()


def mapped_files(pid: int) -> set[str]:
    """Files the process has mapped: its interpreter, extension modules, Qt libraries."""
    fields = (line.split(maxsplit=5) for line in Path(f"/proc/{pid}/maps").read_text().splitlines())
    return {f[5] for f in fields if len(f) == 6 and f[5].startswith("/")}


def alive(app: App) -> bool:
    """Fail at once, with its log, if the app died (rather than time out on the database)."""
    assert app.proc is not None
    if app.proc.poll() is not None:
        raise AssertionError(f"the frozen app exited with {app.proc.returncode}:\n{app.log()}")
    return True


def test_frozen_app_streams_a_reply_and_quits(
    frozen_app: App, server: FakeServer, linux_build: LinuxBuild
) -> None:
    app = frozen_app.start()
    assert app.proc is not None
    # It is the bundle that runs: Python and Qt come from _internal/, nothing from the venv.
    mapped = mapped_files(app.proc.pid)
    internal = str(linux_build.bundle / "_internal") + os.sep
    assert any("libpython" in p and p.startswith(internal) for p in mapped), sorted(mapped)
    assert any("libQt6Widgets" in p and p.startswith(internal) for p in mapped)
    assert not [p for p in mapped if p.startswith(str(ROOT / ".venv"))]

    expected = reply_text(parse_script({"messages": [{"role": "user", "content": MESSAGE}]}), 0)
    before = app.frame()
    app.send(MESSAGE)
    reply = app.wait_reply(lambda m: alive(app) and m["status"] == "complete", "the reply", 30)
    assert reply["content"] == expected
    assert reply["finish_reason"] == "stop"
    app.wait_painted(before, "the reply on screen")
    app.screenshot("01-streamed-reply")

    chat = [r for r in server.requests() if r["path"] == "/v1/chat/completions"]
    assert [r["method"] for r in chat] == ["POST"]
    body = chat[0]["body"]
    assert body["stream"] is True and body["model"] == "fake-model"
    assert body["messages"][-1] == {"role": "user", "content": MESSAGE}
    assert server.events("complete"), "the server did not finish streaming"

    started = time.monotonic()
    assert app.quit(timeout=QUIT_TIMEOUT_S) == 0, app.log()
    print(f"frozen app exited {time.monotonic() - started:.1f} s after Ctrl+Q")
