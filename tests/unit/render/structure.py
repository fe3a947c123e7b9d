"""Structural form of rendered HTML: block tree + inline marks, chrome removed.

Used to compare our renderer with cmark-gfm without caring about how either
draws things: our code-block tables with their label and Copy link become a
bare ``pre``, highlighting spans and styles are dropped, ``s`` is ``del``,
alignment is read from ``align`` or ``text-align``, whitespace is collapsed.
A loose task item's box counts as the start of its first paragraph: cmark-gfm
puts the ``<input>`` before the ``<p>``, which Qt would draw on a line of its
own; ours is inside it, on the line of its text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from desktop_app.render.sanitize import safe_href

_KEPT = frozenset(
    [
        "p",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "ul",
        "ol",
        "li",
        "blockquote",
        "pre",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
        "em",
        "strong",
        "del",
        "code",
        "a",
        "hr",
        "br",
        "input",
    ]
)
_VOID = frozenset({"hr", "br", "input", "img"})
_RENAME = {"s": "del"}
_ALIGN = re.compile(r"text-align:\s*(\w+)")


@dataclass
class Node:
    tag: str
    attrs: tuple[tuple[str, str], ...] = ()
    children: list[Node | str] = field(default_factory=list)

    def form(self) -> object:
        """A comparable value: nested tuples, text with whitespace collapsed."""
        out: list[object] = []
        for child in self.children:
            if isinstance(child, str):
                text = re.sub(r"\s+", " ", child)
                if out and isinstance(out[-1], str):
                    out[-1] = out[-1] + text
                else:
                    out.append(text)
            else:
                out.append(child.form())
        out = [o.strip() if isinstance(o, str) else o for o in out]
        return (self.tag, self.attrs, tuple(o for o in out if o != ""))


class _Builder(HTMLParser):
    def __init__(self, formulas: list[str] | None = None) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("root")
        self.stack: list[Node] = [self.root]
        self.formulas = formulas  # collects typeset formulas' TeX; None: images as links
        self.display_depth = 0  # inside a display formula's table

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "img" and self.formulas is not None and a.get("src", "").startswith("formula:"):
            self.stack[-1].children.append(f"MATH{len(self.formulas)}")
            self.formulas.append(a.get("alt") or "")
            return
        if tag == "table" and a.get("class") == "math-display":
            self.display_depth += 1
            tag = "p"  # a display formula's centring table is a block of its own
        elif self.display_depth and tag in ("tbody", "tr", "td"):
            self.stack.append(self.stack[-1])
            return
        if tag == "img":  # ours is a link labelled with the alt text
            self._link_or_text(a.get("src", ""), [f"[image: {a.get('alt') or 'image'}]"])
            return
        if tag == "a" and safe_href(a.get("href", "")) is None:
            tag = "span"  # our policy: not clickable, shown as text
        if tag == "input":  # cmark-gfm's task checkbox; ours is a ballot box
            self.stack[-1].children.append("\u2611" if "checked" in a else "\u2610")
            return
        if tag in _VOID:
            if tag in _KEPT:
                self.stack[-1].children.append(Node(tag))
            return
        tag = _RENAME.get(tag, tag)
        if tag == "table" and "bgcolor" in a:
            tag = "codebox"  # our chrome around code
        keep: list[tuple[str, str]] = []
        if tag in ("th", "td"):
            align = a.get("align") or (_ALIGN.search(a.get("style", "")) or [None, ""])[1]
            if align:
                keep.append(("align", align))
        if tag == "a":
            keep.append(("href", a.get("href", "")))
        if tag == "ol" and a.get("start", "1") != "1":
            keep.append(("start", a["start"]))
        if tag not in _KEPT and tag != "codebox":
            self.stack.append(self.stack[-1])  # spans, tables' chrome: text goes up
            return
        node = Node(tag, tuple(keep))
        if tag in _KEPT:
            self.stack[-1].children.append(node)
        self.stack.append(node)

    def _link_or_text(self, href: str, text: list[Node | str]) -> None:
        if safe_href(href) is None:
            self.stack[-1].children.extend(text)
        else:
            self.stack[-1].children.append(Node("a", (("href", href),), text))

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID:
            return
        node = self.stack.pop()
        if tag == "table" and self.display_depth and node.tag == "p":
            self.display_depth -= 1
        if node.tag == "codebox":
            pres = [c for c in _walk(node) if isinstance(c, Node) and c.tag == "pre"]
            self.stack[-1].children.extend(pres)

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def _walk(node: Node) -> list[Node | str]:
    out: list[Node | str] = []
    for child in node.children:
        out.append(child)
        if isinstance(child, Node):
            out.extend(_walk(child))
    return out


def structure(html: str, formulas: list[str] | None = None) -> object:
    """The structural form of ``html``; ``pre`` holds only its text.

    With ``formulas``, each typeset formula becomes the text ``MATHn`` and its
    TeX is appended to the list.
    """
    builder = _Builder(formulas)
    builder.feed(html)
    builder.close()
    root = builder.root
    _flatten_pre(root)
    _box_into_paragraph(root)
    return root.form()


_BOXES = ("\u2610", "\u2611")


def _box_into_paragraph(node: Node) -> None:
    """``li: [box, p: [text]]`` becomes ``li: [p: [box text]]``."""
    for child in node.children:
        if isinstance(child, Node):
            _box_into_paragraph(child)
    if node.tag != "li":
        return
    kids = [c for c in node.children if not (isinstance(c, str) and not c.strip())]
    if len(kids) >= 2 and isinstance(kids[0], str) and kids[0].strip() in _BOXES:
        first = kids[1]
        if isinstance(first, Node) and first.tag == "p":
            first.children.insert(0, kids[0].strip() + " ")
            node.children = kids[1:]


def _flatten_pre(node: Node) -> None:
    for i, child in enumerate(node.children):
        if isinstance(child, Node):
            if child.tag == "pre":
                text = "".join(_text(child)).rstrip("\n")
                node.children[i] = Node("pre", (), [text.replace(" ", "\u00b7")])
            else:
                _flatten_pre(child)


def _text(node: Node) -> list[str]:
    out: list[str] = []
    for child in node.children:
        out.extend([child] if isinstance(child, str) else _text(child))
    return out
