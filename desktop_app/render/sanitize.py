"""Make model output inert and Qt-friendly, on the element tree.

Model output is untrusted (DESIGN.md §5). Raw HTML never reaches the tree
(its Python-Markdown processors are removed in ``markdown.py``); this pass then
rewrites what markdown itself can produce: images become links (Qt would fetch
them), links keep an ``href`` only for http, https and mailto, and every
attribute outside a short allow-list is dropped. It also adds the attributes
Qt needs to draw tables and code, since Qt ignores CSS borders on cells.
"""

from __future__ import annotations

import re
from xml.etree import ElementTree

from markdown.treeprocessors import Treeprocessor

from desktop_app.render.highlight import MONO, PALETTES, CodeTheme, Palette

SAFE_SCHEMES = ("http", "https", "mailto")
_SAFE_HREF = re.compile(r"(?:https?://|mailto:)[^\s\x00-\x1f\x7f]+", re.IGNORECASE)
_ALLOWED_ATTRS = frozenset({"href", "title", "align", "style", "start", "class"})


def safe_href(url: str) -> str | None:
    """``url`` if it may be clickable (http, https, mailto), else None."""
    return url if _SAFE_HREF.fullmatch(url) else None


class SanitizeTreeprocessor(Treeprocessor):
    """Neutralise links and images; style tables, code and quotes for Qt."""

    palette: Palette = PALETTES[CodeTheme.LIGHT]

    def run(self, root: ElementTree.Element) -> None:
        self._walk(root, in_link=False)
        for parent in list(root.iter()):
            for i, child in enumerate(list(parent)):
                if child.tag == "pre":
                    parent[i] = self._boxed(child)

    def _walk(self, el: ElementTree.Element, *, in_link: bool) -> None:
        if el.tag == "img":
            self._image_to_link(el)
        for key in [k for k in el.attrib if k not in _ALLOWED_ATTRS]:
            del el.attrib[key]
        if el.tag == "a":
            href = safe_href(el.get("href", ""))
            title = el.get("title")
            el.attrib.clear()
            if href is None or in_link:
                el.tag = "span"  # inert: no scheme we trust, or a link in a link
            else:
                el.set("href", href)
                el.set("style", f"color: {self.palette.link_fg};")
                if title:
                    el.set("title", title)
            in_link = in_link or el.tag == "a"
        self._style(el)
        for child in el:
            self._walk(child, in_link=in_link)

    @staticmethod
    def _image_to_link(el: ElementTree.Element) -> None:
        """Qt fetches <img>; show the alt text as a link to the image instead."""
        alt = el.get("alt") or "image"
        src = el.get("src", "")
        el.attrib.clear()
        el.tag = "a"
        el.set("href", src)
        el.text = f"[image: {alt}]"

    def _style(self, el: ElementTree.Element) -> None:
        p = self.palette
        if el.tag == "table":
            el.attrib.update(
                border="1",
                cellspacing="0",
                cellpadding="4",
                style=f"border-collapse: collapse; border-color: {p.border};",
            )
        elif el.tag == "code":
            colour = f" color: {p.math_fg};" if el.get("class") == "math" else ""
            el.set("style", f"background-color: {p.inline_code_bg}; {MONO}{colour}")
            el.attrib.pop("class", None)
        elif el.tag == "blockquote":
            el.set("style", f"color: {p.quote_fg};")

    def _boxed(self, pre: ElementTree.Element) -> ElementTree.Element:
        """Indented code: Qt ignores <pre> backgrounds, so box it in a cell."""
        table = ElementTree.Element(
            "table", width="100%", cellspacing="0", cellpadding="6", border="0"
        )
        table.set("bgcolor", self.palette.code_bg)
        table.tail = pre.tail
        pre.tail = None
        pre.set("style", f"margin: 0; color: {self.palette.code_fg}; {MONO}")
        code = pre.find("code")
        if code is not None:
            code.attrib.clear()
        ElementTree.SubElement(ElementTree.SubElement(table, "tr"), "td").append(pre)
        return table
