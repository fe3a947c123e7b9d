"""Incremental Server-Sent Events decoder: bytes in, events out, no I/O.

Follows the WHATWG "event stream interpretation" rules
(https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation).

Why bytes and not text: a chat reply arrives as thousands of tiny events, so
the per-event Python overhead is what costs time. Splitting the buffer with
``bytes.split`` (one C call per network read) and decoding UTF-8 once per
*event* rather than once per line or per read keeps the hot loop short, and a
multi-byte character split across two reads is never decoded half-way because
only complete lines are decoded.

Memory is bounded per line (``max_line_bytes``) and per event, never per
stream: a long reply is many small events and never hits a limit, while a
server that sends an endless line cannot exhaust memory.
"""

from __future__ import annotations

from typing import NamedTuple

__all__ = ["DEFAULT_MAX_LINE_BYTES", "SSEDecoder", "SSEError", "SSEEvent"]

# Far above any real chat-completion chunk (a few hundred bytes, a few KB with
# large tool arguments), far below what would hurt a desktop machine.
DEFAULT_MAX_LINE_BYTES = 16 * 1024 * 1024

_BOM = b"\xef\xbb\xbf"


class SSEError(ValueError):
    """The stream broke a hard limit (a line or event larger than allowed)."""


class SSEEvent(NamedTuple):
    """One dispatched event.

    ``event`` defaults to ``"message"`` as the spec says; ``id`` is the last
    event id seen so far (it persists across events); ``retry`` is the
    reconnection time in ms if this block carried a valid ``retry:`` field.
    """

    data: str
    event: str = "message"
    id: str = ""
    retry: int | None = None


class SSEDecoder:
    """Turn arbitrary byte pieces of an event stream into :class:`SSEEvent` s.

    ``feed()`` may be called with any split of the stream (even one byte at a
    time) and yields the same events as feeding it whole. Call ``close()`` at
    end of stream.

    End of stream, decided deliberately: the spec discards an event that lacks
    its final blank line. Some servers omit that blank line after the last
    event (``data: [DONE]`` then EOF), so ``close()`` *does* dispatch a pending
    event whose lines were all complete. A last line without its line ending
    may be a truncated piece of JSON and is discarded instead;
    ``discarded_partial_line`` tells the caller that happened.
    """

    __slots__ = (
        "_bom_checked",
        "_data",
        "_data_size",
        "_event",
        "_id",
        "_max_line",
        "_retry",
        "_skip_lf",
        "_tail",
        "_tail_size",
        "discarded_partial_line",
    )

    def __init__(self, *, max_line_bytes: int = DEFAULT_MAX_LINE_BYTES) -> None:
        self._max_line = max_line_bytes
        self._tail: list[bytes] = []  # pieces of the unfinished last line
        self._tail_size = 0
        self._skip_lf = False  # the last piece ended in CR; a leading LF belongs to it
        self._bom_checked = False
        self._data: list[str] = []
        self._data_size = 0
        self._event = ""
        self._id = ""
        self._retry: int | None = None
        self.discarded_partial_line = False

    def feed(self, chunk: bytes) -> list[SSEEvent]:
        """Decode one piece of the stream; return the events it completed."""
        if not self._bom_checked:
            chunk = self._strip_bom(chunk)
        if not chunk:
            return []
        if self._skip_lf:
            self._skip_lf = False
            if chunk[0] == 10:  # the LF of a CRLF split across two reads
                chunk = chunk[1:]
                if not chunk:
                    return []
        has_cr = b"\r" in chunk
        if not has_cr and b"\n" not in chunk:
            # No line ends here: keep the piece, copy nothing yet.
            self._keep(chunk)
            return []
        if self._tail:
            self._tail.append(chunk)
            buf = b"".join(self._tail)
            self._tail = []
            self._tail_size = 0
        else:
            buf = chunk
        if has_cr:
            self._skip_lf = buf[-1] == 13
            buf = buf.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
        end = buf.rfind(b"\n\n")
        if end < 0:
            # Lines but no event end: interpret the complete lines now so a
            # long multi-line event is never re-copied on every read.
            cut = buf.rfind(b"\n")
            events: list[SSEEvent] = []
            self._lines(buf[:cut].decode("utf-8", "replace").split("\n"), events)
            self._keep(buf[cut + 1 :])
            return events
        self._keep(buf[end + 2 :])
        # Decode once per read: "\n\n" is ASCII, so no character straddles it.
        text = buf[:end].decode("utf-8", "replace")
        blocks = text.split("\n\n")
        # One count() tells whether every block is a single line, so the hot
        # loop need not search each block for a newline.
        return self._blocks(blocks, single_lines=text.count("\n") == 2 * len(blocks) - 2)

    def _pending(self) -> bool:
        return bool(self._data) or bool(self._event) or self._retry is not None

    def close(self) -> list[SSEEvent]:
        """End of stream: dispatch a complete-but-unterminated last event (see class doc)."""
        events: list[SSEEvent] = []
        if self._tail:
            rest = b"".join(self._tail)
            self._tail = []
            self._tail_size = 0
            cut = rest.rfind(b"\n")
            if cut >= 0:
                self._lines(rest[:cut].decode("utf-8", "replace").split("\n"), events)
            if cut != len(rest) - 1:
                # A last line without its line ending may be truncated JSON:
                # drop it and the event it belonged to.
                self.discarded_partial_line = True
                self._data = []
                self._data_size = 0
        self._dispatch(events)
        self._skip_lf = False
        return events

    def _keep(self, piece: bytes) -> None:
        if not piece:
            return
        self._tail.append(piece)
        self._tail_size += len(piece)
        if self._tail_size > self._max_line:
            raise SSEError(f"an event-stream event is longer than {self._max_line} bytes")

    def _strip_bom(self, chunk: bytes) -> bytes:
        """Drop one leading UTF-8 BOM, even if it arrives split across reads."""
        pending = b"".join(self._tail) + chunk
        self._tail = []
        self._tail_size = 0
        if len(pending) < len(_BOM) and _BOM.startswith(pending):
            # Could still be the start of a BOM: wait for more bytes.
            self._keep(pending)
            return b""
        self._bom_checked = True
        return pending[3:] if pending.startswith(_BOM) else pending

    def _blocks(self, blocks: list[str], *, single_lines: bool) -> list[SSEEvent]:
        """Interpret complete events; the hot loop, kept deliberately flat.

        The common block is a single ``data: {...}`` line; it becomes an event
        with one slice and one tuple. Anything else (several lines, other
        fields, comments, a block continuing lines fed earlier) takes the
        general path.
        """
        events: list[SSEEvent] = []
        append = events.append
        new = tuple.__new__
        last_id = self._id
        pending = self._pending()
        for block in blocks:
            if not pending and block.startswith("data: ") and (single_lines or "\n" not in block):
                append(new(SSEEvent, (block[6:], "message", last_id, None)))
            else:
                self._lines(block.split("\n"), events)
                self._dispatch(events)
                last_id = self._id
                pending = False
        return events

    def _dispatch(self, events: list[SSEEvent]) -> None:
        """The blank line: emit the pending event if it has data, then reset."""
        data = self._data
        if data:
            text = data[0] if len(data) == 1 else "\n".join(data)
            events.append(SSEEvent(text, self._event or "message", self._id, self._retry))
            self._data = []
            self._data_size = 0
        self._event = ""
        self._retry = None

    def _lines(self, lines: list[str], events: list[SSEEvent]) -> None:
        """Apply complete lines to the pending event; an empty line dispatches it."""
        for line in lines:
            if not line:
                self._dispatch(events)
            elif line[0] != ":":  # ":" starts a comment
                self._field(line)

    def _field(self, line: str) -> None:
        name, colon, value = line.partition(":")
        if colon and value[:1] == " ":
            value = value[1:]
        if name == "data":
            self._data.append(value)
            self._data_size += len(value)
            if self._data_size > self._max_line:
                raise SSEError(f"an event is larger than {self._max_line} bytes")
        elif name == "event":
            self._event = value
        elif name == "id":
            if "\0" not in value:
                self._id = value
        elif name == "retry" and value.isascii() and value.isdigit():
            self._retry = int(value)
