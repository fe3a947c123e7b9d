"""The one configured, safe markdown renderer for replies (docs/ARCHITECTURE.md §1, §5).

A reply is parsed once by markdown-it-py and cut into its top-level blocks
(the parser's own tokens and line maps); each block is rendered on its own
within a budget (``budget.py``) and the HTML of a reply is the concatenation.
``streaming.py`` commits the same blocks as the parser closes them, so a
streamed reply ends exactly equal to this one-shot render.

Fenced code gets a language label and a ``copy:N`` link, ``N`` counting the
code blocks of the reply from 0; ``RenderResult.code_blocks[N]`` keeps the raw
code for the view's Copy action.
"""

from __future__ import annotations

import copy
import hashlib
import re
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass

from markdown_it.token import Token

from desktop_app.render.budget import MAX_NESTING, fallback_html, segments
from desktop_app.render.highlight import PALETTES, CodeTheme, code_block_html
from desktop_app.render.mdit import Env, make_parser
from desktop_app.render.plaintext import html_to_text

__all__ = ["COMMON_LANGUAGES", "CodeTheme", "MarkdownRenderer", "ParsedBlock", "RenderResult"]

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

_NEWLINES = re.compile(r"\r\n?")

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
class ParsedBlock:
    """One top-level block: its source lines [start, end) and tokens (None: unparsable)."""

    start: int
    end: int
    source: str
    tokens: list[Token] | None


class MarkdownRenderer:
    """Renders replies to Qt rich-text HTML; caches finished replies.

    Not thread-safe: one renderer belongs to the GUI thread.
    """

    def __init__(self, cache_size: int = 256) -> None:
        self._md = make_parser()
        self._md.options["maxNesting"] = MAX_NESTING
        self._cache: OrderedDict[tuple[bytes, CodeTheme], RenderResult] = OrderedDict()
        self._cache_size = cache_size

    def render(self, text: str, theme: CodeTheme = CodeTheme.LIGHT) -> RenderResult:
        """Render a whole reply, or return the cached result for it."""
        key = _key(text, theme)
        cached = self._cache.get(key)
        if cached is not None:
            self._cache.move_to_end(key)
            return cached
        env: Env = {}
        codes: list[str] = []
        parts = [self.render_block(block, theme, codes, env) for block in self.blocks(text, env)]
        result = RenderResult("".join(parts), tuple(codes))
        self.remember(text, theme, result)
        return result

    def blocks(self, text: str, env: Env) -> list[ParsedBlock]:
        """``text`` cut into top-level blocks; ``env`` collects reference definitions.

        Oversized runs (``budget.segments``) become unparsed blocks of their own.
        """
        lines = normalize(text).split("\n")
        out: list[ParsedBlock] = []
        for start, end, ok in segments(lines):
            if ok:
                out.extend(self._parse(lines[start:end], start, env))
            else:
                out.append(ParsedBlock(start, end, "\n".join(lines[start:end]), None))
        return out

    def _parse(self, lines: list[str], offset: int, env: Env) -> list[ParsedBlock]:
        out: list[ParsedBlock] = []
        rest = 0
        while rest < len(lines):
            blocks, cut = self._parse_until_deep(lines[rest:], offset + rest, env)
            out.extend(blocks)
            if cut is None:
                break
            rest += cut
        return out

    def _parse_until_deep(
        self, lines: list[str], offset: int, env: Env
    ) -> tuple[list[ParsedBlock], int | None]:
        """Blocks of ``lines``, and where to parse again after a too-deep block.

        Past the nesting cap markdown-it skips to the end of the enclosing
        range, so a ``- - - …`` line swallowed every block after it into the
        fallback. Such a block is shown as text up to its first blank line;
        the caller parses what follows on its own (``None``: nothing to redo).
        """
        text = "\n".join(lines)
        try:
            tokens = self._md.parse(text, env)
        except (RecursionError, MemoryError, ValueError, IndexError):
            return [ParsedBlock(offset, offset + len(lines), text, None)], None
        out: list[ParsedBlock] = []
        depth = 0
        current: list[Token] = []
        for token in tokens:
            current.append(token)
            depth += token.nesting
            if depth == 0:
                first = current[0].map
                start = first[0] if first else 0
                end = max((t.map[1] for t in current if t.map), default=start + 1)
                if any(t.level >= MAX_NESTING - 1 for t in current):
                    cut = next((i for i in range(start + 1, end) if not lines[i].strip()), end)
                    source = "\n".join(lines[start:cut])
                    out.append(ParsedBlock(start + offset, cut + offset, source, None))
                    return out, cut
                source = "\n".join(lines[start:end])
                out.append(ParsedBlock(start + offset, end + offset, source, current))
                current = []
        return out, None

    def render_block(
        self,
        block: ParsedBlock,
        theme: CodeTheme,
        codes: list[str],
        env: Env,
        *,
        colour: bool = True,
        plain: bool = False,
        typeset: bool = True,
        unclosed: str | None = None,
    ) -> str:
        """HTML of one block; its code is appended to ``codes`` (Copy-link order).

        ``colour=False`` skips Pygments, for a block still being streamed;
        ``typeset=False`` shows math as code; ``unclosed`` is the TeX of a
        formula the stream has not closed yet, shown as code too.
        """
        if block.tokens is None:
            return fallback_html(block.source)
        render_env: Env = dict(env)
        render_env.update(
            palette=PALETTES[theme],
            code_blocks=codes,
            colour=colour,
            plain=plain,
            in_link=False,
            typeset=typeset,
            unclosed=unclosed,
        )
        render_env["link_stack"] = []
        mark = len(codes)
        try:
            html: str = self._md.renderer.render(block.tokens, self._md.options, render_env)
        except (RecursionError, MemoryError, ValueError, IndexError):
            del codes[mark:]
            return fallback_html(block.source)
        return html

    def remember(self, text: str, theme: CodeTheme, result: RenderResult) -> None:
        """Cache a result (a finished stream stores itself here)."""
        key = _key(text, theme)
        self._cache[key] = result
        self._cache.move_to_end(key)
        while len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)

    def plain_text(self, text: str) -> str:
        """The reply as readable plain text: no markup, lists and tables kept legible."""
        env: Env = {}
        parts = [
            html_to_text(self.render_block(block, CodeTheme.LIGHT, [], env, plain=True))
            for block in self.blocks(text, env)
        ]
        return "\n\n".join(p.strip("\n") for p in parts if p.strip()) + ("\n" if parts else "")

    def warm_up(self, languages: Iterable[str] | None = None) -> None:
        """Pay first-call costs before a reply does, so its first render does not stall.

        Without ``languages``: the parser and the Python lexer (~40 ms). Not
        the math typesetter: a stream prefetches it (``formula.prefetch``).
        With them: only those lexers, in both themes. Warming all of
        :data:`COMMON_LANGUAGES` at once takes ~200 ms, so call this once per
        language on separate loop turns (``ChatController.warm_up_renderer``
        does) and the worst step is one lexer (~45 ms for CSS).
        """
        if languages is None:
            for theme in CodeTheme:
                env: Env = {}
                for block in self.blocks(_WARM_UP_TEXT, env):
                    self.render_block(block, theme, [], env, typeset=False)
            return
        for language in languages:
            for theme in CodeTheme:
                code_block_html("x = 1", language, 0, PALETTES[theme])


def fork_env(env: Env) -> Env:
    """A copy of a parse environment that parsing can extend without touching ``env``.

    Reference definitions and footnote numbering are what parsing adds.
    """
    forked: Env = dict(env)
    forked["references"] = dict(env.get("references", {}))
    if "footnotes" in env:
        forked["footnotes"] = copy.deepcopy(env["footnotes"])
    return forked


def normalize(text: str) -> str:
    """Line ends and NULs as markdown-it sees them, so its line maps index ``text``."""
    return _NEWLINES.sub("\n", text).replace("\0", "\ufffd")


def _key(text: str, theme: CodeTheme) -> tuple[bytes, CodeTheme]:
    digest = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16)
    return digest.digest(), theme
