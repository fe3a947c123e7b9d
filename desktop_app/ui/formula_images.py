"""A message body's only images: typeset formulas, and the anchors of its footnotes.

``MessageBody.loadResource`` asks :func:`formula_image` for every image; only a
``formula:KEY`` that ``render.formula`` typeset in this process resolves, drawn
from its SVG at the screen's pixel ratio. Nothing is read from disk or network.
Copying a selection puts each formula's TeX where Qt would put U+FFFC.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QByteArray, QRectF, QUrl
from PySide6.QtGui import QImage, QPainter, QTextCursor, QTextDocument, QTextFormat
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QScrollArea, QTextEdit, QWidget

from desktop_app.render.formula import SCHEME, lookup

_OBJECT = "\ufffc"


def formula_image(name: QUrl | str, ratio: float) -> QImage | None:
    """The picture of ``formula:KEY`` at ``ratio`` device pixels per px, or None."""
    url = name if isinstance(name, QUrl) else QUrl(name)
    if url.scheme() != SCHEME:
        return None
    formula = lookup(url.path())
    if formula is None:
        return None
    renderer = QSvgRenderer(QByteArray(formula.svg))
    if not renderer.isValid():
        return None
    # Drawn at 2x at least: on a 1x screen Qt scales it down smoothly, where a
    # 1x raster lost thin strokes (the "+" of "a + b" was a faint dash).
    ratio = max(2.0, ratio)
    image = QImage(
        max(1, math.ceil(formula.width * ratio)),
        max(1, math.ceil(formula.height * ratio)),
        QImage.Format.Format_ARGB32_Premultiplied,
    )
    image.fill(0)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter, QRectF(0, 0, image.width(), image.height()))
    painter.end()
    image.setDevicePixelRatio(ratio)
    return image


def selected_text(cursor: QTextCursor) -> str | None:
    """The selection as plain text with formulas as TeX, or None if it holds none."""
    if not cursor.hasSelection():
        return None
    sources = _formula_sources(cursor)
    if not sources:
        return None
    text = cursor.selection().toPlainText()
    parts = text.split(_OBJECT)
    out = [parts[0]]
    for i, part in enumerate(parts[1:]):
        out.append(sources[i] if i < len(sources) else _OBJECT)
        out.append(part)
    return "".join(out)


def _formula_sources(cursor: QTextCursor) -> list[str]:
    """The TeX of each formula image in the selection, in order."""
    start, end = cursor.selectionStart(), cursor.selectionEnd()
    document = cursor.document()
    out: list[str] = []
    block = document.findBlock(start)
    while block.isValid() and block.position() < end:
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            it += 1
            if fragment.position() + fragment.length() <= start or fragment.position() >= end:
                continue
            fmt = fragment.charFormat()
            if not fmt.isImageFormat():
                continue
            image = fmt.toImageFormat()
            if QUrl(image.name()).scheme() != SCHEME:
                continue
            alt = str(image.property(QTextFormat.Property.ImageAltText) or "")
            count = fragment.text().count(_OBJECT) or 1
            out.extend([alt or _tex_of(image.name())] * count)
        block = block.next()
    return out


def _tex_of(name: str) -> str:
    formula = lookup(QUrl(name).path())
    if formula is None:
        return ""
    return f"$${formula.tex}$$" if formula.display else f"${formula.tex}$"


def reveal_anchor(body: QTextEdit, name: str) -> bool:
    """Scroll the enclosing scroll area to ``<a name=NAME>`` in ``body`` (a footnote)."""
    document: QTextDocument = body.document()
    block = document.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            it += 1
            if name in fragment.charFormat().anchorNames():
                cursor = QTextCursor(document)
                cursor.setPosition(fragment.position())
                _scroll_to(body, cursor)
                return True
        block = block.next()
    return False


def _scroll_to(body: QTextEdit, cursor: QTextCursor) -> None:
    rect = body.cursorRect(cursor)
    parent: QWidget | None = body.parentWidget()
    while parent is not None and not isinstance(parent, QScrollArea):
        parent = parent.parentWidget()
    content = parent.widget() if parent is not None else None
    if parent is None or content is None:
        return
    point = body.viewport().mapTo(content, rect.topLeft())
    margin = parent.viewport().height() // 3
    parent.ensureVisible(point.x(), point.y(), 0, margin)
