"""Turn a file the user picked (or pasted) into an :class:`Attachment`.

Qt-free: images go through an :class:`ImageCodec` the window hands in
(``ui/image_codec.py``, QImage), so this module is tested without a display.
Only the bytes the user chose are read; nothing remote is ever fetched.
Every refusal is an :class:`AttachmentError` with a sentence for the user,
and a file cut at the size cap says so on its chip and in the request.
Run it off the loop thread (``asyncio.to_thread``): a PDF can take a while.
"""

from __future__ import annotations

import io
import mimetypes
from dataclasses import dataclass
from pathlib import PurePath
from typing import Protocol

from desktop_app.core.attachments import Attachment, file_attachment, image_attachment, safe_name
from desktop_app.core.errors import AfarensisError

IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".webp", ".gif", ".bmp"}
TEXT_MIMES = {
    ".md": "text/markdown",
    ".markdown": "text/markdown",
    ".csv": "text/csv",
    ".json": "application/json",
    ".log": "text/plain",
    ".txt": "text/plain",
    ".py": "text/x-python",
    ".ts": "text/plain",
    ".rs": "text/plain",
    ".toml": "text/plain",
    ".yaml": "text/plain",
    ".yml": "text/plain",
}
#: Tried in order after UTF-8; cp1252 last, since it accepts almost any bytes.
FALLBACK_ENCODINGS = ("utf-16", "gb18030", "cp1252")


class AttachmentError(AfarensisError):
    """A file that cannot be attached; the message says why and what to do."""


@dataclass(frozen=True, slots=True)
class EncodedImage:
    data: bytes
    mime: str
    width: int
    height: int
    thumbnail: bytes = b""  # a small preview for cards and chips


class ImageCodec(Protocol):
    """Decodes and re-encodes an image locally: scaled, metadata stripped."""

    def reencode(self, data: bytes, max_side: int) -> EncodedImage | None:
        """``None`` when the bytes are not an image this codec reads."""
        ...


@dataclass(frozen=True, slots=True)
class Limits:
    image_max_side: int = 2048
    text_max_bytes: int = 200_000


def prepare(data: bytes, name: str, codec: ImageCodec, limits: Limits) -> Attachment:
    """An attachment from the bytes of ``name`` (the file name only is kept)."""
    suffix = PurePath(name).suffix.lower()
    if suffix in IMAGE_SUFFIXES or (suffix not in TEXT_MIMES and _looks_like_image(data)):
        return prepare_image(data, name, codec, limits)
    if suffix == ".pdf" or data.startswith(b"%PDF-"):
        return prepare_pdf(data, name, limits)
    return prepare_text(data, name, limits)


def prepare_image(data: bytes, name: str, codec: ImageCodec, limits: Limits) -> Attachment:
    encoded = codec.reencode(data, limits.image_max_side)
    if encoded is None:
        raise AttachmentError(
            f"“{safe_name(name)}” could not be read as an image. "
            "Attach a PNG, JPEG, WebP, GIF or BMP file."
        )
    return image_attachment(
        encoded.data,
        name,
        encoded.mime,
        encoded.width,
        encoded.height,
        len(data),
        encoded.thumbnail or None,
    )


def prepare_text(data: bytes, name: str, limits: Limits) -> Attachment:
    text = decode_text(data)
    if text is None:
        raise AttachmentError(
            f"“{safe_name(name)}” is a binary file, not text. "
            "Attach text, code, Markdown, CSV, JSON, logs, PDF or images."
        )
    mime = TEXT_MIMES.get(PurePath(name).suffix.lower()) or _guess_mime(name, "text/plain")
    return _capped_file(text, name, mime, len(data), limits)


def prepare_pdf(data: bytes, name: str, limits: Limits) -> Attachment:
    import pypdf  # lazily: ~90 ms and ~24 MB, paid only when a PDF is attached
    from pypdf.errors import PyPdfError

    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise AttachmentError(
                f"“{safe_name(name)}” is a password-protected PDF. "
                "Save an unprotected copy and attach that."
            )
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PyPdfError, ValueError, KeyError, TypeError) as exc:
        raise AttachmentError(
            f"“{safe_name(name)}” could not be read as a PDF (it may be damaged).",
            detail=type(exc).__name__,
        ) from exc
    text = "\n\n".join(p.strip() for p in pages if p.strip())
    note = ""
    if not text:
        note = (
            f"This PDF has no text layer ({len(pages)} pages, probably scanned): "
            "the model sees only its name."
        )
    return _capped_file(text, name, "application/pdf", len(data), limits, note=note)


def decode_text(data: bytes) -> str | None:
    """The text of ``data`` (UTF-8 first, then a few common encodings); None if binary."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            return None
    sample = data[:8192]
    if b"\x00" in sample:
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if exc.start >= len(data) - 3:  # a cut multi-byte character at the very end
            return data[: exc.start].decode("utf-8")
    for encoding in FALLBACK_ENCODINGS[1:]:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _mostly_printable(text):
            return text
    return None


def _capped_file(
    text: str, name: str, mime: str, original_size: int, limits: Limits, note: str = ""
) -> Attachment:
    encoded = text.encode("utf-8")
    truncated = len(encoded) > limits.text_max_bytes
    if truncated:
        text = encoded[: limits.text_max_bytes].decode("utf-8", errors="ignore")
    return file_attachment(text, name, mime, original_size, truncated=truncated, note=note)


def _mostly_printable(text: str) -> bool:
    sample = text[:4096]
    if not sample:
        return True
    bad = sum(1 for ch in sample if not ch.isprintable() and ch not in "\r\n\t\f")
    return bad / len(sample) < 0.02


def _looks_like_image(data: bytes) -> bool:
    return data.startswith(
        (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"GIF87a", b"GIF89a", b"BM")
    ) or (data[:4] == b"RIFF" and data[8:12] == b"WEBP")


def _guess_mime(name: str, default: str) -> str:
    guessed, _ = mimetypes.guess_type(name)
    return guessed or default


def read_and_prepare(path: str, codec: ImageCodec, limits: Limits) -> Attachment:
    """Read a file the user picked and prepare it (call through ``asyncio.to_thread``)."""
    name = PurePath(path).name
    try:
        with open(path, "rb") as handle:  # noqa: PTH123 - a plain read of the user's pick
            data = handle.read(MAX_READ_BYTES + 1)
    except OSError as exc:
        raise AttachmentError(
            f"“{name}” could not be read ({exc.strerror or 'unknown error'}).",
            detail=type(exc).__name__,
        ) from exc
    if len(data) > MAX_READ_BYTES:
        raise AttachmentError(
            f"“{name}” is larger than {MAX_READ_BYTES // (1024 * 1024)} MB; "
            "attach a smaller file or an excerpt."
        )
    return prepare(data, name, codec, limits)


#: Nothing larger is read into memory at all (a PDF or image above this is refused).
MAX_READ_BYTES = 64 * 1024 * 1024
