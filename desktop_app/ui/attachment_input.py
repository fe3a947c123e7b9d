"""Where attachments come from: the attach button, paste, drag & drop; and drafts.

Only what the user chose is read: a file they picked, dropped or pasted as a
file, or an image on their clipboard. Preparing (reading, re-encoding, PDF
text) runs on a worker thread through the TaskRunner, so a large PDF never
stalls the window. Attachments travel with drafts: the tray is saved as the
open chat's draft attachments on every change and read back on open.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from itertools import count

from PySide6.QtCore import QBuffer, QByteArray, QEvent, QIODevice, QMimeData, QObject
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QImage
from PySide6.QtWidgets import QFileDialog, QWidget

from desktop_app.core.attachments import Attachment, human_size
from desktop_app.core.errors import AfarensisError
from desktop_app.core.models import Message
from desktop_app.core.ports import TaskRunner
from desktop_app.core.settings import Settings
from desktop_app.services.attachment_prep import Limits, prepare, read_and_prepare
from desktop_app.services.history_service import HistoryService
from desktop_app.services.model_caps import ModelCapabilities
from desktop_app.ui.attachment_checks import (
    VisionQuestion,
    context_overflow,
    needs_vision_question,
)
from desktop_app.ui.attachment_chips import AttachmentStrip, AttachmentTray, ImageViewer
from desktop_app.ui.image_codec import QtImageCodec


@dataclass(frozen=True, slots=True)
class Source:
    """One thing to attach: a local file path, or image bytes from the clipboard."""

    name: str
    path: str | None = None
    data: bytes | None = None


def sources_from_mime(mime: QMimeData) -> list[Source]:
    """Files or an image on the clipboard / in a drop; [] for plain text (it stays text)."""
    files = [url.toLocalFile() for url in mime.urls() if url.isLocalFile() and url.toLocalFile()]
    if files:
        return [Source(name=path, path=path) for path in files]
    if mime.hasImage():
        image = mime.imageData()
        if isinstance(image, QImage) and not image.isNull():
            out = QByteArray()
            buffer = QBuffer(out)
            buffer.open(QIODevice.OpenModeFlag.WriteOnly)
            image.save(buffer, "PNG")  # type: ignore[call-overload]  # stubs say bytes; only str works
            return [Source(name="pasted-image.png", data=bytes(out.data()))]
    return []


class DropFilter(QObject):
    """Accepts files and images dropped on a widget (the chat view)."""

    def __init__(self, target: QWidget, on_sources: Callable[[list[Source]], None]) -> None:
        super().__init__(target)
        self._on_sources = on_sources
        target.setAcceptDrops(True)
        target.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if isinstance(event, QDragEnterEvent | QDropEvent):
            mime = event.mimeData()
            if mime is not None and (mime.hasUrls() or mime.hasImage()):
                event.acceptProposedAction()
                if isinstance(event, QDropEvent) and event.type() == QEvent.Type.Drop:
                    self._on_sources(sources_from_mime(mime))
                return True
        return False


class AttachmentsPresenter(QObject):
    """Fills the composer's tray, keeps it as the draft's, hands it over on send."""

    def __init__(
        self,
        tray: AttachmentTray,
        history: HistoryService,
        tasks: TaskRunner,
        draft_key: Callable[[], str],
        settings: Callable[[], Settings],
        parent: QObject | None = None,
        *,
        caps: ModelCapabilities | None = None,
        model: Callable[[], str] = str,
        branch: Callable[[], list[Message]] = list,
    ) -> None:
        super().__init__(parent)
        self.caps = caps
        self._model = model
        self._branch = branch
        self._tray = tray
        self._history = history
        self._tasks = tasks
        self._draft_key = draft_key
        self._settings = settings
        self._codec = QtImageCodec()
        self._jobs = count()
        tray.changed.connect(self._save)
        tray.changed.connect(self._check_model)

    # ---------------------------------------------------------------- input

    def open_dialog(self, parent: QWidget) -> None:
        dialog = QFileDialog(parent, self.tr("Attach files"))
        dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
        dialog.setNameFilters(
            [
                self.tr("Images, text, code and PDF (*)"),
                self.tr("Images (*.png *.jpg *.jpeg *.webp *.gif *.bmp)"),
                self.tr("PDF (*.pdf)"),
            ]
        )
        dialog.filesSelected.connect(
            lambda paths: self.attach([Source(name=p, path=p) for p in paths])
        )
        dialog.open()

    def attach(self, sources: list[Source]) -> None:
        """Prepare each source off the loop thread, then show it as a chip."""
        for source in sources:
            self._tasks.start(f"attach:{next(self._jobs)}", self._prepare(source))

    async def _prepare(self, source: Source) -> None:
        import asyncio  # not at the top: the composer paints before asyncio loads

        settings = self._settings()
        limits = Limits(
            image_max_side=max(256, settings.attach_image_max_px),
            text_max_bytes=max(1, settings.attach_text_max_kb) * 1024,
        )
        try:
            if source.path is not None:
                attachment = await asyncio.to_thread(
                    read_and_prepare, source.path, self._codec, limits
                )
            else:
                data = source.data or b""
                attachment = await asyncio.to_thread(
                    prepare, data, source.name, self._codec, limits
                )
        except AfarensisError as error:
            self._tray.show_notice(error.message)
            return
        self._tray.add(attachment)
        if attachment.truncated:
            self._tray.show_notice(
                self.tr("“{}” was cut to its first {} of {}: the rest will not be sent.").format(
                    attachment.name,
                    human_size(attachment.size),
                    human_size(attachment.original_size),
                )
            )
        elif attachment.note:
            self._tray.show_notice(attachment.note)

    # --------------------------------------------------------------- drafts

    def load_draft(self) -> None:
        """Show the open chat's draft attachments (bytes read for the thumbnails)."""
        stored = self._history.get_draft_attachments(self._draft_key())
        filled = [
            replace(
                a,
                data=self._history.attachment_bytes(a.sha256),
                thumbnail=self._history.attachment_thumbnail(a.sha256) if a.is_image else None,
            )
            for a in stored
        ]
        self._tray.set_attachments(filled)
        self._tray.show_notice("")

    def take(self) -> list[Attachment]:
        """The tray's attachments for the message being sent; the draft's are cleared."""
        taken = self._tray.take()
        if taken:
            self._history.set_draft_attachments(self._draft_key(), [])
        return taken

    def _save(self) -> None:
        try:
            self._history.set_draft_attachments(self._draft_key(), self._tray.attachments())
        except AfarensisError as error:
            self._tray.show_notice(error.message)

    # ------------------------------------------------------- model checks

    def _check_model(self) -> None:
        if self.caps is not None and self._tray.attachments():
            self._tasks.start("attach:model-info", self._refresh_and_warn())

    async def _refresh_and_warn(self) -> None:
        if self.caps is None:
            return
        model = self._model()
        info = await self.caps.refresh(model)
        branch = self._branch()
        texts = [m.content for m in branch]
        attachments = [a for m in branch for a in m.attachments] + self._tray.attachments()
        over = context_overflow(info, texts, attachments)
        if over is not None:
            self._tray.show_notice(
                self.tr(
                    "This chat with its attachments is about {} tokens, more than the {} "
                    "tokens “{}” can read: the model may not see all of it."
                ).format(f"{over[0]:,}", f"{over[1]:,}", model)
            )

    def ask_before_send(
        self, send: Callable[[], None], choose_model: Callable[[], None], parent: QWidget
    ) -> bool:
        """True when the model is known not to see the attached images: the user is asked."""
        attachments = self._tray.attachments()
        model = self._model()
        if self.caps is None or not needs_vision_question(self.caps.known(model), attachments):
            return False

        def remove_images() -> None:
            self._tray.set_attachments([a for a in self._tray.attachments() if not a.is_image])
            self._save()
            send()

        VisionQuestion(parent).ask(model, send, remove_images, choose_model)
        return True

    # ---------------------------------------------------------------- cards

    def strip_for(self, attachments: tuple[Attachment, ...], parent: QWidget) -> AttachmentStrip:
        history = self._history

        def preview(sha256: str) -> bytes | None:
            return history.attachment_thumbnail(sha256) or history.attachment_bytes(sha256)

        strip = AttachmentStrip(attachments, preview, parent)
        strip.image_clicked.connect(self.open_viewer)
        return strip

    def open_viewer(self, attachment: Attachment) -> None:
        # Owned by the window (a Qt parent), deleted on close: no Python reference kept.
        data = self._history.attachment_bytes(attachment.sha256)
        ImageViewer(attachment, data, self._tray.window()).show()
