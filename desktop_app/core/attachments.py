"""Attachments as values: what a user attached to a message, and how it is sent.

An attachment is named by the SHA-256 of the bytes we keep (the re-encoded
image, or the text extracted from a file), so the same screenshot pasted into
ten chats is stored once. The value carries the file *name* only, never the
folder it came from (issue 15: a stored attachment never reveals the user's
paths). ``data`` holds the bytes only between preparing an attachment and
storing it; values read back from history carry ``data=None`` and their bytes
are fetched by hash when a request is built.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass, field
from enum import StrEnum

#: A rough, model-agnostic size of a text token in bytes (OpenAI's rule of thumb).
BYTES_PER_TOKEN = 4
#: What an image costs at most on the common vision models (a 2,048 px tile set).
IMAGE_TOKENS_CAP = 1_600


class AttachmentKind(StrEnum):
    IMAGE = "image"
    FILE = "file"


@dataclass(frozen=True, slots=True)
class Attachment:
    """One attached image or file; ``size`` is the stored bytes' length.

    ``original_size`` is the size of what the user picked; for a file cut at
    the size cap ``truncated`` is True and the request says so in words.
    ``note`` is a sentence shown with the chip (e.g. a scanned PDF's "no text").
    """

    sha256: str
    name: str
    mime: str
    size: int
    kind: AttachmentKind
    width: int | None = None
    height: int | None = None
    original_size: int = 0
    truncated: bool = False
    note: str = ""
    data: bytes | None = field(default=None, compare=False, repr=False)
    # A small re-encoded preview made with the image, stored beside its bytes, so a
    # card never decodes a 2,048 px picture on the UI thread to draw a thumbnail.
    thumbnail: bytes | None = field(default=None, compare=False, repr=False)

    @property
    def is_image(self) -> bool:
        return self.kind is AttachmentKind.IMAGE

    def metadata(self) -> dict[str, object]:
        """The JSON-ready fields (no bytes, no hash): stored rows and exports share them."""
        return {
            "name": self.name,
            "mime": self.mime,
            "size": self.size,
            "kind": self.kind.value,
            "width": self.width,
            "height": self.height,
            "original_size": self.original_size,
            "truncated": self.truncated,
            "note": self.note,
        }


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def safe_name(name: str) -> str:
    """The last component of ``name``: no folder of the user's ever reaches history."""
    base = name.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1].strip()
    return base or "attachment"


def image_attachment(
    data: bytes,
    name: str,
    mime: str,
    width: int,
    height: int,
    original_size: int,
    thumbnail: bytes | None = None,
) -> Attachment:
    return Attachment(
        sha256_hex(data),
        safe_name(name),
        mime,
        len(data),
        AttachmentKind.IMAGE,
        width,
        height,
        original_size,
        data=data,
        thumbnail=thumbnail,
    )


def file_attachment(
    text: str, name: str, mime: str, original_size: int, *, truncated: bool, note: str = ""
) -> Attachment:
    data = text.encode("utf-8")
    return Attachment(
        sha256_hex(data),
        safe_name(name),
        mime,
        len(data),
        AttachmentKind.FILE,
        original_size=original_size,
        truncated=truncated,
        note=note,
        data=data,
    )


# ------------------------------------------------------------------ the wire


@dataclass(frozen=True, slots=True)
class TextPart:
    text: str


@dataclass(frozen=True, slots=True)
class ImagePart:
    """An image as a ``data:`` URL: nothing remote is ever referenced."""

    url: str


ContentPart = TextPart | ImagePart


def data_url(mime: str, data: bytes) -> str:
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


def file_part_text(attachment: Attachment, text: str) -> str:
    """The text part a file becomes: a header naming it, the text, and any cut said in words."""
    lines = [f'[Attached file "{attachment.name}" ({attachment.mime})]']
    if attachment.note:
        lines.append(f"[{attachment.note}]")
    lines.append(text)
    if attachment.truncated:
        lines.append(
            f"[The file was cut to its first {attachment.size:,} bytes "
            f"of {attachment.original_size:,}; the rest was not sent.]"
        )
    return "\n".join(lines)


def omitted_image_text(attachment: Attachment) -> str:
    """What an older image becomes when the history setting drops it to save tokens."""
    return f'[Image "{attachment.name}" from an earlier turn, not sent again to save tokens]'


def missing_blob_text(attachment: Attachment) -> str:
    return f'[Attachment "{attachment.name}" is no longer stored]'


def estimate_tokens(attachment: Attachment) -> int:
    """A rough count of the tokens an attachment adds, shown on its chip."""
    if attachment.is_image:
        w, h = attachment.width or 512, attachment.height or 512
        tiles = max(1, -(-w // 512)) * max(1, -(-h // 512))
        return min(IMAGE_TOKENS_CAP, 85 + 170 * tiles)
    return max(1, attachment.size // BYTES_PER_TOKEN) + 16


def human_size(size: int) -> str:
    """``1.2 MB``-style sizes for chips and notices."""
    value = float(size)
    for unit in ("B", "KB", "MB"):
        if value < 1024 or unit == "MB":
            return f"{int(value)} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{value:.1f} MB"  # pragma: no cover - the loop always returns
