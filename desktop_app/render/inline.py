"""Inline syntax Python-Markdown lacks: math, strikethrough, bare URLs.

Math runs right after code spans and before backslash escapes and emphasis,
and its text is atomic, so ``$a_1 * b_2$`` reaches the reader exactly as
written instead of being eaten by emphasis parsing.
"""

from __future__ import annotations

import re
from xml.etree import ElementTree

from markdown import Markdown
from markdown.inlinepatterns import InlineProcessor, SimpleTagInlineProcessor
from markdown.util import AtomicString

# $$…$$ anywhere in a paragraph; $…$ in the pandoc style: no space just inside
# the dollars and no digit just after the closing one, so "$5 and $10" is prose.
MATH_RE = (
    r"(?<![\\$])("
    r"\$\$(?:[^$]|\$(?!\$))+?\$\$"  # display
    r"|\$(?![\s$])(?:[^$\\\n]|\\.)+?(?<![\s\\])\$(?![\d$])"  # inline
    r")"
)
STRIKE_RE = r"(~~)(?!\s)(.+?)(?<!\s)~~"
BARE_URL_RE = r"(?<![\w/@.:=])((?:https?://|mailto:)[^\s<>\[\]\"'`]+)"
_TRAILING = ".,;:!?'\"*_"


class MathInlineProcessor(InlineProcessor):
    """Keep TeX verbatim, delimiters and all, in a code-styled span."""

    def handleMatch(  # type: ignore[override]
        self, m: re.Match[str], data: str
    ) -> tuple[ElementTree.Element, int, int]:
        el = ElementTree.Element("code")
        el.set("class", "math")
        el.text = AtomicString(m.group(1))
        return el, m.start(0), m.end(0)


class BareUrlInlineProcessor(InlineProcessor):
    """Link a bare ``https://…`` so models' plain URLs are clickable."""

    def handleMatch(  # type: ignore[override]
        self, m: re.Match[str], data: str
    ) -> tuple[ElementTree.Element | None, int | None, int | None]:
        url = _trim_url(m.group(1))
        if url.endswith(("://", ":")):
            return None, None, None
        el = ElementTree.Element("a")
        el.set("href", url)
        el.text = AtomicString(url)
        return el, m.start(1), m.start(1) + len(url)


def _trim_url(url: str) -> str:
    """Drop sentence punctuation and unbalanced closing brackets at the end."""
    while url:
        unbalanced = url[-1] == ")" and url.count(")") > url.count("(")
        if url[-1] in _TRAILING or unbalanced:
            url = url[:-1]
        else:
            break
    return url


def register_inline(md: Markdown) -> None:
    """Add math, strikethrough and bare URLs at priorities that keep them safe."""
    md.ESCAPED_CHARS.append("$")  # so "\$" is a literal dollar, not math
    md.inlinePatterns.register(MathInlineProcessor(MATH_RE, md), "math", 185)
    md.inlinePatterns.register(BareUrlInlineProcessor(BARE_URL_RE, md), "bare_url", 115)
    md.inlinePatterns.register(SimpleTagInlineProcessor(STRIKE_RE, "s"), "strike", 65)
