"""Read a top-level JSON array one element at a time.

Why: ChatGPT's ``conversations.json`` is one array that reaches hundreds of
MB; ``json.load`` holds the text and every parsed object at once (about 5x the
file). Reading a chunk, decoding whole elements with ``raw_decode`` and
keeping only what is not yet decoded holds one conversation's objects at a
time. Standard library only (no ijson).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any, TextIO

CHUNK = 1 << 20
_WS = " \t\n\r"


class _Buffer:
    """The undecoded tail of the stream, refilled on demand."""

    def __init__(self, stream: TextIO, prefix: str, chunk: int) -> None:
        self.stream, self.text, self.pos, self.chunk = stream, prefix, 0, chunk
        self.eof = False

    def fill(self) -> None:
        """Drop what is decoded and read more (at least as much as is held, so
        re-decoding one large element stays linear overall)."""
        self.text, self.pos = self.text[self.pos :], 0
        data = self.stream.read(max(self.chunk, len(self.text)))
        self.eof = not data
        self.text += data

    def next_char(self) -> str:
        """The next non-space character, not consumed; ``""`` at the end."""
        while True:
            while self.pos < len(self.text) and self.text[self.pos] in _WS:
                self.pos += 1
            if self.pos < len(self.text) or self.eof:
                return self.text[self.pos : self.pos + 1]
            self.fill()


def iter_array(stream: TextIO, prefix: str = "", chunk: int = CHUNK) -> Iterator[Any]:
    """Each element of the JSON array in ``prefix`` + ``stream``.

    Raises ``json.JSONDecodeError`` for malformed or truncated input and
    ``ValueError`` when the document is not an array.
    """
    buf = _Buffer(stream, prefix, chunk)
    decoder = json.JSONDecoder()
    if buf.next_char() != "[":
        raise ValueError("expected a JSON array")
    buf.pos += 1
    if buf.next_char() == "]":
        buf.pos += 1
        return
    while True:
        buf.next_char()
        try:
            value, end = decoder.raw_decode(buf.text, buf.pos)
        except json.JSONDecodeError:
            if buf.eof:
                raise
            buf.fill()
            continue
        if end == len(buf.text) and not buf.eof:  # a number may go on in the next chunk
            buf.fill()
            continue
        buf.pos = end
        yield value
        sep = buf.next_char()
        buf.pos += 1
        if sep == "]":
            break
        if sep != ",":
            raise json.JSONDecodeError("expected ',' or ']'", buf.text, buf.pos - 1)
    if buf.next_char() != "":
        raise json.JSONDecodeError("extra data after the array", buf.text, buf.pos)
