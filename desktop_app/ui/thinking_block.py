"""A reply's thinking on screen: "Thinking… 5 s" while it streams, then "Thought for 14 s".

While the model thinks, the block is open and its text grows (rendered by
the same safe streaming renderer as answers, so the window never looks
hung). When the answer starts it collapses to one line, unless Settings says
to keep thinking open; a click toggles it. A stored reply's thinking is
rendered only when first opened, so a chat full of long thoughts opens as
fast as one without.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtWidgets import QFrame, QToolButton, QVBoxLayout, QWidget

from desktop_app.ui.message_view import MessageBody


def _tr(text: str) -> str:
    return QCoreApplication.translate("ThinkingBlock", text)


def thought_for(ms: float | None) -> str:
    """ "Thought for 14 s" (or a minute count for long thinking); plain "Thought" if unknown."""
    if ms is None:
        return _tr("Thought")
    seconds = max(1, round(ms / 1000))
    if seconds < 120:
        return _tr("Thought for %1 s").replace("%1", str(seconds))
    return _tr("Thought for %1 min").replace("%1", str(round(seconds / 60)))


class ThinkingBlock(QFrame):
    """The thinking of one reply, above its answer."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ThinkingBlock")
        self.toggle = QToolButton(self)
        self.toggle.setObjectName("ThinkingToggle")
        self.toggle.setAutoRaise(True)
        self.toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toggle.clicked.connect(lambda: self.set_open(not self.is_open))
        self.body = MessageBody(self)
        self.body.setObjectName("ThinkingBody")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.toggle, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.body)
        self.thinking = False
        self._started = time.monotonic()
        self._title = _tr("Thought")
        self._unrendered: tuple[str, Callable[[str], str]] | None = None
        self._tick = QTimer(self)
        # A quarter second: a coarse 1 s timer may fire early and show "0 s" twice.
        self._tick.setInterval(250)
        self._tick.timeout.connect(self._show_title)
        self.set_open(False)

    @property
    def is_open(self) -> bool:
        return self.body.isVisibleTo(self)

    def begin(self, started: float | None = None) -> None:
        """Thinking (since ``started``, a ``time.monotonic()``): open, live timer, empty text."""
        self.thinking = True
        self._started = time.monotonic() if started is None else started
        self._unrendered = None
        self.body.begin_stream()
        self._tick.start()
        self._show_title()
        self.set_open(True)

    def apply_stream(self, committed_html: str, pending_html: str) -> None:
        self.body.apply_stream(committed_html, pending_html)

    def settle(self, ms: float | None, keep_open: bool) -> None:
        """Thinking is over (the answer started, or the reply ended): one line, or open."""
        was_thinking = self.thinking
        self.thinking = False
        self._tick.stop()
        if ms is None and was_thinking:
            ms = (time.monotonic() - self._started) * 1000
        self._title = thought_for(ms)
        self._show_title()
        if was_thinking:
            self.set_open(keep_open)

    def show_stored(
        self, reasoning: str, ms: float | None, render: Callable[[str], str], keep_open: bool
    ) -> None:
        """A finished reply's thinking: rendered the first time it is opened."""
        self.thinking = False
        self._tick.stop()
        self._title = thought_for(ms)
        self._unrendered = (reasoning, render)
        self._show_title()
        self.set_open(keep_open)

    def set_open(self, open_: bool) -> None:
        if open_ and self._unrendered is not None:
            text, render = self._unrendered
            self._unrendered = None
            self.body.set_html(render(text))
        self.body.setVisible(open_)
        self.toggle.setArrowType(Qt.ArrowType.DownArrow if open_ else Qt.ArrowType.RightArrow)
        self.toggle.setAccessibleName(
            _tr("Hide the thinking") if open_ else _tr("Show the thinking")
        )

    def _show_title(self) -> None:
        if self.thinking:
            seconds = int(time.monotonic() - self._started)
            text = _tr("Thinking… %1 s").replace("%1", str(seconds))
        else:
            text = self._title
        if text != self.toggle.text():  # repaint once a second, not per tick
            self.toggle.setText(text)
