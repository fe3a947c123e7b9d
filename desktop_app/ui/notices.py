"""A slim bar above the composer for what the user must know right now.

Deep code never touches widgets: errors travel as (kind, text, action)
through the controller's ``notice`` signal and land here (the "message
bridge" idea from qutebrowser).
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from desktop_app.ui.error_strings import translate_error

INFO_TIMEOUT_MS = 4000

ACTION_LABELS: dict[str, object] = {
    # Marked for lupdate here, translated when shown (tr() needs literals).
    "retry": QT_TRANSLATE_NOOP("NoticeBar", "Retry"),
    "undo": QT_TRANSLATE_NOOP("NoticeBar", "Undo"),
    "open_settings": QT_TRANSLATE_NOOP("NoticeBar", "Open Settings"),
    "choose_model": QT_TRANSLATE_NOOP("NoticeBar", "Choose model"),
    "check_billing": QT_TRANSLATE_NOOP("NoticeBar", "Open Settings"),
    "wait_and_retry": QT_TRANSLATE_NOOP("NoticeBar", "Retry"),
    # "copy-link:<url>": the part before ":" names the button.
    "copy-link": QT_TRANSLATE_NOOP("NoticeBar", "Copy link"),
    "copy-details": QT_TRANSLATE_NOOP("NoticeBar", "Copy details"),
}


class NoticeBar(QWidget):
    """Shows one notice at a time with an optional action button.

    Signals:
        action_clicked(str): the notice's action (``retry``, ``undo``, …).
    """

    action_clicked = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("NoticeBar")
        self.setAccessibleName(self.tr("Notice"))
        self.label = QLabel(self)
        self.label.setTextFormat(Qt.TextFormat.PlainText)  # may show server text
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.action_button = QPushButton(self)
        self.close_button = QPushButton("✕", self)
        self.close_button.setAccessibleName(self.tr("Dismiss notice"))
        self.close_button.setFlat(True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 6, 8, 6)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.action_button)
        layout.addWidget(self.close_button)
        self._action = ""
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.hide)
        self.action_button.clicked.connect(self._clicked)
        self.close_button.clicked.connect(self.hide)
        self.hide()

    def show_notice(
        self, kind: str, text: str, action: str = "", timeout_ms: int | None = None
    ) -> None:
        """``kind`` is info / warning / error (styled through the ``kind`` property)."""
        self.setProperty("kind", kind)
        self.style().unpolish(self)
        self.style().polish(self)
        self.label.setText(translate_error(text))
        self._action = action
        label = ACTION_LABELS.get(action.split(":", 1)[0])
        self.action_button.setVisible(label is not None)
        if label is not None:
            text = QCoreApplication.translate("NoticeBar", str(label))
            self.action_button.setText(text)
            self.action_button.setAccessibleName(text)
        self.show()
        if timeout_ms is None:
            timeout_ms = INFO_TIMEOUT_MS if kind == "info" else 0
        if timeout_ms:
            self._timer.start(timeout_ms)
        else:
            self._timer.stop()

    def text(self) -> str:
        return self.label.text() if self.isVisible() else ""

    def _clicked(self) -> None:
        action = self._action
        self.hide()
        self.action_clicked.emit(action)
