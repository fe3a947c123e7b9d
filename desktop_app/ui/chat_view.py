"""The scrolling list of message cards for the open conversation.

Only the newest page of messages is built when a conversation opens, and of
that page only the newest few cards (enough to fill the window) before the
first paint; the rest of the page is built above them in small time-boxed
chunks on later event-loop turns. Older pages are built as the user scrolls
up. The view follows new text only if the user was already at the bottom;
otherwise a "jump to latest" button appears.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QFrame, QPushButton, QScrollArea, QVBoxLayout, QWidget

from desktop_app.core.attachments import Attachment
from desktop_app.core.models import Message, Role
from desktop_app.ui.icons import icon

if TYPE_CHECKING:
    # Cards (and their link/footer helpers) load with the first card, after
    # the first paint of an empty window.
    from desktop_app.ui.message_view import MessageCard

BOTTOM_SLACK_PX = 24
#: Messages stop widening here (about 90 characters a line): at 1,400 px
#: lines running edge to edge are hard to read. Wider views centre them.
READING_WIDTH_PX = 860
SIDE_MARGIN_PX = 16
TOP_LOAD_PX = 200
#: Cards built before ``show_messages`` returns: enough to fill a tall window.
FIRST_CARDS = 8
#: Budget of one deferred building step; the loop gets control back after it.
CHUNK_BUDGET_S = 0.004


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
        # Opaque and borderless: when it grows (a streamed reply gets a new
        # line) only the new strip needs painting; scrolling blits the rest.
        self._column.setAttribute(Qt.WidgetAttribute.WA_StaticContents)
        self._layout = QVBoxLayout(self._column)
        self._layout.setContentsMargins(SIDE_MARGIN_PX, 12, SIDE_MARGIN_PX, 12)
        self._layout.setSpacing(10)
        self._layout.addStretch(1)
        self.setWidget(self._column)
        self._cards: dict[str, MessageCard] = {}
        # Builds a card's attachment thumbnails from stored bytes (set by the presenter).
        self.attachment_strip: Callable[[tuple[Attachment, ...], QWidget], QWidget] | None = None
        self._has_more = False
        self._at_bottom = True
        self._loading_older = False
        self._dark = False
        # Older messages of the opened page still to build (oldest first) and
        # what to build them with; ``_generation`` invalidates a pending chain
        # when the view is cleared or reopened.
        self._backlog: list[Message] = []
        self._html_for: Callable[[Message], str] | None = None
        self._on_card: Callable[[Message], None] | None = None
        self._generation = 0
        # Away from the bottom, the card at the top of the viewport and its
        # offset there: kept in place when cards are added or grow above it.
        self._anchor: tuple[MessageCard, int] | None = None
        self._restoring = False
        self._toolbar_owner = ""
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
        self._anchor = None
        self._drop_backlog()
        self._has_more = False
        self._at_bottom = True
        self.jump_button.hide()

    def show_messages(
        self,
        messages: Sequence[Message],
        has_more: bool,
        html_for: Callable[[Message], str],
        on_card: Callable[[Message], None] | None = None,
        *,
        eager: bool = False,
    ) -> None:
        """Replace the view with ``messages`` (the newest page), scrolled to the end.

        Opening must paint fast however long the page is: rendering and laying
        out 50 cards took ~280 ms. So only the newest :data:`FIRST_CARDS` are
        built (and ``html_for`` called for them) now; the rest are built above
        them on later loop turns, each step within :data:`CHUNK_BUDGET_S`.
        ``on_card`` runs with each message once its card exists, now or later.
        ``eager`` builds everything now (e.g. to scroll to a message at once).
        """
        self.clear()
        self._has_more = has_more
        first = len(messages) if eager else FIRST_CARDS
        split = max(0, len(messages) - first)
        for message in messages[split:]:
            self._build(message, html_for, on_card, at=self._layout.count())
        self._at_bottom = True
        QTimer.singleShot(0, self, self.scroll_to_bottom)
        if split:
            self._backlog = list(messages[:split])
            self._html_for = html_for
            self._on_card = on_card
            generation = self._generation
            # A 1 ms timer, not 0: a zero timer is a posted event and the chain
            # would run before the first paint, which is what it is meant to follow.
            QTimer.singleShot(1, self, lambda: self._build_backlog(generation))

    def prepend_messages(
        self,
        messages: Sequence[Message],
        has_more: bool,
        html_for: Callable[[Message], str],
        on_card: Callable[[Message], None] | None = None,
    ) -> None:
        """Add an older page above, keeping what the user looks at in place."""
        self.finish_building()
        self._keep_in_place(
            lambda: [
                self._build(message, html_for, on_card, at=1 + offset)
                for offset, message in enumerate(messages)
            ]
        )
        self._has_more = has_more
        self._loading_older = False

    def finish_building(self) -> None:
        """Build whatever of the opened page is still pending, now."""
        if self._backlog:
            self._keep_in_place(lambda: self._build_chunk(budget_s=None))

    @property
    def building(self) -> bool:
        """True while older cards of the opened page are still being built."""
        return bool(self._backlog)

    def append_message(self, message: Message, html: str) -> MessageCard:
        return self._insert(message, html, at=self._layout.count())

    def append_widget(self, widget: QWidget) -> None:
        """A widget after the last card (a tool approval), scrolled into view."""
        widget.setParent(self._column)
        self._layout.addWidget(widget)
        widget.show()
        self.scroll_to_bottom()

    def remove_message(self, message_id: str) -> None:
        self._backlog = [m for m in self._backlog if m.id != message_id]
        card = self._cards.pop(message_id, None)
        if card is not None:
            card.deleteLater()

    def keep_up_to(self, message_id: str | None) -> None:
        """Remove every card after ``message_id``'s (all of them for None).

        A new message continues the branch at its parent; anything shown
        below the parent is another branch. A parent not on screen (an older
        page) leaves the view alone.
        """
        if message_id is None:  # a new root (the first message edited): nothing stays
            self.clear()
            return
        parent = self._cards.get(message_id)
        if parent is None:
            return
        # Only built cards can sit below the parent: the pending backlog holds
        # older cards above it, so nothing is built early here (building the
        # whole page on every send stalled a send in a freshly opened long chat).
        at = self._layout.indexOf(parent)
        below = [card for card in self._cards.values() if self._layout.indexOf(card) > at]
        for card in below:
            self.remove_message(card.message.id)

    def card(self, message_id: str) -> MessageCard | None:
        return self._cards.get(message_id)

    def cards(self) -> list[MessageCard]:
        """The live cards, top to bottom.

        Ordered by ``indexOf``, never by walking ``itemAt``: each ``itemAt``
        makes a Python wrapper for a C++-owned ``QWidgetItem`` that Qt frees
        when its card goes, and a stale wrapper at a reused address turned
        later widgets into "QWidgetItem" objects (then a segfault).
        """
        return sorted(self._cards.values(), key=self._layout.indexOf)

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
        QTimer.singleShot(0, self, lambda: self._reveal(message_id))
        if highlight:
            _set_highlight(card, True)
            QTimer.singleShot(2500, self, lambda: self._unhighlight(message_id))
        return True

    def _toolbar_shown(self, message_id: str) -> None:
        """One card's actions at a time: hovering one hides the focused other's."""
        previous, self._toolbar_owner = self._toolbar_owner, message_id
        card = self._cards.get(previous) if previous != message_id else None
        if card is not None:
            card.show_toolbar(False)

    def _reveal(self, message_id: str) -> None:
        card = self._cards.get(message_id)
        if card is not None:
            self.ensureWidgetVisible(card, 0, 40)

    def _unhighlight(self, message_id: str) -> None:
        card = self._cards.get(message_id)
        if card is not None:
            _set_highlight(card, False)

    def follow(self) -> None:
        """Called after content grew: stay at the bottom only if already there.

        Called once per streaming flush, so it does nothing that is already
        done: no scroll when at the end, no re-placing of a visible button.
        """
        if self._at_bottom:
            bar = self.verticalScrollBar()
            if bar.value() != bar.maximum():
                bar.setValue(bar.maximum())
            if self.jump_button.isVisible():
                self.jump_button.hide()
        elif not self.jump_button.isVisible():
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

    def _build(
        self,
        message: Message,
        html_for: Callable[[Message], str],
        on_card: Callable[[Message], None] | None,
        at: int,
    ) -> MessageCard:
        card = self._insert(message, html_for(message), at)
        if on_card is not None:
            on_card(message)
        return card

    def _build_backlog(self, generation: int) -> None:
        """One deferred step: build a few more cards above, then yield."""
        if generation != self._generation or not self._backlog:
            return
        self._keep_in_place(lambda: self._build_chunk(CHUNK_BUDGET_S))
        if self._backlog:
            QTimer.singleShot(1, self, lambda: self._build_backlog(generation))
        else:
            self._scrolled(self.verticalScrollBar().value())  # at the top: load older

    def _build_chunk(self, budget_s: float | None) -> None:
        """Build backlog cards newest first, each above the ones built before."""
        html_for = self._html_for
        if html_for is None:
            return
        start = time.perf_counter()
        while self._backlog:
            self._build(self._backlog.pop(), html_for, self._on_card, at=1)
            if budget_s is not None and time.perf_counter() - start >= budget_s:
                break
        if not self._backlog:
            self._drop_backlog()

    def _drop_backlog(self) -> None:
        self._backlog = []
        self._html_for = None
        self._on_card = None
        self._generation += 1

    def _keep_in_place(self, grow_above: Callable[[], object]) -> None:
        """Run ``grow_above`` (which adds cards at the top) without moving the view.

        At the bottom, ``_range_changed`` keeps it there; elsewhere the card
        at the top of the viewport keeps its place, so the text under the
        user stays (also when the new cards settle their height later).
        """
        if not self._at_bottom and self._anchor is None:
            self._remember_anchor()
        grow_above()
        # Lay the column out now, at its current width, so the new maximum is
        # known. (``adjustSize`` would first shrink it to its size hint's width
        # and back, relayouting every card's document twice: ~1 ms a card.)
        # Card -> column -> scroll area: each round posts the next request.
        for _ in range(3):
            QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        bar = self.verticalScrollBar()
        if self._at_bottom:
            bar.setValue(bar.maximum())
        else:
            self._restore_anchor()

    def _remember_anchor(self) -> None:
        value = self.verticalScrollBar().value()
        self._anchor = None
        for card in self.cards():
            if card.y() + card.height() > value:
                self._anchor = (card, card.y() - value)
                return

    def _restore_anchor(self) -> None:
        if self._anchor is None:
            return
        card, offset = self._anchor
        if self._cards.get(card.message.id) is not card:
            self._anchor = None
            return
        self._restoring = True
        try:
            self.verticalScrollBar().setValue(card.y() - offset)
        finally:
            self._restoring = False

    def _insert(self, message: Message, html: str, at: int) -> MessageCard:
        from desktop_app.ui.message_view import MessageCard

        card = MessageCard(message, self._column)
        card.body.set_html(html)
        if message.attachments and self.attachment_strip is not None:
            card.add_below_body(self.attachment_strip(message.attachments, card))
        card.set_icons(self._dark)
        card.action_requested.connect(self.action_requested)
        card.toolbar_shown.connect(self._toolbar_shown)
        if message.role is Role.TOOL:
            from desktop_app.ui.tool_cards import decorate_tool_card

            decorate_tool_card(card, message)
        self._layout.insertWidget(at, card)
        card.show()  # now, not on a queued call: the layout must count it at once
        self._cards[message.id] = card
        return card

    def _scrolled(self, value: int) -> None:
        bar = self.verticalScrollBar()
        self._at_bottom = value >= bar.maximum() - BOTTOM_SLACK_PX
        if self._at_bottom:
            self._anchor = None
            self.jump_button.hide()
        elif not self._restoring:
            self._remember_anchor()  # the user moved: keep what they see now
        if (
            value <= TOP_LOAD_PX
            and self._has_more
            and not self._loading_older
            and not self._backlog  # the page's own older cards come first
        ):
            self._loading_older = True
            self.older_requested.emit()

    def _range_changed(self, _min: int, _max: int) -> None:
        if self._at_bottom:
            self.verticalScrollBar().setValue(self.verticalScrollBar().maximum())
        else:
            self._restore_anchor()

    def _fit_reading_width(self) -> None:
        side = max(SIDE_MARGIN_PX, (self.viewport().width() - READING_WIDTH_PX) // 2)
        margins = self._layout.contentsMargins()
        if margins.left() != side:
            self._layout.setContentsMargins(side, 12, side, 12)

    def _place_jump_button(self) -> None:
        self.jump_button.adjustSize()
        viewport = self.viewport().rect()
        x = viewport.width() - self.jump_button.width() - 16
        y = viewport.height() - self.jump_button.height() - 12
        self.jump_button.move(x, y)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Runs for every event of the viewport, the column and the scroll bars
        # (a few per streamed frame): the cheap test first.
        if event.type() == QEvent.Type.Resize and watched is self.viewport():
            self._place_jump_button()
            self._fit_reading_width()
        return super().eventFilter(watched, event)


def _set_highlight(card: MessageCard, on: bool) -> None:
    card.setProperty("highlighted", on)
    card.style().unpolish(card)
    card.style().polish(card)
