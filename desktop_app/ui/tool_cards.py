"""A ``tool`` message as a collapsible card: what ran, its result, its pictures.

The result is untrusted text from another program: it is shown escaped, as
plain text (``ChatController._html_for``), its links are never followed
automatically, and its images are thumbnails of the local files the loop
saved (never a URL: nothing is fetched).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QHBoxLayout, QLabel, QToolButton, QVBoxLayout, QWidget

from desktop_app.core.models import Message
from desktop_app.ui.message_view import MessageCard

THUMBNAIL_PX = 160


def _tr(text: str) -> str:
    return QCoreApplication.translate("ToolCards", text)


#: Results longer than this start collapsed (the header says what ran).
COLLAPSE_CHARS = 400


def decorate_tool_card(card: MessageCard, message: Message) -> None:
    """Turn a plain card of a ``tool`` row into the tool-result card."""
    info = message.tool_info
    tool = info.tool if info else _tr("tool")
    server = info.server if info else ""
    failed = bool(info and info.is_error)
    card.setProperty("tool", "error" if failed else "ok")
    label = _tr("Tool “%1” from “%2” failed") if failed else _tr("Tool “%1” from “%2”")
    card.header.setText(label.replace("%1", tool).replace("%2", server))
    card.setAccessibleName(card.header.text())
    toggle = QToolButton(card)
    toggle.setObjectName("ToolToggle")
    toggle.setCheckable(True)
    toggle.setAutoRaise(True)
    toggle.setAccessibleName(_tr("Show or hide the tool result"))
    extras = QWidget(card)
    column = QVBoxLayout(extras)
    column.setContentsMargins(0, 0, 0, 0)
    if info and info.arguments:
        arguments = QLabel(_tr("Arguments: %1").replace("%1", _one_line(info.arguments)), extras)
        arguments.setTextFormat(Qt.TextFormat.PlainText)
        arguments.setWordWrap(True)
        arguments.setObjectName("ToolArgumentsLine")
        column.addWidget(arguments)
    if info and info.images:
        row = QHBoxLayout()
        for path in info.images:
            row.addWidget(_thumbnail(Path(path), extras))
        row.addStretch(1)
        column.addLayout(row)
    if info and info.truncated:
        cut = QLabel(_tr("The result was too long: only its start is shown and sent."), extras)
        cut.setObjectName("ToolTruncated")
        column.addWidget(cut)
    layout = card.layout()
    assert isinstance(layout, QVBoxLayout)
    layout.insertWidget(1, toggle)
    layout.insertWidget(2, extras)

    def show(expanded: bool) -> None:
        toggle.setText(_tr("Hide result") if expanded else _tr("Show result"))
        toggle.setArrowType(Qt.ArrowType.DownArrow if expanded else Qt.ArrowType.RightArrow)
        toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        card.body.setVisible(expanded)
        extras.setVisible(expanded)

    toggle.toggled.connect(show)
    expanded = len(message.content) <= COLLAPSE_CHARS
    toggle.setChecked(expanded)
    show(expanded)


def _one_line(text: str, limit: int = 300) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _thumbnail(path: Path, parent: QWidget) -> QLabel:
    label = QLabel(parent)
    label.setObjectName("ToolImage")
    pixmap = QPixmap(str(path)) if path.is_file() else QPixmap()
    if pixmap.isNull():
        label.setText(_tr("[image missing]"))
    elif max(pixmap.width(), pixmap.height()) <= THUMBNAIL_PX:
        label.setPixmap(pixmap)  # small already: never blown up
    else:
        label.setPixmap(
            pixmap.scaled(
                THUMBNAIL_PX,
                THUMBNAIL_PX,
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
        )
    label.setAccessibleName(_tr("Image returned by the tool"))
    return label
