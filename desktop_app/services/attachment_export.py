"""Attachments in the JSON export: metadata plus the bytes as base64 (format v1, additive).

Why inline base64 rather than a folder beside the file: one file stays one
file (the import is all-or-nothing per file), and a reader that does not
know ``attachments`` simply ignores it. On import the bytes are hashed again
and the hash in the file is ignored, so a crafted file cannot make one
message's attachment stand in for another's; names are cut to the file
name, so an import cannot plant a folder path either.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable, Sequence
from typing import Any

from desktop_app.core.attachments import Attachment, AttachmentKind, safe_name, sha256_hex

BlobReader = Callable[[str], bytes | None]


def attachments_to_json(
    attachments: Sequence[Attachment], blobs: BlobReader | None
) -> list[dict[str, Any]]:
    out = []
    for a in attachments:
        data = a.data if a.data is not None else (blobs(a.sha256) if blobs else None)
        encoded = None if data is None else base64.b64encode(data).decode("ascii")
        out.append({"sha256": a.sha256, **a.metadata(), "data_base64": encoded})
    return out


def _int_or_none(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def attachments_from_json(raw: object) -> tuple[Attachment, ...]:
    """Attachments of one imported message; a malformed entry raises ``ValueError``."""
    if not isinstance(raw, list):
        return ()
    out = []
    for item in raw:
        if not isinstance(item, dict):
            raise ValueError("an attachment is not an object")
        encoded = item.get("data_base64")
        data: bytes | None = None
        if isinstance(encoded, str):
            try:
                data = base64.b64decode(encoded, validate=True)
            except (binascii.Error, ValueError) as exc:
                raise ValueError("an attachment's data is not valid base64") from exc
        kind = AttachmentKind(item.get("kind", "file"))
        sha = sha256_hex(data) if data is not None else str(item.get("sha256") or "")
        out.append(
            Attachment(
                sha256=sha,
                name=safe_name(str(item.get("name") or "")),
                mime=str(item.get("mime") or "application/octet-stream"),
                size=len(data) if data is not None else (_int_or_none(item.get("size")) or 0),
                kind=kind,
                width=_int_or_none(item.get("width")),
                height=_int_or_none(item.get("height")),
                original_size=_int_or_none(item.get("original_size")) or 0,
                truncated=bool(item.get("truncated")),
                note=str(item.get("note") or ""),
                data=data,
            )
        )
    return tuple(out)
