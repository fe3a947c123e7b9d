"""The two settings windows, each built the first time it is asked for.

Settings (Ctrl+,) is one window kept for the session, so a second request
raises it instead of opening another; a chat's settings open afresh for the
chat on screen. Both dialogs import lazily: they are not needed for the
first paint.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from desktop_app.services.history_service import HistoryService
from desktop_app.services.settings_service import SettingsService
from desktop_app.services.tool_service import ToolService

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from desktop_app.ui.chat_controller import ChatController
    from desktop_app.ui.settings_dialog import SettingsDialog


class SettingsWindows:
    """Opens Settings and a conversation's settings over ``parent``."""

    def __init__(
        self,
        history: HistoryService,
        settings: SettingsService,
        parent: QWidget,
        controller: ChatController,
        on_changed: Callable[[], None],
        *,
        tools: ToolService | None = None,
    ) -> None:
        self._history = history
        self._settings = settings
        self._parent = parent
        self._controller = controller
        self._on_changed = on_changed
        self._tools = tools
        self._dialog: SettingsDialog | None = None

    def open_settings(self) -> None:
        dialog = self._dialog
        if dialog is None:
            from desktop_app.ui.settings_dialog import SettingsDialog

            dialog = SettingsDialog(self._settings, self._parent, tools=self._tools)
            dialog.settings_changed.connect(lambda _: self._on_changed())
            self._dialog = dialog
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()

    def open_conversation_settings(self) -> None:
        from desktop_app.ui.conversation_settings import ConversationSettingsDialog

        controller = self._controller
        dialog = ConversationSettingsDialog(
            self._history,
            self._settings,
            controller.conversation_id,
            self._parent,
            pending=controller.new_chat_settings,
            keep_pending=controller.keep_new_chat_settings,
        )
        dialog.show()
