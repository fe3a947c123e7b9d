"""The QImage side of attachments: decode, downscale, re-encode (metadata dropped).

Why Qt and no imaging library: Qt already ships the decoders (PNG, JPEG,
GIF's first frame, BMP, WebP through its image-format plugin), and re-encoding
from decoded pixels writes none of the source's EXIF or GPS blocks. EXIF
orientation is applied first (``setAutoTransform``) so a phone photo arrives
upright once its metadata is gone. QImage is safe off the GUI thread, so this
runs inside ``asyncio.to_thread``.
"""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QImage, QImageReader

from desktop_app.services.attachment_prep import EncodedImage

#: JPEG quality for photos; PNG (lossless) for everything that may hold text.
JPEG_QUALITY = 88


class QtImageCodec:
    """:class:`~desktop_app.services.attachment_prep.ImageCodec` over QImage."""

    def reencode(self, data: bytes, max_side: int) -> EncodedImage | None:
        buffer = QBuffer()
        buffer.setData(QByteArray(data))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        reader = QImageReader(buffer)
        reader.setAutoTransform(True)
        source_format = bytes(reader.format().data()).decode("ascii", "replace").lower()
        image = reader.read()
        if image.isNull():
            return None
        if max(image.width(), image.height()) > max_side > 0:
            image = image.scaled(
                max_side,
                max_side,
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
        photo = source_format in ("jpeg", "jpg", "webp") and not image.hasAlphaChannel()
        # A fresh image from the pixels alone: no text chunks or comments carried over.
        pixels = image.convertToFormat(
            QImage.Format.Format_RGB32 if photo else QImage.Format.Format_ARGB32
        )
        for key in pixels.textKeys():
            pixels.setText(key, "")
        out = QByteArray()
        sink = QBuffer(out)
        sink.open(QIODevice.OpenModeFlag.WriteOnly)
        fmt, mime = ("JPEG", "image/jpeg") if photo else ("PNG", "image/png")
        # PySide6's stubs type the format as bytes, but only a str is accepted at run time.
        if not pixels.save(sink, fmt, JPEG_QUALITY if photo else -1):  # type: ignore[call-overload]
            return None
        sink.close()
        return EncodedImage(bytes(out.data()), mime, pixels.width(), pixels.height())

    @staticmethod
    def thumbnail(data: bytes, side: int) -> QImage:
        """A small QImage from stored bytes (never from a URL), null if unreadable."""
        image = QImage.fromData(data)
        if image.isNull():
            return image
        return image.scaled(
            side,
            side,
            Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
