"""The replies being streamed right now: buffered text and incremental renders.

This is the per-token path, so it does the least per delta: one list append
and a counter. Text is joined and rendered only when the controller flushes,
at most once per frame. Qt-free, so it is tested without a display.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from desktop_app.render.streaming import StreamingRenderer, StreamUpdate


@dataclass
class _Stream:
    renderer: StreamingRenderer
    buffer: list[str] = field(default_factory=list)
    buffered_chars: int = 0


class ReplyStreams:
    """Per reply: the text not yet rendered, and its streaming renderer.

    Args:
        make_renderer: a fresh ``StreamingRenderer`` in the current theme
            (a factory, so markdown/Pygments load only when a reply streams).
    """

    def __init__(self, make_renderer: Callable[[], StreamingRenderer]) -> None:
        self._make_renderer = make_renderer
        self._streams: dict[str, _Stream] = {}

    def __contains__(self, message_id: object) -> bool:
        return message_id in self._streams

    def start(self, message_id: str) -> None:
        """Begin streaming into a new, empty reply."""
        self._streams[message_id] = _Stream(self._make_renderer())

    def resume(self, message_id: str, text: str) -> StreamUpdate:
        """Stream into a reply that already holds ``text``; its render so far."""
        stream = _Stream(self._make_renderer())
        stream.renderer.feed(text)
        self._streams[message_id] = stream
        return stream.renderer.flush()

    def drop(self, message_id: str) -> None:
        self._streams.pop(message_id, None)

    def add(self, message_id: str, text: str) -> int | None:
        """Buffer a delta; the reply's buffered size, or None if it is not streaming."""
        stream = self._streams.get(message_id)
        if stream is None:
            return None
        stream.buffer.append(text)
        stream.buffered_chars += len(text)
        return stream.buffered_chars

    def feed_all(self) -> Iterator[tuple[str, StreamingRenderer]]:
        """Hand buffered text to the renderers; yields each reply that got some.

        The caller calls ``renderer.flush()`` only for a reply on screen: a
        reply streaming in another conversation is rendered when it is shown.
        """
        for message_id, stream in self._streams.items():
            if stream.buffer:
                stream.renderer.feed("".join(stream.buffer))
                stream.buffer.clear()
                stream.buffered_chars = 0
                yield message_id, stream.renderer

    def restart(self, message_id: str) -> StreamUpdate | None:
        """The whole reply so far from a fresh renderer (its card was just rebuilt)."""
        stream = self._streams.get(message_id)
        if stream is None:
            return None
        text = stream.renderer.text  # what was fed; the buffer waits for the next flush
        stream.renderer = self._make_renderer()
        stream.renderer.feed(text)
        return stream.renderer.flush()

    def finish(self, message_ids: Iterable[str]) -> list[tuple[str, str, StreamUpdate]]:
        """End these replies' streams: (message id, full text, last update) each.

        Keyed by reply, not by conversation: a turn ends only the replies it
        started, never a newer turn's reply in the same conversation. Call
        after :meth:`feed_all` so no buffered text is left behind.
        """
        finished = []
        for message_id in message_ids:
            stream = self._streams.pop(message_id, None)
            if stream is None:
                continue
            renderer = stream.renderer
            # Commits the tail and caches the whole render, so neither a
            # one-shot re-render nor a full setHtml stalls the loop at the end.
            update = renderer.finish()
            finished.append((message_id, renderer.text, update))
        return finished
