"""Split markdown into top-level blocks, incrementally.

Both the one-shot render and the streaming render are defined as "split the
text into blocks, render each block on its own, concatenate". Sharing this one
splitter is what makes a streamed reply end byte-for-byte equal to a one-shot
render, and it lets a stream commit (render once, cache) every block that can
no longer change while only the tail is re-rendered.

The splitter only ever looks at lines it has not seen yet (plus the partial
last line), and it drops the committed prefix of its buffer, so feeding a long
reply costs time linear in its length.

Rules (a simplified CommonMark, tuned to what chat models write):

* A fence (```` ``` ```` or ``~~~``, any indentation) is its own block and runs
  to its closing fence or to the end of the text. It interrupts a paragraph
  or list, because models often open a fence without a blank line before it.
* A line that is just ``$$`` (or opens with ``$$`` and does not close it)
  starts a display-math block that runs to a line ending in ``$$``.
* Any other block ends at a blank line, except lists and block quotes, which
  go on when the next non-blank line is indented, a list item (for lists) or
  starts with ``>`` (for quotes).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum, auto


class BlockKind(Enum):
    """What a block is, which decides how it is rendered."""

    MARKDOWN = auto()
    FENCE = auto()
    MATH = auto()


@dataclass(frozen=True, slots=True)
class Block:
    """One top-level block: its kind and its raw source (no trailing newline)."""

    kind: BlockKind
    text: str


class _State(Enum):
    NONE = auto()  # between blocks
    PARA = auto()  # paragraphs, headings, tables, rules...
    LIST = auto()
    QUOTE = auto()
    FENCE = auto()
    MATH = auto()


_FENCE_OPEN = re.compile(r"[ \t]*(`{3,}|~{3,})(.*)")
_LIST_ITEM = re.compile(r"(?:[-*+]|\d{1,9}[.)])(?:\s|$)")
# How much of a line (after its indent) decides whether a list or quote goes
# on. Deciding on a fixed prefix lets a stream decide before the line is
# complete while a one-shot render, seeing the whole line, decides the same.
_DECIDE_CHARS = 12


def fence_opening(line: str) -> tuple[str, str] | None:
    """Return (fence, info string) if ``line`` opens a code fence, else None."""
    m = _FENCE_OPEN.fullmatch(line)
    if m is None:
        return None
    fence, info = m.group(1), m.group(2)
    if fence[0] == "`" and "`" in info:
        return None  # CommonMark: that is inline code, not a fence
    return fence, info.strip()


def closes_fence(line: str, fence: str) -> bool:
    stripped = line.strip()
    return len(stripped) >= len(fence) and stripped == fence[0] * len(stripped)


def _opens_math(line: str) -> bool:
    stripped = line.strip()
    return stripped.startswith("$$") and "$$" not in stripped[2:]


def _classify(line: str) -> _State:
    if fence_opening(line) is not None:
        return _State.FENCE
    if _opens_math(line):
        return _State.MATH
    body = line.lstrip(" ")
    if len(line) - len(body) <= 3:
        if _LIST_ITEM.match(body):
            return _State.LIST
        if body.startswith(">"):
            return _State.QUOTE
    return _State.PARA


def _continues(state: _State, line: str) -> bool:
    """Whether a non-blank line after a blank one continues a list or quote.

    Only the indent and the first ``_DECIDE_CHARS`` characters after it count.
    """
    body = line.lstrip()
    indent = len(line) - len(body)
    head = body[:_DECIDE_CHARS]
    if state is _State.QUOTE:
        return head.startswith(">")
    return indent > 0 or _LIST_ITEM.match(head) is not None


class BlockSplitter:
    """Turns text fed in pieces into complete blocks, as soon as each is final."""

    def __init__(self) -> None:
        self._buf = ""  # text not yet emitted; starts at a line start
        self._pos = 0  # start of the first line not yet processed
        self._start = 0  # start of the open block in _buf
        self._end = 0  # end of the open block's last non-blank line
        self._state = _State.NONE
        self._after_blank = False
        self._fence = ""

    def feed(self, text: str) -> list[Block]:
        """Add text; return the blocks that this text completed."""
        self._buf += text
        out: list[Block] = []
        while (nl := self._buf.find("\n", self._pos)) >= 0:
            self._line(self._buf[self._pos : nl], self._pos, nl, out)
            self._pos = nl + 1
        self._decide_early(out)
        self._trim()
        return out

    def finish(self) -> list[Block]:
        """End of text: return every remaining block."""
        out: list[Block] = []
        if self._pos < len(self._buf):
            self._line(self._buf[self._pos :], self._pos, len(self._buf), out)
            self._pos = len(self._buf)
        if self._state is not _State.NONE:
            self._emit(out)
        self._trim()
        return out

    @property
    def pending(self) -> str:
        """The text fed but not yet emitted as a block."""
        return self._buf

    def _line(self, line: str, start: int, end: int, out: list[Block]) -> None:
        state = self._state
        if state is _State.FENCE:
            self._end = end
            if start > self._start and closes_fence(line, self._fence):
                self._emit(out)
        elif state is _State.MATH:
            self._end = end
            if start > self._start and line.rstrip().endswith("$$"):
                self._emit(out)
        elif not line.strip():
            if state is _State.PARA:
                self._emit(out)
            elif state is not _State.NONE:
                self._after_blank = True
        elif state is _State.NONE:
            self._open(line, start, end)
        elif _classify(line) in (_State.FENCE, _State.MATH) or (
            self._after_blank and not _continues(state, line)
        ):
            self._emit(out)
            self._open(line, start, end)
        else:
            self._after_blank = False
            self._end = end

    def _open(self, line: str, start: int, end: int) -> None:
        self._state = _classify(line)
        self._start, self._end = start, end
        self._after_blank = False
        if self._state is _State.FENCE:
            opening = fence_opening(line)
            assert opening is not None
            self._fence = opening[0]

    def _decide_early(self, out: list[Block]) -> None:
        """End a list or quote as soon as the partial next line shows it must end."""
        if self._state not in (_State.LIST, _State.QUOTE) or not self._after_blank:
            return
        partial = self._buf[self._pos :]
        body = partial.lstrip()
        if len(body) < _DECIDE_CHARS:
            return  # not enough seen; the complete line will decide
        if not _continues(self._state, partial):
            self._emit(out)

    def _emit(self, out: list[Block]) -> None:
        kind = {_State.FENCE: BlockKind.FENCE, _State.MATH: BlockKind.MATH}.get(
            self._state, BlockKind.MARKDOWN
        )
        out.append(Block(kind, self._buf[self._start : self._end]))
        self._state = _State.NONE
        self._after_blank = False

    def _trim(self) -> None:
        """Drop emitted text so the buffer only holds what may still change."""
        cut = self._pos if self._state is _State.NONE else self._start
        if cut:
            self._buf = self._buf[cut:]
            self._pos -= cut
            self._start -= cut
            self._end -= cut


def split_blocks(text: str) -> list[Block]:
    """Split a whole text into blocks exactly as a stream of it would."""
    splitter = BlockSplitter()
    return splitter.feed(text) + splitter.finish()


def normalize_list_indent(text: str) -> str:
    """Re-indent nested list lines to the 4 spaces Python-Markdown requires.

    Models nest lists with 2 or 3 spaces; Python-Markdown would flatten those
    into one paragraph. A line belongs to the innermost open item it is
    indented past.
    """
    columns: list[int] = []  # per open item, the indent that nests in it
    out: list[str] = []
    for line in text.split("\n"):
        body = line.lstrip(" ")
        indent = len(line) - len(body)
        if not body:
            out.append(line)
            continue
        while columns and indent < columns[-1]:
            columns.pop()
        item = _LIST_ITEM.match(body)
        if columns or item:
            line = " " * (4 * len(columns)) + body
        if item:
            # Lenient on purpose: any indent past the marker nests (models
            # write "1. a" then "  - b", short of CommonMark's content column).
            columns.append(indent + 1)
        out.append(line)
    return "\n".join(out)
