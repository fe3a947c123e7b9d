"""Settings → Apply and the welcome form return while the keyring still blocks.

The key is typed, the window goes on (the next request already uses the
key), and the keyring gets it once it answers: the real dialog and presenter
over ``SecretWrites`` and the real ``KeyringSecretStore``, with a keyring
whose writes wait for the test (a locked collection, a Keychain prompt).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop_app.core.settings import Settings
from desktop_app.services.secret_writes import SecretWrites
from desktop_app.services.settings_service import SettingsService
from desktop_app.store.conversations import SqliteConversationStore
from desktop_app.store.secrets import SERVICE_NAME, KeyringSecretStore
from desktop_app.ui.settings_dialog import SettingsDialog
from tests.gui.app_harness import build_app
from tests.gui.test_chat_controller import _wait
from tests.unit.services.test_secret_writes import BlockingKeyring, Notes


def _writes(backend: BlockingKeyring) -> SecretWrites:
    return SecretWrites(KeyringSecretStore(backend), Notes())


def _in_loop(loop: asyncio.AbstractEventLoop, action: Callable[[], object]) -> None:
    """Run a click the way Qt delivers it in the app: inside the running loop."""

    async def press() -> None:
        action()

    loop.run_until_complete(press())


def test_settings_apply_returns_while_the_keyring_blocks(
    qtbot: QtBot, loop: asyncio.AbstractEventLoop
) -> None:
    backend = BlockingKeyring()
    writes = _writes(backend)

    async def no_test(profile: object, key: object) -> list[str]:
        return []

    service = SettingsService(Settings, lambda s: None, writes, no_test, env={})
    service.preload_keys()
    service.apply_stored_secrets()
    dialog = SettingsDialog(service)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.profiles.form.key, "sk-applied")
    dialog.profiles.form.headers.setPlainText("api-key: azure-applied")
    applied: list[bool] = []
    try:
        _in_loop(loop, lambda: applied.append(dialog.apply()))
        assert applied == [True] and backend.saved == {}  # nothing stored yet, nobody waited
        profile = service.settings.active_profile
        assert service.api_key(profile.id) == "sk-applied"  # the next request has it
        assert dict(profile.extra_headers)["api-key"] == "azure-applied"
    finally:
        backend.release.set()
    _wait(loop, lambda: writes.pending == 0)
    stored = set(backend.saved.values())
    assert {"sk-applied", "azure-applied"} <= stored


def test_the_welcome_form_starts_while_the_keyring_blocks(
    qtbot: QtBot, loop: asyncio.AbstractEventLoop, store: SqliteConversationStore
) -> None:
    backend = BlockingKeyring()
    writes = _writes(backend)
    app = build_app(store, loop, secrets=writes)
    qtbot.addWidget(app.window)
    app.window.show_welcome(True)
    welcome = app.window.welcome
    welcome.base_url.setText("http://127.0.0.1:8081/v1")
    welcome.model.setText("m")
    welcome.key.setText("sk-welcome")
    try:
        _in_loop(loop, welcome.start.click)
        QApplication.processEvents()
        settings = app.presenter.settings
        assert not welcome.isVisible() and backend.saved == {}
        assert settings.api_key(settings.settings.active_profile.id) == "sk-welcome"
    finally:
        backend.release.set()
    _wait(loop, lambda: writes.pending == 0)
    assert (SERVICE_NAME, settings.settings.active_profile.id) in backend.saved
