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
from desktop_app.core.errors import (
    BadResponseError,
    ChatError,
    ResponseTooLargeError,
    StreamInterruptedError,
)
from desktop_app.core.events import StreamEvent

__all__ = ["MAX_STREAM_BYTES", "StreamTurn"]

#: Raw bytes of one streamed reply (SSE framing included): ~100x a long answer.
MAX_STREAM_BYTES = 64 * 2**20

JsonObj = dict[str, Any]


class StreamTurn:
    """Per-stream state: SSE decoder, assembler, and whether ``[DONE]`` came."""

    def __init__(self, secret: str) -> None:
        self.decoder = SSEDecoder()
        self.assembler = StreamAssembler()
        self.done = False
        self._secret = secret
        self._received = 0

    def feed_bytes(self, chunk: bytes) -> Iterator[StreamEvent]:
        self._received += len(chunk)
        if self._received > MAX_STREAM_BYTES:
            # A reply of this size is an attack or a loop, not an answer.
            raise ResponseTooLargeError(
                f"The reply passed {MAX_STREAM_BYTES // 2**20} MB, so the app stopped "
                "reading it; the text so far is kept.",
                detail=f"stream over {MAX_STREAM_BYTES} bytes",
            )
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
                self._check_something_came()
                return
            if sse.event not in ("message", "error") or not data.strip():
                continue  # pings and keep-alives
            try:
                payload = json.loads(data)
            except (ValueError, RecursionError):  # deep nesting raises RecursionError
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

    def _check_something_came(self) -> None:
        """``[DONE]`` after no choice at all is not an empty answer: nothing came back."""
        a = self.assembler
        if not a.has_text and not a.tool_calls and a.finish_reason is None:
            raise BadResponseError(
                "The server ended the reply without sending anything back. Retry, or "
                "check that the model name is right.",
                detail="[DONE] with no choices",
            )

    def broken(self, exc: httpx.HTTPError, url: str, read_timeout: float) -> ChatError:
        """A transport failure after the reply started; never retried."""
        if self.assembler.has_text or self.assembler.tool_calls:
            return StreamInterruptedError(detail=f"{type(exc).__name__} while streaming")
        if isinstance(exc, httpx.TransportError):
            return transport_error(exc, url, read_timeout, self._secret)
        return BadResponseError(detail=type(exc).__name__)
