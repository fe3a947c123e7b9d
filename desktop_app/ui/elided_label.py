"""A one-line label that ends in "…" when its text does not fit.

The status line shows server-controlled text (an error message) of any
length: it must neither widen the window nor be cut mid-glyph, and it is
always plain text, never rich text a server could style.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtGui import QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget


class ElidedLabel(QLabel):
    """Plain text, elided at the right edge; the tooltip holds all of it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self._full = ""

    def setText(self, text: str) -> None:
        self._full = text
        super().setText(text)
        self._update_tooltip()

    def _update_tooltip(self) -> None:
        """The whole text when it is cut; escaped, as tooltips guess rich text from "<"."""
        if self.elided_text() == self._full:
            self.setToolTip("")
        else:
            escaped = html.escape(self._full)
            self.setToolTip(f"<p style='white-space:pre-wrap'>{escaped}</p>")

    def full_text(self) -> str:
        return self._full

    def elided_text(self) -> str:
        """What is drawn: the text, cut with "…" to the label's width."""
        width = max(0, self.contentsRect().width())
        one_line = " ".join(self._full.split())
        return self.fontMetrics().elidedText(one_line, Qt.TextElideMode.ElideRight, width)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._update_tooltip()

    def paintEvent(self, event: QPaintEvent) -> None:
        del event
        painter = QPainter(self)
        painter.setPen(self.palette().color(self.foregroundRole()))
        painter.drawText(
            self.contentsRect(),
            int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft),
            self.elided_text(),
        )
