"""The composer's "Tools" button: which tool servers the open chat offers the model.

A server is on everywhere (Settings → Tools) or only in some chats; this
menu is where a user turns one on or off for the chat in front of them,
without leaving it. It only reads and writes ``ToolService``'s switches:
nothing starts here (consent is asked on the next message, as always). The
button is hidden while no server is configured, so a user without tools
never meets it.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QMenu, QToolButton, QWidget, QWidgetAction

from desktop_app.core.tools import ServerConfig
from desktop_app.services.tool_service import ToolService
from desktop_app.ui.chat_controller import ChatController
from desktop_app.ui.main_window import MainWindow


class ToolsSwitch(QToolButton):
    """A tool button with a checkable menu: each server, in this chat and in every chat.

    Signals:
        settings_requested: "Tool servers…" was chosen (open Settings).
    """

    settings_requested = Signal()

    def __init__(
        self,
        tools: ToolService,
        conversation_id: Callable[[], str | None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("ToolsSwitch")
        self._tools = tools
        self._conversation_id = conversation_id
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.setAutoRaise(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName(self.tr("Tool servers for this chat"))
        self.setToolTip(self.tr("Choose which tool servers this chat may use"))
        self._menu = QMenu(self)
        self._menu.setObjectName("ToolsSwitchMenu")
        self._menu.aboutToShow.connect(self._fill)
        self.setMenu(self._menu)
        self._later = QTimer(self)
        self._later.setSingleShot(True)
        self._later.setInterval(0)
        self._later.timeout.connect(self.refresh)
        self.refresh()

    # ---------------------------------------------------------------- API

    def refresh(self) -> None:
        """Show the button only when a server exists; its text counts what is on here."""
        servers = self._tools.servers()
        self.setVisible(bool(servers))
        on = sum(1 for s in servers if s.enabled_for(self._conversation_id()))
        self.setText(self.tr("Tools (%1)").replace("%1", str(on)) if on else self.tr("Tools"))
        self._fill()

    def actions_for_chat(self) -> list[QAction]:
        """The "in this chat" switches, in server order (what the menu shows)."""
        return [a for a in self._menu.actions() if a.property("scope") == "chat"]

    def actions_everywhere(self) -> list[QAction]:
        return [a for a in self._menu.actions() if a.property("scope") == "everywhere"]

    # ------------------------------------------------------------ internals

    def _fill(self) -> None:
        """Rebuild the menu from the stored switches (Settings may have changed them)."""
        menu = self._menu
        menu.clear()
        servers = self._tools.servers()
        conversation = self._conversation_id()
        self._header(self.tr("In this chat"))
        for server in servers:
            menu.addAction(self._chat_action(server, conversation))
        menu.addSeparator()
        self._header(self.tr("In every chat"))
        for server in servers:
            action = QAction(server.name, menu)
            action.setCheckable(True)
            action.setChecked(server.enabled)
            action.setProperty("scope", "everywhere")
            action.toggled.connect(partial(self._switch, server.name, None))
            menu.addAction(action)
        menu.addSeparator()
        menu.addAction(self.tr("Tool servers…")).triggered.connect(self.settings_requested)

    def _header(self, text: str) -> None:
        """A muted title over a group (``addSection`` shows no text in most styles)."""
        label = QLabel(text, self._menu)
        label.setProperty("muted", True)
        label.setContentsMargins(10, 4, 10, 2)
        header = QWidgetAction(self._menu)
        header.setDefaultWidget(label)
        header.setEnabled(False)
        self._menu.addAction(header)

    def _chat_action(self, server: ServerConfig, conversation: str | None) -> QAction:
        action = QAction(server.name, self._menu)
        action.setCheckable(True)
        action.setProperty("scope", "chat")
        action.setChecked(server.enabled_for(conversation))
        if server.enabled:
            # On everywhere: this chat cannot be the exception (turn it off below).
            action.setText(self.tr("%1 (on in every chat)").replace("%1", server.name))
            action.setEnabled(False)
        elif conversation is None:
            action.setText(self.tr("%1 (after the first message)").replace("%1", server.name))
            action.setEnabled(False)
        else:
            action.toggled.connect(partial(self._switch, server.name, conversation))
        return action

    def _switch(self, name: str, conversation: str | None, on: bool) -> None:
        self._tools.set_enabled(name, on, conversation)
        # Not now: the menu is rebuilt, and the action that called is in it.
        self._later.start()


class _Activation(QObject):
    """Refreshes the switch when the window comes back (e.g. Settings closed)."""

    def __init__(self, switch: ToolsSwitch, parent: QObject) -> None:
        super().__init__(parent)
        self._switch = switch

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.WindowActivate:
            self._switch.refresh()
        return False


def connect_tools_switch(
    window: MainWindow, controller: ChatController, tools: ToolService
) -> ToolsSwitch:
    """Put the switch beside the attach button and keep it on the open chat.

    The controller says when another chat opens (``streaming_changed`` comes
    with every open) or a new one gets its id; activation covers Settings.
    """
    switch = ToolsSwitch(tools, lambda: controller.conversation_id, window.composer)
    window.composer.add_beside_attach(switch)
    controller.streaming_changed.connect(lambda _streaming: switch.refresh())
    controller.conversation_created.connect(lambda _cid: switch.refresh())
    switch.settings_requested.connect(window.settings_requested)
    window.installEventFilter(_Activation(switch, window))
    return switch
