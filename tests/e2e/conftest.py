"""Fixtures for the end-to-end tests: one desktop per session, one app per test.

The desktop (Xvfb, D-Bus, gnome-keyring) is started right after collection by
tests/conftest.py, before any test and so outside pytest-timeout's clock, and
stopped when the session ends. Missing system packages skip these tests with
one line saying what to install, except under ``CI=true``, where a missing
piece is a failure.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import NoReturn

import pytest

from tests.e2e.harness import ARTIFACTS, INSTALL_HINT, App, Desktop, missing_tools
from tests.fakeserver.harness import FakeServer

# The session's desktop once started, or why there is none.
_session: dict[str, Desktop | str] = {}


def _unavailable(reason: str) -> NoReturn:
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason} (CI=true: a missing e2e piece is a failure)", pytrace=False)
    pytest.skip(reason)


def start_session_desktop() -> None:
    """Start the shared desktop once; a failure is remembered as its reason."""
    if "desktop" in _session:
        return
    missing = missing_tools()
    if missing:
        _session["desktop"] = f"{INSTALL_HINT}; missing: {', '.join(missing)}"
        return
    desk = Desktop(Path(tempfile.mkdtemp(prefix="afarensis-e2e-")))
    try:
        desk.start()
    except (RuntimeError, AssertionError, OSError, subprocess.TimeoutExpired) as exc:
        desk.stop()
        shutil.rmtree(desk.root, ignore_errors=True)
        _session["desktop"] = f"could not start Xvfb/D-Bus/gnome-keyring ({exc}); {INSTALL_HINT}"
        return
    _session["desktop"] = desk


def stop_session_desktop() -> None:
    desk = _session.pop("desktop", None)
    if isinstance(desk, Desktop):
        desk.stop()
        shutil.rmtree(desk.root, ignore_errors=True)


@pytest.fixture(scope="session")
def desktop() -> Desktop:
    start_session_desktop()  # already done after collection, unless run another way
    desk = _session["desktop"]
    if isinstance(desk, str):
        _unavailable(desk)
    return desk


@pytest.fixture
def artifacts(request: pytest.FixtureRequest) -> Path:
    """test-artifacts/e2e/<test>/: screenshots, app and server logs."""
    path = ARTIFACTS / request.node.name
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    return path


@pytest.fixture
def make_server(artifacts: Path) -> Iterator[Callable[..., FakeServer]]:
    started: list[FakeServer] = []

    def make(require_key: str | None = None) -> FakeServer:
        log = artifacts / f"server-{len(started) + 1}.jsonl"
        server = FakeServer(require_key=require_key, log_path=log)
        started.append(server)
        return server.start()

    yield make
    for server in started:
        server.kill()


@pytest.fixture
def server(make_server: Callable[..., FakeServer]) -> FakeServer:
    return make_server()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    """Remember each phase's outcome so teardown can photograph a failure."""
    outcome = yield
    report = outcome.get_result()  # type: ignore[attr-defined]
    setattr(item, f"report_{report.when}", report)


@pytest.fixture
def make_app(
    desktop: Desktop, artifacts: Path, tmp_path: Path, request: pytest.FixtureRequest
) -> Iterator[Callable[..., App]]:
    """Build (not start) an app with its own data and config directories."""
    apps: list[App] = []

    def make(env: dict[str, str] | None = None, data_dir: Path | None = None) -> App:
        app = App(desktop, data_dir or tmp_path / "data", artifacts, env)
        apps.append(app)
        return app

    yield make
    report = getattr(request.node, "report_call", None)
    for app in apps:
        if report is not None and report.failed and app.proc and app.proc.poll() is None:
            app.screenshot("zz-at-failure")
        app.stop()


@pytest.fixture
def keyed_app(make_app: Callable[..., App], server: FakeServer) -> Iterator[App]:
    """A started app pointed at the fake server through the environment."""
    app = make_app(
        {
            "AFARENSIS_API_KEY": "sk-e2e-env-key",
            "AFARENSIS_BASE_URL": server.base_url,
            "AFARENSIS_MODEL": "fake-model",
        }
    )
    yield app.start()
