"""Footnotes (``text[^1]`` … ``[^1]: note``), rendered safely inside the card.

mdit-py-plugins' footnote plugin parses them; we keep each definition where
the reply wrote it (models put them last) instead of moving them to the end,
so a definition is an ordinary top-level block with its own line map and the
streaming renderer can treat it like any other. A reference is a superscript
``[N]`` linking to ``#fn-N``, an anchor inside the same card (the view scrolls
to it); N counts footnotes in order of first reference, as GitHub does. A
definition nothing refers to is shown with its label, never dropped.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from markdown_it.utils import OptionsDict
from mdit_py_plugins.footnote import footnote_plugin

from desktop_app.render.highlight import Palette

#: Anchor names inside a card: ``#fn-N``.
ANCHOR_PREFIX = "fn-"


def footnotes_plugin(md: MarkdownIt) -> None:
    """``[^label]`` references and definitions; no ``^[inline]`` notes, no moving."""
    md.use(footnote_plugin, inline=False, move_to_end=False)
    md.add_render_rule("footnote_ref", _ref)
    md.add_render_rule("footnote_reference_open", _definition_open)
    md.add_render_rule("footnote_reference_close", _definition_close)
    md.core.ruler.push("footnote_tight", _tight_single_paragraphs)


def _tight_single_paragraphs(state: StateCore) -> None:
    """A one-paragraph note is drawn like a tight list item: number and text on one line."""
    tokens = state.tokens
    for i, token in enumerate(tokens):
        if token.type != "footnote_reference_open":
            continue
        inner = []
        for later in tokens[i + 1 :]:
            if later.type == "footnote_reference_close" and later.level == token.level:
                break
            if later.level == token.level + 1:
                inner.append(later)
        kinds = [t.type for t in inner]
        if kinds == ["paragraph_open", "paragraph_close"]:
            inner[0].hidden = inner[1].hidden = True


def number_of(env: dict[str, Any], label: str) -> int | None:
    """The 1-based number of footnote ``label``, or None if nothing refers to it."""
    refs = env.get("footnotes", {}).get("refs", {})
    found = refs.get(":" + label, -1)
    return found + 1 if isinstance(found, int) and found >= 0 else None


def _palette(env: dict[str, Any]) -> Palette:
    palette = env["palette"]
    assert isinstance(palette, Palette)
    return palette


def _ref(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: dict[str, Any]
) -> str:
    number = int(tokens[idx].meta["id"]) + 1
    if env.get("plain") or env.get("in_link"):
        return f"<sup>[{number}]</sup>"
    colour = _palette(env).link_fg
    return (
        f'<sup><a href="#{ANCHOR_PREFIX}{number}" style="color: {colour}; '
        f'text-decoration: none;">[{number}]</a></sup>'
    )


def _definition_open(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: dict[str, Any]
) -> str:
    label = str(tokens[idx].meta.get("label", ""))
    number = number_of(env, label)
    style = (
        "font-size: small;"
        if env.get("plain")
        else f"font-size: small; color: {_palette(env).quote_fg};"
    )
    if number is None:
        marker = html.escape(f"[^{label}]:", quote=False)
        return f'<ul style="{style} list-style-type: none;">\n<li>{marker} '
    return f'<ol start="{number}" style="{style}">\n<li><a name="{ANCHOR_PREFIX}{number}"></a>'


def _definition_close(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: dict[str, Any]
) -> str:
    for token in reversed(tokens[:idx]):
        if token.type == "footnote_reference_open":
            label = str(token.meta.get("label", ""))
            return "</li>\n</ul>\n" if number_of(env, label) is None else "</li>\n</ol>\n"
    return "</li>\n</ol>\n"
