"""The message box at the bottom of the chat: type, send, stop."""

from __future__ import annotations

from PySide6.QtCore import QMimeData, QSize, Qt, Signal
from PySide6.QtGui import QColor, QKeyEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.settings import SendKey
from desktop_app.ui.attachment_chips import AttachmentTray
from desktop_app.ui.attachment_input import sources_from_mime
from desktop_app.ui.icons import icon
from desktop_app.ui.shortcut_labels import with_shortcut

MAX_VISIBLE_LINES = 8


class ComposerEdit(QPlainTextEdit):
    """A plain-text editor whose Enter sends (or Ctrl+Enter, by setting).

    Signals:
        send_pressed: the send key was pressed.
        stop_pressed: Esc was pressed.
        edit_last_pressed: Up was pressed in an empty box.
        sources_inserted(list): files or an image were pasted or dropped (plain text
            is inserted as text, as before).
    """

    send_pressed = Signal()
    stop_pressed = Signal()
    edit_last_pressed = Signal()
    sources_inserted = Signal(list)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.send_key = SendKey.ENTER
        self.setTabChangesFocus(True)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        mods = event.modifiers()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            ctrl = bool(mods & Qt.KeyboardModifier.ControlModifier)
            shift = bool(mods & Qt.KeyboardModifier.ShiftModifier)
            sends = ctrl if self.send_key is SendKey.CTRL_ENTER else not (shift or ctrl)
            if sends:
                self.send_pressed.emit()
                return
            if self.send_key is SendKey.ENTER and ctrl:
                return
            self.insertPlainText("\n")
            return
        if key == Qt.Key.Key_Escape:
            self.stop_pressed.emit()
            return
        if key == Qt.Key.Key_Up and not self.toPlainText():
            self.edit_last_pressed.emit()
            return
        super().keyPressEvent(event)

    def canInsertFromMimeData(self, source: QMimeData) -> bool:
        return source.hasImage() or source.hasUrls() or super().canInsertFromMimeData(source)

    def insertFromMimeData(self, source: QMimeData) -> None:
        """Ctrl+V / Cmd+V and drops: files and images attach, text stays text."""
        sources = sources_from_mime(source)
        if sources:
            self.sources_inserted.emit(sources)
        else:
            super().insertFromMimeData(source)


class Composer(QWidget):
    """Text box plus a Send button that turns into Stop while a reply streams.

    Signals:
        submitted(str): the user sent this (non-empty) text.
        stop_requested: the user asked to stop the streaming reply.
        edit_last_requested: Up in an empty box: edit the last user message.
        text_changed: the draft changed (saved per conversation).
        attach_clicked: the attach button was pressed (a file dialog opens).
    """

    submitted = Signal(str)
    stop_requested = Signal()
    edit_last_requested = Signal()
    text_changed = Signal()
    attach_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("Composer")
        # A plain QWidget paints its QSS border/background only with this.
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self._streaming = False
        self._dark = False
        # False while the app is still wiring itself up at start: typing works,
        # sending waits (the text stays in the box).
        self.accepting = True
        self.edit = ComposerEdit(self)
        self.edit.setObjectName("ComposerEdit")
        self.edit.setPlaceholderText(
            self.tr("Message… (Enter to send, Shift+Enter for a new line)")
        )
        self.edit.setAccessibleName(self.tr("Message"))
        self.button = QPushButton(self.tr("Send"), self)
        self.button.setObjectName("SendButton")
        self.button.setAccessibleName(self.tr("Send message"))
        self.button.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.tray = AttachmentTray(self)
        self.attach_button = QToolButton(self)
        self.attach_button.setObjectName("AttachButton")
        self.attach_button.setAccessibleName(self.tr("Attach files"))
        self.attach_button.setToolTip(self.tr("Attach images or files (or paste, or drop them)"))
        self.attach_button.setAutoRaise(True)
        self.attach_button.clicked.connect(self.attach_clicked)
        row = QHBoxLayout()
        self._row = row
        row.addWidget(self.attach_button, 0, Qt.AlignmentFlag.AlignBottom)
        row.addWidget(self.edit, 1)
        row.addWidget(self.button, 0, Qt.AlignmentFlag.AlignBottom)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 8)
        layout.setSpacing(4)
        layout.addWidget(self.tray)
        layout.addLayout(row)
        self.edit.send_pressed.connect(self._send)
        self.edit.stop_pressed.connect(self._stop)
        self.edit.edit_last_pressed.connect(self.edit_last_requested)
        self.edit.textChanged.connect(self._grow)
        self.edit.textChanged.connect(self.text_changed)
        self.button.clicked.connect(self._clicked)
        self._grow()

    # ---------------------------------------------------------------- API

    def text(self) -> str:
        return self.edit.toPlainText()

    def set_text(self, text: str) -> None:
        self.edit.setPlainText(text)
        cursor = self.edit.textCursor()
        cursor.movePosition(cursor.MoveOperation.End)
        self.edit.setTextCursor(cursor)

    def set_send_key(self, send_key: SendKey) -> None:
        self.edit.send_key = send_key
        hint = (
            with_shortcut(self.tr("Message… (%1 to send)"), "Ctrl+Enter")
            if send_key is SendKey.CTRL_ENTER
            else self.tr("Message… (Enter to send, Shift+Enter for a new line)")
        )
        self.edit.setPlaceholderText(hint)

    def set_streaming(self, streaming: bool) -> None:
        """While a reply streams the button stops it, and the send key does nothing."""
        self._streaming = streaming
        self.button.setText(self.tr("Stop") if streaming else self.tr("Send"))
        self.button.setAccessibleName(
            self.tr("Stop the reply") if streaming else self.tr("Send message")
        )
        self.button.setProperty("streaming", streaming)
        self._update_button_icon()
        self.button.style().unpolish(self.button)
        self.button.style().polish(self.button)

    def set_icons(self, dark: bool) -> None:
        self._dark = dark
        self._update_button_icon()
        self.attach_button.setIcon(icon("attach", dark))

    def add_beside_attach(self, widget: QWidget) -> None:
        """Another small control after the attach button (e.g. the Tools switch)."""
        self._row.insertWidget(1, widget, 0, Qt.AlignmentFlag.AlignBottom)
        self.setTabOrder(self.attach_button, widget)

    def _update_button_icon(self) -> None:
        # The accent button has light text in both themes, so its icon is white.
        self.button.setIcon(icon("stop" if self._streaming else "send", True, QColor("#ffffff")))

    @property
    def streaming(self) -> bool:
        return self._streaming

    def focus(self) -> None:
        """Focus the box, unless it is hidden (the welcome panel is up): giving a
        hidden widget focus moves it to the next one, e.g. the search field."""
        if self.isVisible():
            self.edit.setFocus(Qt.FocusReason.OtherFocusReason)

    # ------------------------------------------------------------ internals

    def _clicked(self) -> None:
        if self._streaming:
            self._stop()
        else:
            self._send()

    def _send(self) -> None:
        text = self.text()
        if self._streaming or not self.accepting:
            return
        if not text.strip() and not self.tray.attachments():
            return
        self.edit.clear()
        self.submitted.emit(text)

    def _stop(self) -> None:
        if self._streaming:
            self.stop_requested.emit()

    def _grow(self) -> None:
        """Grow with the text up to about eight lines, then scroll."""
        metrics = self.edit.fontMetrics()
        lines = max(1, min(MAX_VISIBLE_LINES, int(self.edit.document().size().height())))
        margins = self.edit.contentsMargins()
        frame = int(self.edit.document().documentMargin() * 2) + margins.top() + margins.bottom()
        self.edit.setFixedHeight(lines * metrics.lineSpacing() + frame + 4)

    def sizeHint(self) -> QSize:
        return QSize(400, self.edit.height() + 16)
