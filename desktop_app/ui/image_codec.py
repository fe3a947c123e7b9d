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
#: The stored preview's longest side: twice a card's 96 px thumbnail, for HiDPI.
THUMBNAIL_PX = 192
THUMBNAIL_QUALITY = 80


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
        fmt, mime = ("JPEG", "image/jpeg") if photo else ("PNG", "image/png")
        encoded = _encode(pixels, fmt, JPEG_QUALITY if photo else -1)
        if encoded is None:
            return None
        preview = _encode(_preview(pixels), fmt, THUMBNAIL_QUALITY)
        return EncodedImage(encoded, mime, pixels.width(), pixels.height(), preview or b"")


def _encode(image: QImage, fmt: str, quality: int) -> bytes | None:
    out = QByteArray()
    sink = QBuffer(out)
    sink.open(QIODevice.OpenModeFlag.WriteOnly)
    # PySide6's stubs type the format as bytes, but only a str is accepted at run time.
    if not image.save(sink, fmt, quality):  # type: ignore[call-overload]
        return None
    sink.close()
    return bytes(out.data())


def _preview(image: QImage) -> QImage:
    if max(image.width(), image.height()) <= THUMBNAIL_PX:
        return image
    return image.scaled(
        THUMBNAIL_PX,
        THUMBNAIL_PX,
        Qt.AspectRatioMode.KeepAspectRatio,
        Qt.TransformationMode.SmoothTransformation,
    )
