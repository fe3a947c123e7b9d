"""The QImage codec: images re-encoded locally, downscaled, metadata stripped."""

from __future__ import annotations

import struct

from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtGui import QColor, QImage

from desktop_app.services.attachment_prep import Limits, prepare
from desktop_app.ui.image_codec import QtImageCodec


def _encoded(width: int, height: int, fmt: str) -> bytes:
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor("#3a7"))
    out = QByteArray()
    buffer = QBuffer(out)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    assert image.save(buffer, fmt)  # type: ignore[call-overload]  # the stubs say bytes; PySide6 takes str
    return bytes(out.data())


def _gps_exif_segment() -> bytes:
    """An APP1 Exif block whose GPS IFD says 48°51'N (a Paris photo)."""
    entry = struct.Struct("<HHII")
    ifd0 = struct.pack("<H", 1) + entry.pack(0x8825, 4, 1, 26) + struct.pack("<I", 0)
    gps = (
        struct.pack("<H", 2)
        + entry.pack(0x0001, 2, 2, int.from_bytes(b"N\0\0\0", "little"))
        + entry.pack(0x0002, 5, 3, 56)
        + struct.pack("<I", 0)
        + struct.pack("<6I", 48, 1, 51, 1, 30, 1)
    )
    tiff = b"II*\0" + struct.pack("<I", 8) + ifd0 + gps
    body = b"Exif\0\0" + tiff
    return b"\xff\xe1" + struct.pack(">H", len(body) + 2) + body


def test_a_jpeg_with_gps_exif_comes_out_with_no_metadata() -> None:
    plain = _encoded(640, 480, "JPEG")
    with_gps = plain[:2] + _gps_exif_segment() + plain[2:]
    assert b"Exif" in with_gps and QImage.fromData(with_gps).width() == 640  # still a JPEG

    attachment = prepare(with_gps, "/home/ana/Photos/paris.jpg", QtImageCodec(), Limits())

    assert attachment.data is not None
    assert b"Exif" not in attachment.data and b"\xff\xe1" not in attachment.data
    assert struct.pack("<6I", 48, 1, 51, 1, 30, 1) not in attachment.data
    assert attachment.mime == "image/jpeg" and (attachment.width, attachment.height) == (640, 480)
    assert attachment.name == "paris.jpg"  # the folder never reaches history


def test_a_big_screenshot_is_downscaled_to_the_longest_side_limit() -> None:
    attachment = prepare(_encoded(4000, 1000, "PNG"), "shot.png", QtImageCodec(), Limits())
    assert (attachment.width, attachment.height) == (2048, 512)
    assert attachment.mime == "image/png"
    decoded = QImage.fromData(attachment.data or b"")
    assert (decoded.width(), decoded.height()) == (2048, 512)


def test_the_limit_is_a_setting() -> None:
    attachment = prepare(_encoded(1000, 800, "BMP"), "a.bmp", QtImageCodec(), Limits(500))
    assert (attachment.width, attachment.height) == (500, 400)


def test_a_small_image_keeps_its_size() -> None:
    attachment = prepare(_encoded(300, 200, "PNG"), "small.png", QtImageCodec(), Limits())
    assert (attachment.width, attachment.height) == (300, 200)


def test_a_small_preview_is_made_with_the_image_and_carries_no_metadata() -> None:
    plain = _encoded(3000, 1500, "JPEG")
    with_gps = plain[:2] + _gps_exif_segment() + plain[2:]
    attachment = prepare(with_gps, "photo.jpg", QtImageCodec(), Limits())
    preview = QImage.fromData(attachment.thumbnail or b"")
    assert (preview.width(), preview.height()) == (192, 96)
    assert b"Exif" not in (attachment.thumbnail or b"")


def test_webp_and_gif_are_read_and_re_encoded() -> None:
    import base64

    webp = prepare(_encoded(300, 200, "WEBP"), "a.webp", QtImageCodec(), Limits())
    assert (webp.mime, webp.width, webp.height) == ("image/jpeg", 300, 200)
    gif = base64.b64decode("R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==")
    first_frame = prepare(gif, "dot.gif", QtImageCodec(), Limits())
    assert (first_frame.mime, first_frame.width, first_frame.height) == ("image/png", 1, 1)
