"""The scrolling list of message cards for the open conversation.

Only the newest page of messages is built when a conversation opens; older
pages are built as the user scrolls up. The view follows new text only if the
user was already at the bottom; otherwise a "jump to latest" button appears.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QFrame, QPushButton, QScrollArea, QVBoxLayout, QWidget

from desktop_app.core.models import Message
from desktop_app.ui.icons import icon
from desktop_app.ui.message_view import MessageCard

BOTTOM_SLACK_PX = 24
TOP_LOAD_PX = 200


class ChatView(QScrollArea):
    """Cards in a column. It renders nothing itself: HTML comes in ready-made.

    Signals:
        older_requested: the user scrolled near the top and more exist.
        action_requested(str, str): forwarded from a card (action, message id).
    """

    older_requested = Signal()
    action_requested = Signal(str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ChatView")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._column = QWidget(self)
        self._column.setObjectName("ChatColumn")
        self._layout = QVBoxLayout(self._column)
        self._layout.setContentsMargins(16, 12, 16, 12)
        self._layout.setSpacing(10)
        self._layout.addStretch(1)
        self.setWidget(self._column)
        self._cards: dict[str, MessageCard] = {}
        self._has_more = False
        self._at_bottom = True
        self._loading_older = False
        self._dark = False
        self.jump_button = QPushButton(self.tr("Jump to latest"), self.viewport())
        self.jump_button.setObjectName("JumpButton")
        self.jump_button.setAccessibleName(self.tr("Jump to latest message"))
        self.jump_button.clicked.connect(self.scroll_to_bottom)
        self.jump_button.hide()
        bar = self.verticalScrollBar()
        bar.valueChanged.connect(self._scrolled)
        bar.rangeChanged.connect(self._range_changed)
        self.viewport().installEventFilter(self)

    # ---------------------------------------------------------------- API

    def clear(self) -> None:
        for card in self._cards.values():
            card.deleteLater()
        self._cards.clear()
        self._has_more = False
        self._at_bottom = True
        self.jump_button.hide()

    def show_messages(
        self,
        messages: Sequence[Message],
        has_more: bool,
        html_for: Callable[[Message], str],
    ) -> None:
        """Replace the view with ``messages`` (the newest page), scrolled to the end."""
        self.clear()
        self._has_more = has_more
        for message in messages:
            self._insert(message, html_for(message), at=self._layout.count())
        self._at_bottom = True
        QTimer.singleShot(0, self.scroll_to_bottom)

    def prepend_messages(
        self, messages: Sequence[Message], has_more: bool, html_for: Callable[[Message], str]
    ) -> None:
        """Add an older page above, keeping what the user looks at in place."""
        bar = self.verticalScrollBar()
        from_bottom = bar.maximum() - bar.value()
        for offset, message in enumerate(messages):
            self._insert(message, html_for(message), at=1 + offset)
        self._has_more = has_more
        self._column.adjustSize()
        bar.setValue(bar.maximum() - from_bottom)
        self._loading_older = False

    def append_message(self, message: Message, html: str) -> MessageCard:
        return self._insert(message, html, at=self._layout.count())

    def remove_message(self, message_id: str) -> None:
        card = self._cards.pop(message_id, None)
        if card is not None:
            card.deleteLater()

    def card(self, message_id: str) -> MessageCard | None:
        return self._cards.get(message_id)

    def cards(self) -> list[MessageCard]:
        items = (self._layout.itemAt(i) for i in range(self._layout.count()))
        found = (item.widget() for item in items if item is not None)
        return [w for w in found if isinstance(w, MessageCard) and w.message.id in self._cards]

    def scroll_to_bottom(self) -> None:
        bar = self.verticalScrollBar()
        bar.setValue(bar.maximum())
        self._at_bottom = True
        self.jump_button.hide()

    def scroll_to_message(self, message_id: str, highlight: bool = True) -> bool:
        card = self._cards.get(message_id)
        if card is None:
            return False
        self._at_bottom = False
        QTimer.singleShot(0, lambda: self.ensureWidgetVisible(card, 0, 40))
        if highlight:
            card.setProperty("highlighted", True)
            card.style().unpolish(card)
            card.style().polish(card)
            QTimer.singleShot(2500, lambda: _unhighlight(card))
        return True

    def follow(self) -> None:
        """Called after content grew: stay at the bottom only if already there."""
        if self._at_bottom:
            self.scroll_to_bottom()
        else:
            self._place_jump_button()
            self.jump_button.show()

    def set_dark(self, dark: bool) -> None:
        """Recolour the icons of every card (and of cards made later)."""
        self._dark = dark
        self.jump_button.setIcon(icon("arrow-down", dark))
        for card in self._cards.values():
            card.set_icons(dark)

    @property
    def has_more(self) -> bool:
        return self._has_more

    # ------------------------------------------------------------ internals

    def _insert(self, message: Message, html: str, at: int) -> MessageCard:
        card = MessageCard(message, self._column)
        card.body.set_html(html)
        card.set_icons(self._dark)
        card.action_requested.connect(self.action_requested)
        self._layout.insertWidget(at, card)
        self._cards[message.id] = card
        return card

    def _scrolled(self, value: int) -> None:
        bar = self.verticalScrollBar()
        self._at_bottom = value >= bar.maximum() - BOTTOM_SLACK_PX
        if self._at_bottom:
            self.jump_button.hide()
        if value <= TOP_LOAD_PX and self._has_more and not self._loading_older:
            self._loading_older = True
            self.older_requested.emit()

    def _range_changed(self, _min: int, _max: int) -> None:
        if self._at_bottom:
            self.verticalScrollBar().setValue(self.verticalScrollBar().maximum())

    def _place_jump_button(self) -> None:
        self.jump_button.adjustSize()
        viewport = self.viewport().rect()
        x = viewport.width() - self.jump_button.width() - 16
        y = viewport.height() - self.jump_button.height() - 12
        self.jump_button.move(x, y)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.viewport() and event.type() == QEvent.Type.Resize:
            self._place_jump_button()
        return super().eventFilter(watched, event)


def _unhighlight(card: MessageCard) -> None:
    try:
        card.setProperty("highlighted", False)
        card.style().unpolish(card)
        card.style().polish(card)
    except RuntimeError:  # the card was deleted meanwhile
        pass
