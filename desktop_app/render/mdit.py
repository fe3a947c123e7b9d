"""The markdown-it-py parser and our safe, Qt-friendly render rules.

CommonMark + GFM tables, strikethrough, task lists and bare-URL linking,
because models write that dialect (issue 13). Raw HTML is off, so it reaches
the reader as text; the rules below make images links (Qt would fetch them),
keep only http/https/mailto hrefs, and draw code with Pygments plus a
``copy:N`` link, ``N`` counted in ``env["code_blocks"]``.
"""

from __future__ import annotations

import html
from collections.abc import MutableMapping, Sequence
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from markdown_it.utils import OptionsDict
from mdit_py_plugins.dollarmath import dollarmath_plugin
from mdit_py_plugins.tasklists import tasklists_plugin
from mdit_py_plugins.texmath import texmath_plugin

from desktop_app.render.footnotes import footnotes_plugin
from desktop_app.render.highlight import (
    MONO,
    Palette,
    code_block_html,
    fence_language,
)
from desktop_app.render.math_rules import math_plugin
from desktop_app.render.sanitize import safe_href

Env = MutableMapping[str, Any]


def make_parser() -> MarkdownIt:
    """CommonMark with tables, ~~strike~~, tasks, footnotes, $math$ and bare URLs; no HTML."""
    md = MarkdownIt("commonmark", {"html": False, "linkify": True, "typographer": False})
    md.enable(["table", "strikethrough", "linkify"])
    md.use(tasklists_plugin)
    # Currency heuristics as pandoc's: "$5 and $10" stays prose.
    md.use(dollarmath_plugin, allow_digits=False, allow_space=False, double_inline=True)
    md.use(texmath_plugin, delimiters="brackets")  # \(…\) and \[…\] keep their backslashes
    md.use(math_plugin)  # \[…\] inside a paragraph; typeset render rules
    md.use(footnotes_plugin)
    md.validateLink = lambda url: True  # type: ignore[method-assign]  # link_open decides
    rules = {
        "fence": _fence,
        "code_block": _code_block,
        "image": _image,
        "link_open": _link_open,
        "link_close": _link_close,
        "table_open": _table_open,
        "code_inline": _code_inline,
        "blockquote_open": _blockquote_open,
        "html_inline": _html_inline,
        "html_block": _html_block,
    }
    for name, rule in rules.items():
        md.add_render_rule(name, rule)
    return md


def _palette(env: Env) -> Palette:
    palette: Palette = env["palette"]
    return palette


def _next_code(env: Env, code: str) -> int:
    codes: list[str] = env["code_blocks"]
    codes.append(code)
    return len(codes) - 1


def _fence(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: Env
) -> str:
    token = tokens[idx]
    code = token.content[:-1] if token.content.endswith("\n") else token.content
    index = _next_code(env, code)
    if env.get("plain"):
        return f"<pre>{html.escape(code, quote=False)}</pre>\n"
    language = fence_language(token.info)
    return code_block_html(code, language, index, _palette(env), colour=env.get("colour", True))


def _code_block(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: Env
) -> str:
    """Indented code: Qt ignores <pre> backgrounds, so box it in a cell."""
    code = tokens[idx].content
    code = code[:-1] if code.endswith("\n") else code
    p = _palette(env)
    if env.get("plain"):
        return f"<pre>{html.escape(code, quote=False)}</pre>\n"
    return (
        f'<table width="100%" cellspacing="0" cellpadding="6" border="0" bgcolor="{p.code_bg}">'
        f'<tr><td><pre style="margin: 0; color: {p.code_fg}; {MONO}">'
        f"{html.escape(code, quote=False)}</pre></td></tr></table>\n"
    )


def _image(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: Env
) -> str:
    """Qt fetches <img>; show the alt text as a link to the image instead."""
    token = tokens[idx]
    alt = self.renderInlineAsText(token.children or [], options, env) or "image"
    label = html.escape(f"[image: {alt}]", quote=False)
    href = safe_href(str(token.attrGet("src") or ""))
    if href is None or env.get("in_link"):
        return f"<span>{label}</span>"
    return f'<a href="{html.escape(href)}" style="color: {_palette(env).link_fg};">{label}</a>'


def _link_open(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: Env
) -> str:
    token = tokens[idx]
    href = safe_href(str(token.attrGet("href") or ""))
    stack: list[bool] = env.setdefault("link_stack", [])
    if href is None or env.get("in_link"):
        stack.append(False)
        return "<span>"  # inert: no scheme we trust, or a link in a link
    stack.append(True)
    env["in_link"] = True
    title = token.attrGet("title")
    extra = f' title="{html.escape(str(title))}"' if title else ""
    colour = _palette(env).link_fg
    return f'<a href="{html.escape(href)}" style="color: {colour};"{extra}>'


def _link_close(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: Env
) -> str:
    stack: list[bool] = env.setdefault("link_stack", [])
    was_link = stack.pop() if stack else False
    if was_link:
        env["in_link"] = False
        return "</a>"
    return "</span>"


def _table_open(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: Env
) -> str:
    border = _palette(env).border
    return (
        '<table border="1" cellspacing="0" cellpadding="4" '
        f'style="border-collapse: collapse; border-color: {border};">\n'
    )


def _code_inline(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: Env
) -> str:
    p = _palette(env)
    text = html.escape(tokens[idx].content, quote=False)
    return f'<code style="background-color: {p.inline_code_bg}; {MONO}">{text}</code>'


def _blockquote_open(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: Env
) -> str:
    return f'<blockquote style="color: {_palette(env).quote_fg};">\n'


def _html_inline(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: Env
) -> str:
    """Raw HTML is off, so only the task-list plugin makes these: Qt draws no
    ``<input>``, so a task shows a ballot box; anything else stays text."""
    content = tokens[idx].content
    if content.startswith('<input class="task-list-item-checkbox"'):
        return "\u2611" if 'checked="checked"' in content else "\u2610"
    return html.escape(content, quote=False)


def _html_block(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: Env
) -> str:
    return f"<p>{html.escape(tokens[idx].content, quote=False)}</p>\n"
