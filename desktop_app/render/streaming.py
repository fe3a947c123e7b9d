"""Render a reply while it streams, touching only what changed (DESIGN.md §4).

Blocks the splitter has finished are rendered once, with highlighting, and
handed out as ``committed_html`` exactly once; the view appends them. The
rest (the tail) is re-rendered at each flush without Pygments and replaces
the previous tail. When the stream finishes, the pieces of ``committed_html``
joined with the last ``pending_html`` equal ``MarkdownRenderer.render(text)``
byte for byte, and the result is stored in the renderer's cache.
"""

from __future__ import annotations

from dataclasses import dataclass

from desktop_app.render.blocks import Block, BlockSplitter, split_blocks
from desktop_app.render.markdown import CodeTheme, MarkdownRenderer, RenderResult


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
        self._splitter = BlockSplitter()
        self._parts: list[str] = []  # the source fed so far, joined on demand
        self._ready: list[Block] = []  # finished blocks not yet rendered
        self._html: list[str] = []  # committed HTML, block by block
        self._codes: list[str] = []  # raw code of committed fenced blocks
        self._pending_codes: tuple[str, ...] = ()
        self._tail_source: str | None = None
        self._tail_html = ""
        self._finished: RenderResult | None = None

    def feed(self, text_delta: str) -> None:
        """Add streamed text. Cheap: rendering waits for ``flush``."""
        if self._finished is not None:
            raise RuntimeError("feed() after finish()")
        self._parts.append(text_delta)
        self._ready.extend(self._splitter.feed(text_delta))

    def flush(self) -> StreamUpdate:
        """Render newly finished blocks, and the tail if it changed."""
        if self._finished is not None:
            return StreamUpdate("", "")
        committed = self._commit()
        tail = self._splitter.pending
        if tail != self._tail_source:
            self._tail_source = tail
            self._tail_html, self._pending_codes = self._render_tail(tail)
        return StreamUpdate(committed, self._tail_html)

    def finish(self) -> StreamUpdate:
        """End of stream: commit everything; the pending tail becomes empty."""
        if self._finished is not None:
            return StreamUpdate("", "")
        self._ready.extend(self._splitter.finish())
        committed = self._commit()
        self._pending_codes = ()
        text = self.text
        self._finished = RenderResult("".join(self._html), tuple(self._codes))
        self._renderer.remember(text, self._theme, self._finished)
        return StreamUpdate(committed, "")

    @property
    def text(self) -> str:
        """The markdown source fed so far."""
        if len(self._parts) > 1:
            self._parts = ["".join(self._parts)]
        return self._parts[0] if self._parts else ""

    @property
    def code_blocks(self) -> tuple[str, ...]:
        """Raw code of every fenced block shown so far, by ``copy:N`` index."""
        return (*self._codes, *self._pending_codes)

    @property
    def result(self) -> RenderResult | None:
        """The final render once ``finish`` ran, else None."""
        return self._finished

    def _commit(self) -> str:
        html: list[str] = []
        for block in self._ready:
            html.append(self._renderer.render_block(block, self._theme, len(self._codes)))
            self._codes.extend(self._renderer.block_codes(block))
        self._ready.clear()
        self._html.extend(html)
        return "".join(html)

    def _render_tail(self, tail: str) -> tuple[str, tuple[str, ...]]:
        """The tail as it would render if the text ended here, code uncoloured."""
        html: list[str] = []
        codes: list[str] = []
        for block in split_blocks(tail):
            index = len(self._codes) + len(codes)
            html.append(self._renderer.render_block(block, self._theme, index, colour=False))
            codes.extend(self._renderer.block_codes(block))
        return "".join(html), tuple(codes)
