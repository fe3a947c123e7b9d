"""Attachments on screen: chips in the composer, thumbnails on a card, a viewer window.

Every picture here is drawn from bytes we hold (the re-encoded image in the
composer, or the stored blob on a card): nothing is ever loaded from a URL.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QIcon, QImage, QPixmap
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.attachments import Attachment, estimate_tokens, human_size
from desktop_app.ui.elided_label import ElidedLabel

CHIP_THUMB_PX = 36
CARD_THUMB_PX = 96
BlobLoader = Callable[[str], bytes | None]


def thumbnail(data: bytes | None, side: int) -> QPixmap:
    """A pixmap of at most ``side`` px from image bytes; null if unreadable."""
    image = QImage.fromData(data or b"")
    if image.isNull():
        return QPixmap()
    if max(image.width(), image.height()) > 4 * side:  # a cheap first step: smooth
        image = image.scaled(  # scaling from 2,048 px costs ~20 ms, this ~1 ms
            4 * side,
            4 * side,
            Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.FastTransformation,
        )
    return QPixmap.fromImage(
        image.scaled(
            side,
            side,
            Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
    )


class AttachmentChip(QFrame):
    """One attachment in the composer: thumbnail, name, size, tokens, ×."""

    remove_clicked = Signal()

    def __init__(self, attachment: Attachment, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("AttachmentChip")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.attachment = attachment
        row = QHBoxLayout(self)
        row.setContentsMargins(4, 2, 2, 2)
        row.setSpacing(6)
        if attachment.is_image:
            thumb = QLabel(self)
            thumb.setObjectName("AttachmentThumb")
            thumb.setPixmap(thumbnail(attachment.thumbnail or attachment.data, CHIP_THUMB_PX))
            thumb.setFixedSize(CHIP_THUMB_PX, CHIP_THUMB_PX)
            thumb.setAlignment(Qt.AlignmentFlag.AlignCenter)
            row.addWidget(thumb)
        text = QVBoxLayout()
        text.setSpacing(0)
        name = ElidedLabel(self)
        name.setText(attachment.name)
        name.setMaximumWidth(180)
        text.addWidget(name)
        details = QLabel(self._details(), self)
        details.setObjectName("AttachmentDetails")
        details.setTextFormat(Qt.TextFormat.PlainText)
        text.addWidget(details)
        row.addLayout(text)
        close = QToolButton(self)
        close.setText("×")
        close.setAccessibleName(self.tr("Remove attachment"))
        close.setToolTip(self.tr("Remove attachment"))
        close.setAutoRaise(True)
        close.clicked.connect(self.remove_clicked)
        row.addWidget(close, 0, Qt.AlignmentFlag.AlignTop)
        self.setToolTip(attachment.note or attachment.name)

    def _details(self) -> str:
        a = self.attachment
        tokens = self.tr("~{} tokens").format(f"{estimate_tokens(a):,}")
        parts = [human_size(a.original_size or a.size), tokens]
        if a.is_image and a.width and a.height:
            parts.insert(1, f"{a.width}×{a.height}")
        if a.truncated:
            parts.append(self.tr("cut to {}").format(human_size(a.size)))
        return " · ".join(parts)


class AttachmentTray(QWidget):
    """The composer's row of chips and the sentence about them (cuts, refusals, context).

    Signals:
        changed: an attachment was added or removed (the draft is saved).
    """

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("AttachmentTray")
        self._items: list[Attachment] = []
        self._chips = QHBoxLayout()
        self._chips.setContentsMargins(0, 0, 0, 0)
        self._chips.setSpacing(6)
        self._chips.addStretch(1)
        self.notice = QLabel(self)
        self.notice.setObjectName("AttachmentNotice")
        self.notice.setTextFormat(Qt.TextFormat.PlainText)
        self.notice.setWordWrap(True)
        self.notice.hide()
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 2)
        column.setSpacing(2)
        column.addLayout(self._chips)
        column.addWidget(self.notice)
        self.setVisible(False)

    def attachments(self) -> list[Attachment]:
        return list(self._items)

    def set_attachments(self, attachments: Sequence[Attachment]) -> None:
        """Show these (a draft's); does not emit :attr:`changed`."""
        self._items = list(attachments)
        self._rebuild()

    def add(self, attachment: Attachment) -> None:
        if any(a.sha256 == attachment.sha256 and a.name == attachment.name for a in self._items):
            return  # the same file twice is one attachment
        self._items.append(attachment)
        self._rebuild()
        self.changed.emit()

    def remove(self, index: int) -> None:
        if 0 <= index < len(self._items):
            del self._items[index]
            self._rebuild()
            self.changed.emit()

    def take(self) -> list[Attachment]:
        """Hand the attachments over (on send) and empty the tray."""
        taken, self._items = self._items, []
        self.show_notice("")
        self._rebuild()
        return taken

    def show_notice(self, text: str) -> None:
        """A visible sentence (a file cut at the cap, a refused file, a context warning)."""
        self.notice.setText(text)
        self.notice.setVisible(bool(text))
        self.setVisible(bool(self._items) or bool(text))

    def chips(self) -> list[AttachmentChip]:
        items = (self._chips.itemAt(i) for i in range(self._chips.count()))
        return [w for item in items if item and isinstance(w := item.widget(), AttachmentChip)]

    def _rebuild(self) -> None:
        for chip in self.chips():
            self._chips.removeWidget(chip)
            chip.deleteLater()
        for index, attachment in enumerate(self._items):
            chip = AttachmentChip(attachment, self)
            chip.remove_clicked.connect(partial(self.remove, index))
            self._chips.insertWidget(index, chip)
        self.setVisible(bool(self._items) or self.notice.isVisible())


class AttachmentStrip(QWidget):
    """A sent message's attachments on its card: image thumbnails and file names.

    Signals:
        image_clicked(object): the :class:`Attachment` whose thumbnail was clicked.
    """

    image_clicked = Signal(object)

    def __init__(
        self, attachments: Sequence[Attachment], load: BlobLoader, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("AttachmentStrip")
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(8)
        self.thumbnails: list[QToolButton] = []
        for attachment in attachments:
            if attachment.is_image:
                button = QToolButton(self)
                button.setObjectName("AttachmentThumbButton")
                button.setAutoRaise(True)
                pixmap = thumbnail(load(attachment.sha256), CARD_THUMB_PX)
                button.setIcon(QIcon(pixmap))
                button.setIconSize(pixmap.size() if not pixmap.isNull() else QSize(24, 24))
                button.setToolTip(attachment.name)
                button.setAccessibleName(self.tr("Open image {}").format(attachment.name))
                button.clicked.connect(partial(self.image_clicked.emit, attachment))
                row.addWidget(button)
                self.thumbnails.append(button)
            else:
                label = QLabel(f"📄 {attachment.name} ({human_size(attachment.size)})", self)
                label.setObjectName("AttachmentFileLabel")
                label.setTextFormat(Qt.TextFormat.PlainText)
                label.setToolTip(attachment.note or attachment.name)
                row.addWidget(label)
        row.addStretch(1)


class ImageViewer(QWidget):
    """A window with the full stored image (scrolls when larger than the screen)."""

    def __init__(
        self, attachment: Attachment, data: bytes | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("ImageViewer")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(attachment.name)
        self.image = QLabel(self)
        self.image.setAlignment(Qt.AlignmentFlag.AlignCenter)
        pixmap = QPixmap.fromImage(QImage.fromData(data or b""))
        if pixmap.isNull():
            self.image.setText(self.tr("This image is no longer stored."))
        else:
            self.image.setPixmap(pixmap)
        scroll = QScrollArea(self)
        scroll.setWidget(self.image)
        scroll.setWidgetResizable(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)
        side = max(pixmap.width(), pixmap.height(), 200)
        self.resize(min(pixmap.width() + 24, 1200, side + 24), min(pixmap.height() + 24, 900))
