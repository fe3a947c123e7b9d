"""A slim bar above the composer for what the user must know right now.

Deep code never touches widgets: services, presenters and the controller
hand a :class:`~desktop_app.core.notices.Notice` to the reporting port
(``core.ports.Reporter``), which queues it until the window exists and then
lands here (the "message bridge" idea from qutebrowser).
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from desktop_app.core.notices import Notice, NoticeAction, NoticeLevel
from desktop_app.ui.error_strings import translate_error

INFO_TIMEOUT_MS = 4000

ACTION_LABELS: dict[NoticeAction, object] = {
    # Marked for lupdate here, translated when shown (tr() needs literals).
    NoticeAction.RETRY: QT_TRANSLATE_NOOP("NoticeBar", "Retry"),
    NoticeAction.UNDO: QT_TRANSLATE_NOOP("NoticeBar", "Undo"),
    NoticeAction.OPEN_SETTINGS: QT_TRANSLATE_NOOP("NoticeBar", "Open Settings"),
    NoticeAction.CHOOSE_MODEL: QT_TRANSLATE_NOOP("NoticeBar", "Choose model"),
    NoticeAction.CHECK_BILLING: QT_TRANSLATE_NOOP("NoticeBar", "Open Settings"),
    NoticeAction.COPY_LINK: QT_TRANSLATE_NOOP("NoticeBar", "Copy link"),
    NoticeAction.COPY_DETAILS: QT_TRANSLATE_NOOP("NoticeBar", "Copy details"),
}


class NoticeBar(QWidget):
    """Shows one notice at a time with an optional action button.

    Satisfies ``core.ports.Reporter``: the window's end of the message bridge.

    Signals:
        action_clicked(Notice): the notice whose action button was clicked.
    """

    action_clicked = Signal(object)

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
        self._notice: Notice | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.hide)
        self.action_button.clicked.connect(self._clicked)
        self.close_button.clicked.connect(self.hide)
        self.hide()

    def report(self, notice: Notice) -> None:
        """Show ``notice`` in place of the one shown (styled through the ``kind`` property)."""
        self.setProperty("kind", notice.level.value)
        self.style().unpolish(self)
        self.style().polish(self)
        self.label.setText(translate_error(notice.text))
        self._notice = notice
        label = ACTION_LABELS.get(notice.action)
        self.action_button.setVisible(label is not None)
        if label is not None:
            text = QCoreApplication.translate("NoticeBar", str(label))
            self.action_button.setText(text)
            self.action_button.setAccessibleName(text)
        self.show()
        timeout_ms = notice.timeout_ms
        if timeout_ms is None:
            timeout_ms = INFO_TIMEOUT_MS if notice.level is NoticeLevel.INFO else 0
        if timeout_ms:
            self._timer.start(timeout_ms)
        else:
            self._timer.stop()

    def text(self) -> str:
        return self.label.text() if self.isVisible() else ""

    def _clicked(self) -> None:
        notice = self._notice
        self.hide()
        if notice is not None:
            self.action_clicked.emit(notice)
