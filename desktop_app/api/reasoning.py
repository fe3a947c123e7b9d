"""Thinking vs answer: one splitter for every wire format a server may use.

Servers hand back a model's thinking in four ways: ``reasoning_content``
(DeepSeek, llama.cpp ``--reasoning-format deepseek``), ``reasoning``
(Ollama's ``/v1``, vLLM ≥ 0.9, OpenRouter), OpenRouter's
``reasoning_details`` list, or inside ``content`` as ``<think>…</think>``.
The first three are fields (:func:`reasoning_field`); the last needs a small
state machine (:class:`ThinkSplitter`) because a tag may be split across
chunks at any character, because some chat templates put the opening tag in
the prompt (the reply is thinking, then a bare ``</think>``), and because an
answer may quote ``</think>`` inside a fenced code block.

Pure and Qt-free; the property tests check that any re-chunking of a stream
gives the same thinking and the same answer.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import Enum
from typing import Any

__all__ = ["Piece", "PieceKind", "ThinkSplitter", "reasoning_field"]

OPEN_TAG = "<think>"
CLOSE_TAG = "</think>"


def reasoning_field(delta: Mapping[str, Any]) -> str:
    """The thinking a delta (or a whole ``message``) carries in a field, or "".

    OpenRouter sends ``reasoning`` and ``reasoning_details`` with the same
    text, so the first field present wins and the text is never doubled.
    """
    for key in ("reasoning_content", "reasoning"):
        value = delta.get(key)
        if isinstance(value, str) and value:
            return value
    details = delta.get("reasoning_details")
    if not isinstance(details, list):
        return ""
    parts: list[str] = []
    for item in details:
        if not isinstance(item, Mapping):
            continue
        # reasoning.text carries "text", reasoning.summary "summary";
        # reasoning.encrypted carries only opaque "data", nothing to show.
        for key in ("text", "summary"):
            value = item.get(key)
            if isinstance(value, str) and value:
                parts.append(value)
                break
    return "".join(parts)


class PieceKind(Enum):
    ANSWER = "answer"
    REASONING = "reasoning"
    #: The answer streamed so far was thinking: drop it (it is repeated as reasoning).
    RETRACT = "retract"


Piece = tuple[PieceKind, str]


class _State(Enum):
    START = 0  # nothing but whitespace yet: an opening tag may come
    THINKING = 1  # inside <think>
    WATCHING = 2  # answer, but a bare </think> may still make it thinking
    ANSWER = 3  # answer for good


def _partial_suffix(text: str, tag: str) -> int:
    """Length of the longest end of ``text`` that is a proper start of ``tag``."""
    for size in range(min(len(tag) - 1, len(text)), 0, -1):
        if tag.startswith(text[-size:]):
            return size
    return 0


def _fence_after(line: str, fence: str | None) -> str | None:
    """The open code fence after a complete ``line`` (CommonMark's ``` and ~~~)."""
    stripped = line.strip()
    if fence is None:
        for char in "`~":
            if stripped.startswith(char * 3):
                return char * (len(stripped) - len(stripped.lstrip(char)))
        return None
    if stripped and stripped.startswith(fence) and not stripped.lstrip(fence[0]):
        return None
    return fence


class ThinkSplitter:
    """Splits streamed ``content`` into thinking and answer pieces.

    ``feed`` returns the pieces one chunk settles; at most a tag's length of
    text is held back while it could still be the start of a tag. ``finish``
    releases what is held at the end of the stream.
    """

    def __init__(self) -> None:
        self._state = _State.START
        self._held = ""
        self._answer: list[str] = []  # while WATCHING: what a bare </think> would retract
        self._line = ""  # while WATCHING: the incomplete line, for code fences
        self._fence: str | None = None
        self._strip_space = False  # the answer after </think> starts at its first non-space
        self._watch = True

    def stop_watching(self) -> None:
        """Thinking came in a field: a bare ``</think>`` in content is then just text."""
        self._watch = False

    def feed(self, text: str) -> list[Piece]:
        out: list[Piece] = []
        buf = self._held + text
        self._held = ""
        while buf:
            if self._state is _State.START:
                buf = self._start(buf)
            elif self._state is _State.THINKING:
                buf = self._thinking(buf, out)
            elif self._state is _State.WATCHING and self._watch:
                buf = self._watching(buf, out)
            else:
                self._state = _State.ANSWER
                buf = self._answering(buf, out)
        return out

    def finish(self) -> list[Piece]:
        held, self._held = self._held, ""
        if not held or self._strip_space:
            return []
        kind = PieceKind.REASONING if self._state is _State.THINKING else PieceKind.ANSWER
        return [(kind, held)]

    # ---------------------------------------------------------------- states

    def _start(self, buf: str) -> str:
        body = buf.lstrip()
        if not body or (OPEN_TAG.startswith(body) and body != OPEN_TAG):
            self._held = buf  # only spaces, or a tag still arriving
            return ""
        if body.startswith(OPEN_TAG):
            self._state = _State.THINKING
            return body[len(OPEN_TAG) :]
        self._state = _State.WATCHING
        return buf

    def _thinking(self, buf: str, out: list[Piece]) -> str:
        at = buf.find(CLOSE_TAG)
        if at >= 0:
            if at:
                out.append((PieceKind.REASONING, buf[:at]))
            self._to_answer()
            return buf[at + len(CLOSE_TAG) :]
        keep = _partial_suffix(buf, CLOSE_TAG)
        if len(buf) > keep:
            out.append((PieceKind.REASONING, buf[: len(buf) - keep]))
        self._held = buf[len(buf) - keep :]
        return ""

    def _watching(self, buf: str, out: list[Piece]) -> str:
        while buf:
            newline = buf.find("\n")
            segment = buf if newline < 0 else buf[: newline + 1]
            rest = "" if newline < 0 else buf[newline + 1 :]
            if self._fence is None:
                at = segment.find(CLOSE_TAG)
                if at >= 0:
                    self._retract(segment[:at], out)
                    return segment[at + len(CLOSE_TAG) :] + rest
                if newline < 0:
                    keep = _partial_suffix(segment, CLOSE_TAG)
                    self._held = segment[len(segment) - keep :]
                    segment = segment[: len(segment) - keep]
            if segment:
                out.append((PieceKind.ANSWER, segment))
                self._answer.append(segment)
                self._line += segment
            if newline >= 0:
                self._fence = _fence_after(self._line, self._fence)
                self._line = ""
            buf = rest
        return ""

    def _answering(self, buf: str, out: list[Piece]) -> str:
        if self._strip_space:
            buf = buf.lstrip()
            if not buf:
                return ""
            self._strip_space = False
        out.append((PieceKind.ANSWER, buf))
        return ""

    def _retract(self, before: str, out: list[Piece]) -> None:
        earlier = "".join(self._answer)
        if earlier:
            out.append((PieceKind.RETRACT, ""))
        if earlier + before:
            out.append((PieceKind.REASONING, earlier + before))
        self._to_answer()

    def _to_answer(self) -> None:
        self._state = _State.ANSWER
        self._strip_space = True
        self._answer.clear()
        self._line = ""
