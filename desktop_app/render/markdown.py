"""The one configured, safe markdown renderer for replies (DESIGN.md §1, §5).

A reply is split into top-level blocks (``blocks.py``) and each block is
rendered on its own; the HTML of a reply is the concatenation. Defining the
one-shot render this way is what lets ``streaming.py`` commit finished blocks
once and still end exactly equal to a one-shot render.

Fenced code never goes through Python-Markdown: we render it ourselves as a
Qt-friendly table with a language label and a ``copy:N`` link, ``N`` counting
the fenced blocks of the reply from 0, and keep the raw code in
``RenderResult.code_blocks[N]`` for the view's Copy action.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass

from markdown import Extension, Markdown

from desktop_app.render.blocks import (
    Block,
    BlockKind,
    closes_fence,
    fence_opening,
    normalize_list_indent,
    split_blocks,
)
from desktop_app.render.highlight import (
    PALETTES,
    CodeTheme,
    code_block_html,
    fence_language,
    math_block_html,
)
from desktop_app.render.inline import register_inline
from desktop_app.render.plaintext import html_to_text
from desktop_app.render.sanitize import SanitizeTreeprocessor

__all__ = ["COMMON_LANGUAGES", "CodeTheme", "MarkdownRenderer", "RenderResult"]

#: Fence languages replies use most. Pygments compiles a lexer's regexes the
#: first time it is used, 3-45 ms each (CSS is the worst), so a reply's first
#: ``rust`` block would stall the loop unless warmed up beforehand.
COMMON_LANGUAGES = (
    "python",
    "javascript",
    "js",
    "typescript",
    "bash",
    "shell",
    "json",
    "rust",
    "go",
    "java",
    "c",
    "cpp",
    "sql",
    "html",
    "css",
    "yaml",
)

_WARM_UP_TEXT = """# Title

Some *emphasis*, **strong**, `code`, ~~gone~~, $x^2$ and https://example.com.

- a list
  1. nested

| a | b |
|---|---|
| 1 | 2 |

```python
def f(x: int) -> int:
    return x + 1
```
"""


@dataclass(frozen=True, slots=True)
class RenderResult:
    """A rendered reply: its HTML and the raw code of each fenced block."""

    html: str
    code_blocks: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class FencedCode:
    """A fenced block's language and code, without fences or list indent."""

    language: str
    code: str


def parse_fence(source: str) -> FencedCode:
    """Take a FENCE block's source apart (an unclosed fence runs to the end)."""
    lines = source.split("\n")
    opening = fence_opening(lines[0])
    fence, info = opening if opening is not None else ("```", "")
    indent = len(lines[0]) - len(lines[0].lstrip(" "))
    body = lines[1:]
    if body and closes_fence(body[-1], fence):
        body = body[:-1]
    code = "\n".join(_dedent(line, indent) for line in body)
    return FencedCode(fence_language(info), code)


def _dedent(line: str, indent: int) -> str:
    """Remove up to ``indent`` spaces: a fence inside a list item is indented."""
    stripped = line.lstrip(" ")
    return line[min(indent, len(line) - len(stripped)) :]


class _SafeExtension(Extension):
    """Raw HTML off, automail off (it entity-encodes hrefs), our inline syntax on."""

    def __init__(self, tree: SanitizeTreeprocessor) -> None:
        super().__init__()
        self._tree = tree

    def extendMarkdown(self, md: Markdown) -> None:
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        md.inlinePatterns.deregister("automail")
        register_inline(md)
        md.treeprocessors.register(self._tree, "afarensis_sanitize", 15)


class MarkdownRenderer:
    """Renders replies to Qt rich-text HTML; caches finished replies.

    Not thread-safe: one renderer belongs to the GUI thread.
    """

    def __init__(self, cache_size: int = 256) -> None:
        self._tree = SanitizeTreeprocessor()
        self._md = Markdown(extensions=["tables", "sane_lists", _SafeExtension(self._tree)])
        self._cache: OrderedDict[tuple[bytes, CodeTheme], RenderResult] = OrderedDict()
        self._cache_size = cache_size

    def render(self, text: str, theme: CodeTheme = CodeTheme.LIGHT) -> RenderResult:
        """Render a whole reply, or return the cached result for it."""
        key = _key(text, theme)
        cached = self._cache.get(key)
        if cached is not None:
            self._cache.move_to_end(key)
            return cached
        parts: list[str] = []
        codes: list[str] = []
        for block in split_blocks(text):
            parts.append(self.render_block(block, theme, len(codes)))
            codes.extend(self.block_codes(block))
        result = RenderResult("".join(parts), tuple(codes))
        self.remember(text, theme, result)
        return result

    def render_block(
        self, block: Block, theme: CodeTheme, code_index: int, *, colour: bool = True
    ) -> str:
        """HTML of one block; ``code_index`` numbers its Copy link if it is code.

        ``colour=False`` skips Pygments, for a fence still being streamed.
        """
        palette = PALETTES[theme]
        if block.kind is BlockKind.FENCE:
            fenced = parse_fence(block.text)
            return code_block_html(fenced.code, fenced.language, code_index, palette, colour=colour)
        if block.kind is BlockKind.MATH:
            return math_block_html(block.text.strip(), palette)
        self._tree.palette = palette
        self._md.reset()
        return self._md.convert(normalize_list_indent(block.text)) + "\n"

    @staticmethod
    def block_codes(block: Block) -> Iterable[str]:
        """The raw code a block contributes to ``RenderResult.code_blocks``."""
        return (parse_fence(block.text).code,) if block.kind is BlockKind.FENCE else ()

    def remember(self, text: str, theme: CodeTheme, result: RenderResult) -> None:
        """Cache a result (a finished stream stores itself here)."""
        key = _key(text, theme)
        self._cache[key] = result
        self._cache.move_to_end(key)
        while len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)

    def plain_text(self, text: str) -> str:
        """The reply as readable plain text: no markup, lists and tables kept legible."""
        parts: list[str] = []
        for block in split_blocks(text):
            if block.kind is BlockKind.FENCE:
                parts.append(parse_fence(block.text).code)
            elif block.kind is BlockKind.MATH:
                parts.append(block.text.strip())
            else:
                self._md.reset()
                parts.append(html_to_text(self._md.convert(normalize_list_indent(block.text))))
        return "\n\n".join(p for p in parts if p.strip()) + ("\n" if parts else "")

    def warm_up(self, languages: Iterable[str] | None = None) -> None:
        """Pay first-call costs before a reply does, so its first render does not stall.

        Without ``languages``: Python-Markdown and the Python lexer (~40 ms).
        With them: only those lexers, in both themes. Warming all of
        :data:`COMMON_LANGUAGES` at once takes ~200 ms, so call this once per
        language on separate loop turns (``ChatController.warm_up_renderer``
        does) and the worst step is one lexer (~45 ms for CSS).
        """
        if languages is None:
            for theme in CodeTheme:
                for block in split_blocks(_WARM_UP_TEXT):
                    self.render_block(block, theme, 0)
            return
        for language in languages:
            for theme in CodeTheme:
                code_block_html("x = 1", language, 0, PALETTES[theme])


def _key(text: str, theme: CodeTheme) -> tuple[bytes, CodeTheme]:
    digest = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16)
    return digest.digest(), theme
