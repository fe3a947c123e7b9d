"""The main window: sidebar and chat area in a splitter, plus shortcuts.

It only lays widgets out and routes user intent; conversations, turns and
settings are handled by the controller and services it is given.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QByteArray, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QResizeEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_app import APP_NAME
from desktop_app.core.conversation import UNTITLED
from desktop_app.core.keymap import keys_for
from desktop_app.ui.chat_view import ChatView
from desktop_app.ui.composer import Composer
from desktop_app.ui.conversations_model import ConversationsModel
from desktop_app.ui.elided_label import ElidedLabel
from desktop_app.ui.icons import icon
from desktop_app.ui.notices import NoticeBar
from desktop_app.ui.sidebar import Sidebar
from desktop_app.ui.welcome import WelcomePanel

MIN_TITLE_PX = 120
#: Below this header width the settings button shows only its icon.
COMPACT_HEADER_PX = 720


class ChatHeader(QWidget):
    """Title, model picker (free text allowed) and the chat-settings button.

    Signals:
        model_chosen(str): the user picked or typed a model.
        settings_clicked: open this conversation's settings.
    """

    model_chosen = Signal(str)
    settings_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ChatHeader")
        # A long title must not squeeze the sidebar or run under the model
        # box: it ends in "…" (plain text: titles come from imports too).
        self.title = ElidedLabel(self)
        self.title.setObjectName("ChatTitle")
        self.title.setText(self.tr("New chat"))
        self.title.setMinimumWidth(MIN_TITLE_PX)
        self.model = QComboBox(self)
        self.model.setEditable(True)
        self.model.setMinimumWidth(140)
        self.model.setMaximumWidth(320)
        self.model.setAccessibleName(self.tr("Model"))
        self.model.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self._settings_text = self.tr("System prompt && parameters")
        self.settings_button = QPushButton(self._settings_text, self)
        self.settings_button.setAccessibleName(self.tr("Conversation settings"))
        self.settings_button.setToolTip(self.tr("Conversation settings"))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(16, 8, 16, 4)
        layout.addWidget(self.title, 1)
        layout.addWidget(self.model)
        layout.addWidget(self.settings_button)
        self.model.activated.connect(lambda _: self.model_chosen.emit(self.model.currentText()))
        line = self.model.lineEdit()
        if line is not None:
            line.editingFinished.connect(lambda: self.model_chosen.emit(self.model.currentText()))
        self.settings_button.clicked.connect(self.settings_clicked)

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Narrow windows keep the title: the settings button drops its words."""
        super().resizeEvent(event)
        compact = event.size().width() < COMPACT_HEADER_PX
        self.settings_button.setText("" if compact else self._settings_text)

    def set_models(self, models: list[str]) -> None:
        current = self.model.currentText()
        self.model.blockSignals(True)
        self.model.clear()
        self.model.addItems(models)
        self.model.setEditText(current)
        self.model.blockSignals(False)

    def set_model(self, model: str) -> None:
        self.model.blockSignals(True)
        self.model.setEditText(model)
        self.model.blockSignals(False)


class MainWindow(QMainWindow):
    """Sidebar | (header, welcome-or-chat, notice, composer, status).

    Signals:
        quit_requested: Ctrl+Q or closing the window (the app shuts down in order).
        settings_requested: Ctrl+, or a notice's "Open Settings".
        new_chat_requested, copy_last_requested, stop_requested,
        previous_requested, next_requested: keyboard shortcuts.
    """

    quit_requested = Signal()
    settings_requested = Signal()
    new_chat_requested = Signal()
    copy_last_requested = Signal()
    stop_requested = Signal()
    previous_requested = Signal()
    next_requested = Signal()

    def __init__(self, model: ConversationsModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(APP_NAME)
        self.setObjectName("MainWindow")
        self.resize(1100, 720)
        self.sidebar = Sidebar(model, self)
        self.header = ChatHeader(self)
        self.chat_view = ChatView(self)
        self.welcome = WelcomePanel(self)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.chat_view)
        self.stack.addWidget(self.welcome)
        self.notices = NoticeBar(self)
        self.composer = Composer(self)
        # A long status (an offline error) must not widen the chat area and
        # squeeze the sidebar; it ends in "…", and the tooltip has it all.
        self.status = ElidedLabel(self)
        self.status.setObjectName("StatusLine")
        self.status.setAccessibleName(self.tr("Status"))
        chat = QWidget(self)
        chat.setObjectName("ChatArea")
        column = QVBoxLayout(chat)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.header)
        column.addWidget(self.stack, 1)
        column.addWidget(self.notices)
        column.addWidget(self.composer)
        column.addWidget(self.status)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(self.sidebar)
        self.splitter.addWidget(chat)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([280, 820])
        self.setCentralWidget(self.splitter)
        self._search_action: QAction | None = None
        self._add_shortcuts()
        self.sidebar.settings_requested.connect(self.settings_requested)
        if sys.platform == "darwin":
            self._add_mac_menu()
        self.setTabOrder(self.composer.edit, self.composer.button)
        self.setTabOrder(self.composer.button, self.sidebar.search)

    # ---------------------------------------------------------------- API

    def show_welcome(self, on: bool) -> None:
        self.stack.setCurrentWidget(self.welcome if on else self.chat_view)
        self.composer.setVisible(not on)
        self.header.setVisible(not on)
        if on:
            self.welcome.key.setFocus()
        else:
            self.composer.focus()

    def apply_icons(self, dark: bool) -> None:
        """Theme-coloured SVG icons; called at start and when the theme flips."""
        self.sidebar.new_button.setIcon(icon("new-chat", dark))
        self.sidebar.trash_button.setIcon(icon("trash", dark))
        self.sidebar.empty_button.setIcon(icon("delete", dark))
        self.sidebar.settings_button.setIcon(icon("settings", dark))
        self.header.settings_button.setIcon(icon("settings", dark))
        self.chat_view.set_dark(dark)
        self.composer.set_icons(dark)
        if self._search_action is not None:
            self.sidebar.search.removeAction(self._search_action)
        self._search_action = self.sidebar.search.addAction(
            icon("search", dark), QLineEdit.ActionPosition.LeadingPosition
        )

    def set_conversation_title(self, title: str) -> None:
        if title == UNTITLED:  # the stored placeholder, shown in the user's language
            title = self.tr("New chat")
        self.header.title.setText(title)
        self.setWindowTitle(f"{APP_NAME} — {title}" if title else APP_NAME)

    def restore_state(self, geometry: QByteArray | None, splitter: QByteArray | None) -> None:
        if geometry:
            self.restoreGeometry(geometry)
        if splitter:
            self.splitter.restoreState(splitter)

    # ------------------------------------------------------------ internals

    def _shortcut(self, keys: list[QKeySequence], signal: object, name: str) -> QAction:
        """One action per intent; duplicate sequences are dropped, because Qt
        treats the same key bound twice as ambiguous and then fires neither
        (StandardKey.Quit already is Ctrl+Q on Linux)."""
        unique: list[QKeySequence] = []
        for key in keys:
            if not key.isEmpty() and all(key != seen for seen in unique):
                unique.append(key)
        action = QAction(name, self)
        action.setShortcuts(unique)
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(signal)
        self.addAction(action)
        return action

    def _add_shortcuts(self) -> None:
        std = QKeySequence.StandardKey
        # StandardKey.Quit is empty on Windows, so Ctrl+Q is added explicitly.
        self._shortcut(
            [QKeySequence(std.Quit), QKeySequence("Ctrl+Q")], self.quit_requested, self.tr("Quit")
        )
        self._shortcut([QKeySequence(std.New)], self.new_chat_requested, self.tr("New chat"))
        self._shortcut(
            [QKeySequence(std.Find), *(QKeySequence(k) for k in keys_for("search"))],
            self._focus_search,
            self.tr("Search"),
        )
        self._shortcut([QKeySequence("Ctrl+L")], self.composer.focus, self.tr("Focus composer"))
        self._shortcut(
            [QKeySequence(std.Preferences), QKeySequence("Ctrl+,")],
            self.settings_requested,
            self.tr("Settings"),
        )
        self._shortcut(
            [QKeySequence("Ctrl+Shift+C")], self.copy_last_requested, self.tr("Copy last reply")
        )
        self._shortcut(
            [QKeySequence(k) for k in keys_for("previous")],
            self.previous_requested,
            self.tr("Previous conversation"),
        )
        self._shortcut(
            [QKeySequence(k) for k in keys_for("next")],
            self.next_requested,
            self.tr("Next conversation"),
        )
        self._shortcut([QKeySequence(Qt.Key.Key_Escape)], self.stop_requested, self.tr("Stop"))

    def _add_mac_menu(self) -> None:
        """Preferences… and Quit where macOS users look: the application menu.

        Qt moves actions with these roles into the app menu; on other
        platforms there is no menu bar, the gear button is the entry.
        """
        menu = self.menuBar().addMenu(self.tr("File"))
        preferences = menu.addAction(self.tr("Preferences…"))
        preferences.setMenuRole(QAction.MenuRole.PreferencesRole)
        preferences.triggered.connect(self.settings_requested)
        quit_action = menu.addAction(self.tr("Quit"))
        quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        quit_action.triggered.connect(self.quit_requested)

    def _focus_search(self) -> None:
        self.sidebar.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.sidebar.search.selectAll()

    def closeEvent(self, event: QCloseEvent) -> None:
        """Closing the window quits in order (turns saved first), not abruptly."""
        event.ignore()
        self.quit_requested.emit()
