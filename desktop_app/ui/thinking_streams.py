"""The thinking half of the replies being streamed, kept out of the chat controller.

Same path as the answer: a delta is one buffer append (``ReplyStreams``),
and the controller's once-a-frame flush feeds the streaming renderer and
the one block on screen. The answer starting collapses the block; the end
of the turn shows the stored thinking and how long it took.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from desktop_app.core.models import Message
from desktop_app.ui.reply_streams import ReplyStreams

if TYPE_CHECKING:
    from desktop_app.render.streaming import StreamingRenderer
    from desktop_app.ui.chat_view import ChatView
    from desktop_app.ui.message_view import MessageCard


class ThinkingStreams:
    """Per streaming reply: its thinking's buffer, renderer and block.

    Args:
        make_renderer: a fresh streaming renderer in the current theme.
        render: stored markdown → safe HTML (the answers' renderer).
        view: the chat view, to find a reply's card (None when not on screen).
        keep_open: Settings' "show thinking expanded".
    """

    def __init__(
        self,
        make_renderer: Callable[[], StreamingRenderer],
        render: Callable[[str], str],
        view: ChatView,
        keep_open: Callable[[], bool],
    ) -> None:
        self._streams = ReplyStreams(make_renderer)
        self._render = render
        self._view = view
        self.keep_open = keep_open
        self._answering: set[str] = set()
        self._started: dict[str, float] = {}  # when each reply began to think

    def __contains__(self, message_id: object) -> bool:
        return message_id in self._streams

    def add(self, message_id: str, text: str) -> int | None:
        """Buffer thinking; the buffered size (for an early flush)."""
        if message_id not in self._streams and not text.strip():
            return None  # "<think>\n\n</think>" (a model told not to think): no block
        if message_id not in self._streams:
            self._streams.start(message_id)
            self._started[message_id] = time.monotonic()
            card = self._view.card(message_id)
            if card is not None:
                card.thinking_block().begin()
                card.body.setPlaceholderText("")  # the block says "Thinking…" now
        return self._streams.add(message_id, text)

    def answer_started(self, message_id: str) -> None:
        """Called per answer delta; collapses the block the first time only."""
        if message_id in self._answering or message_id not in self._streams:
            return
        self._answering.add(message_id)
        card = self._view.card(message_id)
        if card is not None and card.thinking is not None:
            card.thinking.settle(None, self.keep_open())

    def flush(self) -> None:
        for message_id, renderer in self._streams.feed_all():
            card = self._view.card(message_id)
            if card is not None:
                update = renderer.flush()
                card.thinking_block().apply_stream(update.committed_html, update.pending_html)

    def card_built(self, card: MessageCard, message: Message) -> None:
        """A card of an opened page: its live thinking so far, or its stored thinking."""
        if message.id in self._streams:
            self._reopen(card, message.id)
            if message.id in self._answering and card.thinking is not None:
                card.thinking.settle(None, self.keep_open())
        elif message.reasoning:
            card.thinking_block().show_stored(
                message.reasoning, message.reasoning_ms, self._render, self.keep_open()
            )

    def finish(self, message_id: str, card: MessageCard | None, message: Message) -> None:
        """The turn ended: show the stored thinking, collapsed unless there is no answer."""
        self._answering.discard(message_id)
        self._started.pop(message_id, None)
        ended = self._streams.finish([message_id])
        if card is None:
            return
        if not message.reasoning:
            if card.thinking is not None:
                card.thinking.hide()
            return
        block = card.thinking_block()
        # The store keeps the thinking stripped; a re-render of it all here
        # stalled the loop ~40 ms at the end of a 5,000-token thought.
        if ended and ended[0][1].strip() == message.reasoning:
            block.apply_stream(ended[0][2].committed_html, ended[0][2].pending_html)
        else:
            block.body.set_html(self._render(message.reasoning))
        block.settle(message.reasoning_ms, self.keep_open() or not message.content.strip())

    def _reopen(self, card: MessageCard, message_id: str) -> None:
        block = card.thinking_block()
        if not block.thinking:
            block.begin(self._started.get(message_id))  # the timer goes on where it was
        card.body.setPlaceholderText("")
        update = self._streams.restart(message_id)
        if update is not None:
            block.apply_stream(update.committed_html, update.pending_html)
