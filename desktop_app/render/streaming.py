"""Render a reply while it streams, touching only what changed (docs/ARCHITECTURE.md §4).

Each flush parses only the uncommitted source. Every top-level block but the
last one is closed for good (CommonMark block parsing never reopens a block
once a later one has started), so it is rendered once, with highlighting,
and handed out as ``committed_html`` exactly once. A block that may use a
reference definition still to come (``[x]``, ``[a][b]``) waits. The rest
(the tail) is re-rendered at each flush without Pygments and replaces the
previous tail. When the stream finishes, the pieces of ``committed_html``
joined with the last ``pending_html`` equal ``MarkdownRenderer.render(text)``
byte for byte, and the result is stored in the renderer's cache.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from desktop_app.render import formula
from desktop_app.render.markdown import (
    CodeTheme,
    MarkdownRenderer,
    ParsedBlock,
    RenderResult,
    fork_env,
    normalize,
)
from desktop_app.render.mdit import Env

# A "]" not opening an inline link's "(": a reference use or definition, whose
# meaning can depend on text not streamed yet.
_MAYBE_REFERENCE = re.compile(r"\](?!\()")


@dataclass(frozen=True, slots=True)
class StreamUpdate:
    """What a flush changed.

    Attributes:
        committed_html: HTML of the blocks committed since the last update;
            append it after what was committed before.
        pending_html: the whole re-rendered tail; replaces the previous tail.
    """

    committed_html: str
    pending_html: str


class StreamingRenderer:
    """Incremental renderer for one streaming reply; ``feed`` per delta,
    ``flush`` per frame, ``finish`` once at the end."""

    def __init__(self, renderer: MarkdownRenderer, theme: CodeTheme = CodeTheme.LIGHT) -> None:
        self._renderer = renderer
        self._theme = theme
        self._parts: list[str] = []  # the source fed so far, joined on demand
        self._committed_chars = 0  # source whose blocks are committed, whole lines
        self._env: Env = {}  # reference definitions of committed blocks
        self._html: list[str] = []  # committed HTML, block by block
        self._codes: list[str] = []  # raw code of committed code blocks
        self._pending_codes: tuple[str, ...] = ()
        self._tail_source: str | None = None
        self._tail_html = ""
        # (committed chars, complete lines) of the last flush that committed nothing.
        self._settled: tuple[int, str] | None = None
        self._finished: RenderResult | None = None
        formula.prefetch()  # the reply may write math: load the typesetter meanwhile

    def feed(self, text_delta: str) -> None:
        """Add streamed text. Cheap: parsing waits for ``flush``."""
        if self._finished is not None:
            raise RuntimeError("feed() after finish()")
        self._parts.append(text_delta)

    def flush(self) -> StreamUpdate:
        """Commit newly closed blocks, and re-render the tail if it changed."""
        if self._finished is not None:
            return StreamUpdate("", "")
        tail = normalize(self.text)[self._committed_chars :]
        if tail == self._tail_source:
            return StreamUpdate("", self._tail_html)
        complete = tail[: tail.rfind("\n") + 1]  # a partial last line may still change role
        if self._settled == (self._committed_chars, complete):
            # Only the partial last line grew: the same complete lines commit
            # nothing again, so they are not parsed again (half the flushes).
            committed = ""
        else:
            env = fork_env(self._env)
            before = self._committed_chars
            committed = self._commit(self._renderer.blocks(complete, env), complete)
            self._settled = None if committed else (before, complete)
        tail = normalize(self.text)[self._committed_chars :]
        self._tail_source = tail
        self._tail_html, self._pending_codes = self._render_tail(tail)
        return StreamUpdate(committed, self._tail_html)

    def finish(self) -> StreamUpdate:
        """End of stream: commit everything; the pending tail becomes empty."""
        if self._finished is not None:
            return StreamUpdate("", "")
        tail = normalize(self.text)[self._committed_chars :]
        env = fork_env(self._env)
        blocks = self._renderer.blocks(tail, env)
        html: list[str] = []
        for block in blocks:
            html.append(self._renderer.render_block(block, self._theme, self._codes, env))
        self._html.extend(html)
        self._pending_codes = ()
        self._finished = RenderResult("".join(self._html), tuple(self._codes))
        self._renderer.remember(self.text, self._theme, self._finished)
        return StreamUpdate("".join(html), "")

    @property
    def text(self) -> str:
        """The markdown source fed so far."""
        if len(self._parts) > 1:
            self._parts = ["".join(self._parts)]
        return self._parts[0] if self._parts else ""

    @property
    def code_blocks(self) -> tuple[str, ...]:
        """Raw code of every code block shown so far, by ``copy:N`` index."""
        return (*self._codes, *self._pending_codes)

    @property
    def result(self) -> RenderResult | None:
        """The final render once ``finish`` ran, else None."""
        return self._finished

    def _commit(self, blocks: list[ParsedBlock], tail: str) -> str:
        """Render closed blocks up to the first that may await a reference.

        Every block but the last is closed; the last one too when nothing
        more can extend it (``_is_closed_last``).
        """
        html: list[str] = []
        upto = 0
        for i, block in enumerate(blocks):
            if i + 1 < len(blocks):
                end = blocks[i + 1].start
            elif _is_closed_last(block, tail):
                end = block.end
            else:
                break
            if _may_await_reference(block) or _may_open_math(block):
                break
            html.append(self._renderer.render_block(block, self._theme, self._codes, self._env))
            upto = end
        if not html:
            return ""
        done = "".join(line + "\n" for line in tail.split("\n")[:upto])
        self._renderer.blocks(done, self._env)  # collects its reference definitions
        self._committed_chars += len(done)
        self._html.extend(html)
        return "".join(html)

    def _render_tail(self, tail: str) -> tuple[str, tuple[str, ...]]:
        """The tail as it would render if the text ended here, code uncoloured.

        A formula still being written shows as code (its TeX so far), not as
        stray ``$`` signs and text that jump into a formula once it closes.
        """
        env = fork_env(self._env)
        blocks = self._renderer.blocks(tail, env)
        unclosed: str | None = None
        opened = _open_formula(tail)
        if opened is not None:
            closer, tex = opened
            closed_env = fork_env(self._env)
            closed = self._renderer.blocks(tail + closer, closed_env)
            if _has_formula(closed, tex):
                blocks, env, unclosed = closed, closed_env, tex
        codes = list(self._codes)
        html = [
            self._renderer.render_block(
                block, self._theme, codes, env, colour=False, unclosed=unclosed
            )
            for block in blocks
        ]
        return "".join(html), tuple(codes[len(self._codes) :])


_ENDED_BY_BLANK_LINE = frozenset({"paragraph_open", "table_open", "blockquote_open"})


def _is_closed_last(block: ParsedBlock, tail: str) -> bool:
    """Whether the last block of ``tail`` (complete lines) is final already.

    An ATX heading or a rule ends with its line; a paragraph, table or quote
    with a blank line; a fence with its closing line. Lists, indented code
    and display math may go on after blank lines, so they wait.
    """
    if block.tokens is None:
        return False
    first = block.tokens[0]
    if first.type == "hr" or (first.type == "heading_open" and first.markup.startswith("#")):
        return True
    if first.type in _ENDED_BY_BLANK_LINE:
        lines = tail.split("\n")
        return block.end < len(lines) - 1 and not lines[block.end].strip()
    if len(block.tokens) != 1 or first.type != "fence":
        return False
    lines = block.source.split("\n")
    fence = block.tokens[0].markup
    last = lines[-1].strip()
    return len(lines) > 1 and last.startswith(fence) and set(last) == {fence[0]}


def _may_await_reference(block: ParsedBlock) -> bool:
    """Whether the block's inline text has a ``]`` a later definition could resolve.

    Only text counts: a ``]`` in code or math (``\\]``) never does, and a task
    marker ``[ ]`` is no longer text once parsed. A footnote waits too (its
    reference and definition): its number depends on what comes after it.
    """
    for token in block.tokens or ():
        if token.type == "footnote_reference_open":
            return True
        if token.type != "inline" or "]" not in token.content:
            continue
        for child in token.children or ():
            if child.type == "footnote_ref":
                return True
            if child.type == "text" and _MAYBE_REFERENCE.search(child.content):
                return True
    return False


def _may_open_math(block: ParsedBlock) -> bool:
    """A ``$$`` or ``\\[`` not yet closed: a later ``$$`` or ``\\]`` would make it
    display math reaching back over blank lines, so the block is not final."""
    if "$$" not in block.source and "\\[" not in block.source:
        return False
    if any(t.type.startswith("math_block") for t in block.tokens or ()):
        return False
    rest = _CLOSED_DISPLAY.sub("", block.source)
    return "$$" in rest or "\\[" in rest


_CLOSED_DISPLAY = re.compile(r"\$\$[\s\S]*?\$\$|\\\[[\s\S]*?\\\]")


_ESCAPED_DOLLAR = re.compile(r"\\\$")


def _open_formula(tail: str) -> tuple[str, str] | None:
    """The closer and TeX of a formula the tail's last paragraph leaves open, if any.

    A guess from delimiters only; the caller keeps it only if closing there
    really parses as that formula (so ``$5`` or a ``$`` in code stays prose).
    """
    last = tail[tail.rfind("\n\n") + 1 :] if "\n\n" in tail else tail
    if last.count("$$") % 2:
        return "$$", last[last.rfind("$$") + 2 :]
    for opener, closer in (("\\[", "\\]"), ("\\(", "\\)")):
        at = last.rfind(opener)
        if at >= 0 and last.find(closer, at) < 0:
            return closer, last[at + 2 :]
    single = _ESCAPED_DOLLAR.sub("", last).replace("$$", "")
    if single.count("$") % 2:
        tex = last[last.rfind("$") + 1 :]
        # "$5 and more" is far likelier a price than a formula: leave it prose.
        if tex.strip() and tex == tex.strip() and not tex[0].isdigit():
            return "$", tex
    return None


def _has_formula(blocks: list[ParsedBlock], tex: str) -> bool:
    """Whether some math token of ``blocks`` holds ``tex``."""
    wanted = tex.strip()
    for block in blocks:
        for token in block.tokens or ():
            found = [token, *(token.children or ())]
            if any(t.type.startswith("math") and t.content.strip() == wanted for t in found):
                return True
    return False
