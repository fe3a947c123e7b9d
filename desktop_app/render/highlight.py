"""Code blocks: per-theme palettes and the HTML table Qt shows them in.

Qt's rich text ignores a background on ``<pre>`` and CSS borders on cells, so
a code block is a one-cell-wide table with ``bgcolor``: a header row (language
label and a ``copy:N`` link the view turns into a clipboard copy) above the
code. Pygments writes inline ``style`` attributes (``noclasses``) because a
QTextDocument has no room for a per-message stylesheet.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from enum import StrEnum
from functools import cache

from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexer import Lexer
from pygments.lexers import get_lexer_by_name
from pygments.util import ClassNotFound

MONO = "font-family: monospace;"


class CodeTheme(StrEnum):
    """Light or dark colours; the values match ``core.settings.Theme``."""

    LIGHT = "light"
    DARK = "dark"


@dataclass(frozen=True, slots=True)
class Palette:
    """Colours for everything the renderer styles inline, for one theme."""

    pygments_style: str
    code_bg: str
    code_fg: str
    header_bg: str
    label_fg: str
    inline_code_bg: str
    quote_fg: str
    border: str
    math_fg: str
    link_fg: str
    formula_fg: str  # typeset math: the text colour


PALETTES: dict[CodeTheme, Palette] = {
    CodeTheme.LIGHT: Palette(
        pygments_style="default",
        code_bg="#f6f8fa",
        code_fg="#1f2328",
        header_bg="#eaeef2",
        label_fg="#57606a",
        inline_code_bg="#eff1f3",
        quote_fg="#57606a",
        border="#d0d7de",
        math_fg="#0550ae",
        link_fg="#0969da",
        formula_fg="#1f2328",
    ),
    CodeTheme.DARK: Palette(
        pygments_style="github-dark",
        code_bg="#161b22",
        code_fg="#e6edf3",
        header_bg="#21262d",
        label_fg="#8b949e",
        inline_code_bg="#2d333b",
        quote_fg="#8b949e",
        border="#3d444d",
        math_fg="#79c0ff",
        link_fg="#4493f8",
        formula_fg="#e6edf3",
    ),
}


@cache
def _formatter(style: str) -> HtmlFormatter[str]:
    # nowrap: we supply the <pre> ourselves; noclasses: inline colours for Qt.
    return HtmlFormatter(style=style, noclasses=True, nowrap=True)


@cache
def _lexer(language: str) -> Lexer | None:
    """Lexer for a fence's language, or None (plain text; never guess: slow)."""
    if not language:
        return None
    try:
        return get_lexer_by_name(language, stripnl=False, ensurenl=False)
    except ClassNotFound:
        return None


def fence_language(info: str) -> str:
    """The language named by a fence's info string (``{.py}``, ``python x``)."""
    word = info.strip().lstrip("{").lstrip(".").split(maxsplit=1)
    return word[0].rstrip("}").lower() if word else ""


def code_html(code: str, language: str, palette: Palette, *, colour: bool) -> str:
    """The inside of a code ``<pre>``: highlighted spans, or escaped text."""
    lexer = _lexer(language) if colour else None
    if lexer is None:
        return html.escape(code, quote=False)
    out = highlight(code, lexer, _formatter(palette.pygments_style))
    # Pygments ends with a newline; Qt would show it as an empty last line.
    return out[:-1] if out.endswith("\n") and not code.endswith("\n") else out


def code_block_html(
    code: str, language: str, index: int, palette: Palette, *, colour: bool = True
) -> str:
    """A fenced block: header row (label, ``copy:index`` link), then the code."""
    label = html.escape(language or "text")
    return (
        f'<table width="100%" cellspacing="0" cellpadding="6" border="0" '
        f'bgcolor="{palette.code_bg}" style="margin-top: 6px; margin-bottom: 6px;">'
        f'<tr><td bgcolor="{palette.header_bg}" style="color: {palette.label_fg}; '
        f'font-size: small;">{label}</td>'
        f'<td bgcolor="{palette.header_bg}" align="right" style="font-size: small;">'
        f'<a href="copy:{index}" style="color: {palette.link_fg};">Copy</a></td></tr>'
        f'<tr><td colspan="2"><pre style="margin: 0; color: {palette.code_fg}; {MONO}">'
        f"{code_html(code, language, palette, colour=colour)}</pre></td></tr></table>\n"
    )


def math_block_html(source: str, palette: Palette) -> str:
    """Display math that could not be typeset: its TeX, verbatim, as code."""
    return (
        f'<table width="100%" cellspacing="0" cellpadding="6" border="0" '
        f'bgcolor="{palette.code_bg}" style="margin-top: 6px; margin-bottom: 6px;">'
        f'<tr><td><pre style="margin: 0; color: {palette.math_fg}; {MONO}">'
        f"{html.escape(source, quote=False)}</pre></td></tr></table>\n"
    )
