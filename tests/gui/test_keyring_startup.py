"""No keyring call before or while the window shows: a locked keyring blocks its caller.

The real composition root (``Foundation.open``, ``paint_window``, the first
frame, ``GuiSession.wire``) and the start-up of ``app/session.py``, over a
profile with a secret header and a proxy password, with a keyring that
blocks every call until the test lets it go (a locked collection waiting for
its password). Nothing may touch it on the UI thread; once the worker
thread has read it, the secrets are in the profile and in the HTTP client's
configuration.
"""

from __future__ import annotations

import asyncio
import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend
from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QApplication

from desktop_app.app.container import Foundation, paint_window
from desktop_app.app.first_frame import show_first_frame
from desktop_app.app.lazy_backend import current_client_config
from desktop_app.app.paths import AppPaths, resolve_paths
from desktop_app.app.session import GuiSession
from desktop_app.core.settings import Profile, Settings
from desktop_app.core.tools import ServerConfig
from desktop_app.services.profile_secrets import header_entry, proxy_entry
from desktop_app.store.secrets import SERVICE_NAME
from desktop_app.store.settings_file import save_settings
from desktop_app.store.tool_config import TOOLS_NAME, ToolConfigFile
from tests.gui.test_chat_controller import _wait
from tests.gui.test_composition_root import app_look  # noqa: F401 - a fixture


class LockedUntilReleased(KeyringBackend):
    """Every call waits for ``release``; records the thread that made it."""

    #: keyring registers every backend class it sees: below ``fail`` (0), this
    #: one is never what discovery picks for another test of the same run.
    priority = -1

    def __init__(self) -> None:
        super().__init__()
        self.release = threading.Event()
        self.callers: list[str] = []
        self.saved: dict[tuple[str, str], str] = {}

    def _wait(self) -> None:
        self.callers.append(threading.current_thread().name)
        assert self.release.wait(10), "the keyring was never released"

    def get_password(self, service: str, username: str) -> str | None:
        self._wait()
        return self.saved.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self._wait()
        self.saved[(service, username)] = password


@pytest.fixture
def locked_keyring() -> Iterator[LockedUntilReleased]:
    previous = keyring.get_keyring()
    backend = LockedUntilReleased()
    keyring.set_keyring(backend)
    try:
        yield backend
    finally:
        backend.release.set()
        keyring.set_keyring(previous)
        # Free the test's window here, on the UI thread: a collection that a
        # worker thread's allocation triggers later would destroy Qt objects there.
        gc.collect()


@contextmanager
def started(
    app: QApplication,
    loop: asyncio.AbstractEventLoop,
    paths: AppPaths,
    env: dict[str, str],
    keyring_backend: LockedUntilReleased,
) -> Iterator[GuiSession]:
    """``run_gui``'s steps up to a wired window; closed again (keyring released) after."""
    foundation = Foundation.open(paths, env=env)
    shell = paint_window(foundation, app)
    show_first_frame(app, shell, foundation)
    session = GuiSession.wire(app, foundation, shell)
    try:
        yield session
    finally:
        keyring_backend.release.set()
        session.w.main.hide()
        loop.run_until_complete(session.c.close())
        session.w.main.deleteLater()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)


def test_start_up_reads_profile_secrets_only_on_a_worker_thread(
    app_look: QApplication,  # noqa: F811 - the fixture
    loop: asyncio.AbstractEventLoop,
    tmp_path: Path,
    locked_keyring: LockedUntilReleased,
) -> None:
    paths = resolve_paths(tmp_path / "data", environ={})
    paths.ensure()
    profile = Profile(
        id="azure",
        name="Azure",
        base_url="http://127.0.0.1:9/v1",  # nothing listens: the models fail fast
        default_model="m",
        extra_headers=(("api-key", ""), ("X-Team", "blue")),
        proxy="http://me@127.0.0.1:9",
    )
    save_settings(
        paths.settings_file,
        replace(Settings(), language="en", profiles=(profile,), active_profile_id="azure"),
    )
    saved = locked_keyring.saved
    saved[(SERVICE_NAME, "azure")] = "sk-stored"
    saved[(SERVICE_NAME, header_entry("azure", "api-key"))] = "azure-secret"
    saved[(SERVICE_NAME, proxy_entry("azure"))] = "pw"

    with started(app_look, loop, paths, {}, locked_keyring) as session:
        window, container = session.w, session.c
        assert locked_keyring.callers == []  # opening, painting and wiring never asked it
        loop.run_until_complete(session.startup())  # returns with the keyring still locked
        assert window.main.isVisible()
        headers = dict(container.settings.settings.active_profile.extra_headers)
        assert headers["api-key"] == ""  # not read yet, and nobody waited for it

        locked_keyring.release.set()  # the user unlocked the collection
        _wait(loop, lambda: not container.tasks.is_running("keyring"))
        assert locked_keyring.callers and "MainThread" not in locked_keyring.callers
        config = current_client_config(container.settings)
        assert config.extra_headers["api-key"] == "azure-secret"
        assert config.api_key == "sk-stored" and config.proxy == "http://me:pw@127.0.0.1:9"
        assert "MainThread" not in locked_keyring.callers  # the config came from memory
        # The work after the first paint has run (the models were asked for), so
        # no timer of this start-up fires during another test.
        _wait(loop, lambda: bool(window.main.status.text()))
        assert "MainThread" not in locked_keyring.callers


def test_a_tool_servers_secrets_and_consent_are_read_at_start_up_off_the_ui_thread(
    app_look: QApplication,  # noqa: F811 - the fixture
    loop: asyncio.AbstractEventLoop,
    tmp_path: Path,
    locked_keyring: LockedUntilReleased,
) -> None:
    """A server's first start (its env and consent) must not wait on a locked keyring."""
    paths = resolve_paths(tmp_path / "data", environ={})
    paths.ensure()
    save_settings(paths.settings_file, replace(Settings(), language="en"))
    server = ServerConfig("notes", command="notes-server", env=(("NOTES_TOKEN", None),))
    ToolConfigFile(paths.config_dir / TOOLS_NAME).save_servers([server])
    locked_keyring.saved[(SERVICE_NAME, "mcp:notes:env:NOTES_TOKEN")] = "tok-123"

    with started(app_look, loop, paths, {"AFARENSIS_API_KEY": "sk-env"}, locked_keyring) as session:
        window, container = session.w, session.c
        loop.run_until_complete(session.startup())
        locked_keyring.release.set()
        _wait(loop, lambda: not container.tasks.is_running("keyring"))
        _wait(loop, lambda: bool(window.main.status.text()))  # the deferred work ran
        before = len(locked_keyring.callers)
        assert before and "MainThread" not in locked_keyring.callers
        locked_keyring.release.clear()  # locked again: a read now would block the test
        config = container.tools.server("notes")
        assert config is not None
        assert container.tools.launch_spec(config).env == {"NOTES_TOKEN": "tok-123"}
        assert container.tools.needs_consent(config)  # never allowed: it asks the user
        assert len(locked_keyring.callers) == before  # all of it came from memory


def test_a_request_made_while_the_keyring_is_read_waits_for_that_read(
    app_look: QApplication,  # noqa: F811 - the fixture
    loop: asyncio.AbstractEventLoop,
    tmp_path: Path,
    locked_keyring: LockedUntilReleased,
) -> None:
    """Sent in the first moments, before start-up's read returns: no keyring call on the UI."""
    paths = resolve_paths(tmp_path / "data", environ={})
    paths.ensure()
    profile = Profile(
        id="p", name="P", base_url="http://127.0.0.1:9/v1", default_model="m"
    )  # nothing listens: the request fails fast once it goes
    save_settings(
        paths.settings_file,
        replace(Settings(), language="en", profiles=(profile,), active_profile_id="p"),
    )
    locked_keyring.saved[(SERVICE_NAME, "p")] = "sk-stored"
    with started(app_look, loop, paths, {}, locked_keyring) as session:
        window, container = session.w, session.c
        loop.run_until_complete(session.startup())
        early = loop.create_task(container.backend.list_models())  # as an early send would
        _wait(loop, lambda: bool(locked_keyring.callers))  # start-up's read is under way
        assert not early.done()  # the request waits for it ...
        assert "MainThread" not in locked_keyring.callers  # ... instead of reading itself
        locked_keyring.release.set()
        _wait(loop, early.done)
        assert "MainThread" not in locked_keyring.callers
        assert current_client_config(container.settings).api_key == "sk-stored"
        early.exception()  # refused by 127.0.0.1:9, as expected; retrieved
        _wait(loop, lambda: bool(window.main.status.text()))  # the deferred work ran
