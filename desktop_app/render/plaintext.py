"""Rendered markdown to plain text, for "Copy as plain text".

Works on the HTML our renderer produced (already safe, already parsed), so
plain text agrees with what the user sees: no markup, list items keep a
bullet or number and their nesting, table cells are joined with `` | ``,
links whose text is not their address keep the address in brackets.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

_BLOCK_TAGS = frozenset({"p", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "table", "hr"})
_SPACES = re.compile(r"\s+")


class _TextBuilder(HTMLParser):
    """Collects text with line structure; one instance per conversion."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = [""]
        self._lists: list[list[int]] = []  # per open list: [next number] or [] for bullets
        self._quote = 0
        self._pre = 0
        self._table = 0
        self._cells = 0  # cells written in this row; -1 outside a cell
        self._marker_only = False  # the line holds just a list marker so far
        self._links: list[tuple[str | None, str]] = []  # (href, text so far)

    def _break(self, *, blank: bool = False) -> None:
        """Start a new line (after a blank one if ``blank``), unless at one."""
        if self._marker_only:
            return  # "2. " then <p>: the paragraph goes on the marker's line
        if self.lines[-1].strip(" >"):
            self.lines.append("")
        if blank and len(self.lines) > 1 and self.lines[-2].strip(" >"):
            self.lines.insert(-1, ("> " * self._quote).rstrip())
        self.lines[-1] = "> " * self._quote

    def _write(self, text: str) -> None:
        self.lines[-1] += text
        self._marker_only = False
        if self._links:
            href, sofar = self._links[-1]
            self._links[-1] = (href, sofar + text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCK_TAGS or tag in ("ul", "ol", "blockquote"):
            self._break(blank=not self._lists)
        if tag == "blockquote":
            self._quote += 1
            self._break()
        elif tag in ("ul", "ol"):
            start = int(dict(attrs).get("start") or 1) if tag == "ol" else None
            self._lists.append([] if start is None else [start])
        elif tag == "li":
            self._list_item()
        elif tag == "pre":
            self._pre += 1
        elif tag == "table":
            self._table += 1
        elif tag == "tr":
            self._break()
            self._cells = 0
        elif tag in ("td", "th"):
            if self._cells:
                self._write(" | ")
            self._cells += 1
        elif tag in ("br", "hr"):
            self._break()
        elif tag == "a":
            self._links.append((dict(attrs).get("href"), ""))

    def _list_item(self) -> None:
        self._break()
        counter = self._lists[-1] if self._lists else []
        marker = f"{counter[0]}. " if counter else "- "
        if counter:
            counter[0] += 1
        self._write("  " * (len(self._lists) - 1) + marker)
        self._marker_only = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "blockquote":
            self._quote -= 1
            self._break(blank=True)
        elif tag in ("ul", "ol") and self._lists:
            self._lists.pop()
        elif tag == "pre":
            self._pre -= 1
        elif tag == "table":
            self._table -= 1
        elif tag == "a" and self._links:
            href, text = self._links.pop()
            if href and href not in (text, f"mailto:{text}"):
                self._write(f" ({href})")

    def handle_data(self, data: str) -> None:
        if self._pre:
            for i, line in enumerate(data.split("\n")):
                if i:
                    self._break()
                self._write(line)
            return
        text = _SPACES.sub(" ", data)
        if self._marker_only or not self.lines[-1].strip(" >"):
            text = text.lstrip()
        if text and not (self._table and not text.strip()):
            self._write(text)


def html_to_text(html: str) -> str:
    """Plain text of an HTML fragment produced by our markdown renderer."""
    builder = _TextBuilder()
    builder.feed(html)
    builder.close()
    lines = [line.rstrip() for line in builder.lines]
    return "\n".join(lines).strip("\n")
