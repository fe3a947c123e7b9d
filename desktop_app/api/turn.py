"""Per-stream state: bytes → SSE events → JSON chunks → core events.

Kept apart from the HTTP plumbing in ``client.py`` so the stream rules
(``[DONE]``, error objects mid-stream, malformed chunks, a stream that ends
early) read in one place and can be tested without a network.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import httpx

from desktop_app.api.errors_map import redact, stream_error, transport_error
from desktop_app.api.sse import SSEDecoder, SSEError, SSEEvent
from desktop_app.api.wire import StreamAssembler
from desktop_app.core.errors import BadResponseError, ChatError, StreamInterruptedError
from desktop_app.core.events import StreamEvent

__all__ = ["StreamTurn"]

JsonObj = dict[str, Any]


class StreamTurn:
    """Per-stream state: SSE decoder, assembler, and whether ``[DONE]`` came."""

    def __init__(self, secret: str) -> None:
        self.decoder = SSEDecoder()
        self.assembler = StreamAssembler()
        self.done = False
        self._secret = secret

    def feed_bytes(self, chunk: bytes) -> Iterator[StreamEvent]:
        try:
            sse_events = self.decoder.feed(chunk)
        except SSEError as exc:
            raise BadResponseError(detail=str(exc)) from None
        yield from self._interpret(sse_events)

    def feed_eof(self) -> Iterator[StreamEvent]:
        yield from self._interpret(self.decoder.close())
        if self.done or self.assembler.finish_reason is not None:
            return
        if self.assembler.has_text:
            raise StreamInterruptedError(
                "The server stopped before the reply was complete — the reply is partial. "
                "Retry to ask again.",
                detail="stream ended without [DONE] or finish_reason",
            )
        raise BadResponseError(
            "The server closed the connection without sending a reply. Check that the "
            "base URL points to an OpenAI-compatible API, then retry.",
            detail="stream ended without any chunk",
        )

    def feed_whole(self, payload: JsonObj) -> Iterator[StreamEvent]:
        if isinstance(payload.get("error"), dict | str):
            raise stream_error(payload, self._secret)
        yield from self.assembler.feed(payload)
        self.done = True

    def _interpret(self, sse_events: list[SSEEvent]) -> Iterator[StreamEvent]:
        for sse in sse_events:
            if self.done:
                return
            data = sse.data
            if data == "[DONE]":
                self.done = True
                return
            if sse.event not in ("message", "error") or not data.strip():
                continue  # pings and keep-alives
            try:
                payload = json.loads(data)
            except ValueError:
                raise BadResponseError(
                    "The server sent a piece of the reply that is not valid JSON. "
                    "The reply stopped there; retry to ask again.",
                    detail=redact(data[:200], self._secret),
                ) from None
            if not isinstance(payload, dict):
                raise BadResponseError(detail="stream chunk is not a JSON object")
            if sse.event == "error" or isinstance(payload.get("error"), dict | str):
                raise stream_error(payload, self._secret)
            yield from self.assembler.feed(payload)

    def broken(self, exc: httpx.HTTPError, url: str, read_timeout: float) -> ChatError:
        """A transport failure after the reply started; never retried."""
        if self.assembler.has_text or self.assembler.tool_calls:
            return StreamInterruptedError(detail=f"{type(exc).__name__} while streaming")
        if isinstance(exc, httpx.TransportError):
            return transport_error(exc, url, read_timeout, self._secret)
        return BadResponseError(detail=type(exc).__name__)
