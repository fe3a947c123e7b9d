"""Math in replies: the delimiters models use, typeset, or shown as code (issue 13).

``$…$``, ``$$…$$``, ``\\(…\\)`` and ``\\[…\\]`` come from mdit-py-plugins
(dollarmath with pandoc's currency rule, texmath for the brackets) plus one rule
of ours: ``\\[…\\]`` inside a paragraph ("The formula is:\\n\\[ … \\]"), which
CommonMark would read as two escaped brackets, losing both backslashes.

A formula becomes ``<img src="formula:KEY">`` drawn from ``formula.py``'s
cache, its TeX (delimiters and all) in ``alt`` for copying; one that cannot be
typeset keeps the code form. ``env["typeset"] = False`` (plain text) and
``env["unclosed"]`` (the formula a stream has not closed yet) keep code too.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Sequence

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.rules_block import StateBlock
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from markdown_it.utils import OptionsDict

from desktop_app.render.formula import SCHEME, Formula, typeset
from desktop_app.render.highlight import MONO, Palette, math_block_html

#: A math token's opening markup and its closing delimiter.
CLOSING = {"$": "$", "$$": "$$", "\\(": "\\)", "\\[": "\\]"}


def math_plugin(md: MarkdownIt) -> None:
    """``\\[…\\]`` within a paragraph, and the render rules for every math token."""
    md.inline.ruler.before("escape", "math_bracket_inline", _bracket_inline)
    md.core.ruler.push("math_display_lines", _display_lines)
    for rule in md.block.ruler.__rules__:  # texmath's \[…\] block rules
        if getattr(rule.fn, "__module__", "") == "mdit_py_plugins.texmath.index":
            rule.fn = _whole_lines(rule.fn, numbered=rule.name == "math_block_eqno")
    md.block.ruler.__cache__ = None
    for name in ("math_inline", "math_inline_double", "math_inline_bracket"):
        md.add_render_rule(name, _math_inline)
    md.add_render_rule("math_block", _math_block)
    md.add_render_rule("math_block_label", _math_block)
    md.add_render_rule("math_block_eqno", _math_block)


BlockRule = Callable[[StateBlock, int, int, bool], bool]
_EQNO = re.compile(r"\s*\(\S+?\)\s*")


def _whole_lines(rule: BlockRule, *, numbered: bool) -> BlockRule:
    """texmath's block ``\\[…\\]`` dropped text after the ``\\]`` on its line
    ("\\[x\\] then text" lost "then text"): a block only if nothing follows
    (but an equation number); else it is inline display math in a paragraph."""

    def whole(state: StateBlock, start: int, end: int, silent: bool) -> bool:
        line = state.line
        if not rule(state, start, end, True):
            return False
        last, state.line = state.line - 1, line
        begin = state.bMarks[start] + state.tShift[start]
        rest = state.src[state.src.find("\\]", begin) + 2 : state.eMarks[last]]
        if rest.strip() and not (numbered and _EQNO.fullmatch(rest)):
            return False
        return rule(state, start, end, silent)

    return whole


def _bracket_inline(state: StateInline, silent: bool) -> bool:
    """``\\[ … \\]`` anywhere in inline text, even across soft line breaks."""
    start = state.pos
    if not state.src.startswith("\\[", start):
        return False
    end = state.src.find("\\]", start + 2, state.posMax)
    # A formula has a letter or digit; CommonMark's escaped punctuation has none.
    if end < 0 or not any(ch.isalnum() for ch in state.src[start + 2 : end]):
        return False
    if not silent:
        token = state.push("math_inline_bracket", "math", 0)
        token.markup = "\\["
        token.content = state.src[start + 2 : end]
    state.pos = end + 2
    return True


_DISPLAY_INLINE = frozenset({"math_inline_double", "math_inline_bracket"})


def _meaningful(token: Token) -> bool:
    if token.type in ("softbreak", "hardbreak"):
        return False
    return token.type != "text" or bool(token.content.strip())


def _display_lines(state: StateCore) -> None:
    """Display math inside a shown ``<p>`` is lifted out into a block of its own.

    Marks each such token with whether text comes before and after it (up to
    the neighbouring display formula); the render rule closes and reopens the
    ``<p>`` around it, so a paragraph that starts or ends with one opens or
    closes nothing there. In a tight list item (no ``<p>``) the render rule
    falls back to line breaks.
    """
    tokens = state.tokens
    for i, token in enumerate(tokens):
        if token.type != "inline" or not token.children or i == 0 or i + 1 == len(tokens):
            continue
        opener, closer = tokens[i - 1], tokens[i + 1]
        if opener.type != "paragraph_open" or opener.hidden:
            continue
        children = token.children
        at = [j for j, child in enumerate(children) if child.type in _DISPLAY_INLINE]
        for n, j in enumerate(at):
            start = at[n - 1] + 1 if n else 0
            end = at[n + 1] if n + 1 < len(at) else len(children)
            before = any(_meaningful(c) for c in children[start:j])
            after = any(_meaningful(c) for c in children[j + 1 : end])
            children[j].meta["own_line"] = (before, after)
            if n == 0 and not before:
                opener.hidden = True
            if n + 1 == len(at) and not after:
                closer.hidden = True


def source_of(token: Token) -> str:
    """The formula as written, with its delimiters."""
    opening = token.markup if token.markup in CLOSING else "$$"
    if token.type.startswith("math_block"):
        return f"{opening}\n{token.content.strip()}\n{CLOSING[opening]}"
    return f"{opening}{token.content}{CLOSING[opening]}"


def _palette(env: dict[str, object]) -> Palette:
    palette = env["palette"]
    assert isinstance(palette, Palette)
    return palette


def _is_unclosed(token: Token, env: dict[str, object]) -> bool:
    """Whether this is the formula a stream is still writing (closed only provisionally)."""
    unclosed = env.get("unclosed")
    return isinstance(unclosed, str) and unclosed.strip() == token.content.strip()


def _formula(token: Token, env: dict[str, object], *, display: bool) -> Formula | None:
    if not env.get("typeset", True) or env.get("plain") or _is_unclosed(token, env):
        return None
    return typeset(token.content.strip(), display=display, colour=_palette(env).formula_fg)


def display_html(inner: str) -> str:
    """A display formula: centred in a borderless one-cell table.

    Not ``<p align="center">``: the streaming view inserts committed HTML with
    ``insertHtml``, which drops the first block's alignment; a table keeps it.
    """
    return (
        '<table class="math-display" width="100%" cellspacing="0" cellpadding="2" border="0">'
        f'<tr><td align="center">{inner}</td></tr></table>\n'
    )


def image_html(formula: Formula, source: str) -> str:
    """The ``<img>`` of a typeset formula; Qt asks the view for ``formula:KEY``."""
    alt = html.escape(source)
    return (
        f'<img src="{SCHEME}:{formula.key}" width="{formula.width:.1f}" '
        f'height="{formula.height:.1f}" alt="{alt}" title="{alt}" '
        'style="vertical-align: middle;" />'
    )


def _math_inline(
    self: RendererHTML,
    tokens: Sequence[Token],
    idx: int,
    options: OptionsDict,
    env: dict[str, object],
) -> str:
    token = tokens[idx]
    source = source_of(token)
    if _is_unclosed(token, env):  # no closing delimiter the model has not written
        source = source[: -len(CLOSING.get(token.markup, "$$"))]
    display = token.type != "math_inline"
    formula = _formula(token, env, display=display)
    own_line = token.meta.get("own_line") if display else None
    if own_line is not None:  # lifted out of its <p>: close it, show the block, reopen
        before, after = own_line
        if env.get("plain"):
            block = f"<pre>{html.escape(source, quote=False)}</pre>\n"
        elif formula is None:
            block = math_block_html(source, _palette(env))
        else:
            block = display_html(image_html(formula, source))
        return f"{'</p>' + chr(10) if before else ''}{block}{'<p>' if after else ''}"
    if formula is None:
        p = _palette(env)
        text = html.escape(source, quote=False)
        style = f"background-color: {p.inline_code_bg}; {MONO} color: {p.math_fg};"
        return f'<code style="{style}">{text}</code>'
    image = image_html(formula, source)
    if not display:
        return image
    # In a tight list item: on a line of its own.
    before = "<br />" if idx > 0 and tokens[idx - 1].type != "hardbreak" else ""
    after = "<br />" if idx + 1 < len(tokens) else ""
    return f"{before}{image}{after}"


def _math_block(
    self: RendererHTML,
    tokens: Sequence[Token],
    idx: int,
    options: OptionsDict,
    env: dict[str, object],
) -> str:
    token = tokens[idx]
    source = source_of(token)
    if env.get("plain"):
        return f"<pre>{html.escape(source, quote=False)}</pre>\n"
    formula = _formula(token, env, display=True)
    if formula is None:
        if _is_unclosed(token, env):
            source = source[: source.rfind("\n")]
        return math_block_html(source, _palette(env))
    return display_html(image_html(formula, source))
