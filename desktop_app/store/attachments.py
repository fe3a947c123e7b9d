"""Attachment rows and their content-addressed bytes (schema v4).

Why bytes apart from the rows: a history with gigabytes of screenshots must
list, open and search as fast as one without, so the bytes sit in ``blobs``
(read only when a request is built or a thumbnail drawn) and the metadata in
small rows read a page at a time. The schema's triggers free a blob when its
last reference is gone (see ``migrations.V4``).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import replace

from desktop_app.core.attachments import Attachment, AttachmentKind
from desktop_app.core.models import Message
from desktop_app.store.db import Database


def meta_to_json(a: Attachment) -> str:
    return json.dumps(a.metadata(), separators=(",", ":"), ensure_ascii=False)


def meta_from_json(sha256: str, text: str) -> Attachment:
    raw = json.loads(text)
    return Attachment(
        sha256=sha256,
        name=str(raw.get("name") or "attachment"),
        mime=str(raw.get("mime") or "application/octet-stream"),
        size=int(raw.get("size") or 0),
        kind=AttachmentKind(raw.get("kind", "file")),
        width=raw.get("width"),
        height=raw.get("height"),
        original_size=int(raw.get("original_size") or 0),
        truncated=bool(raw.get("truncated")),
        note=str(raw.get("note") or ""),
    )


def put_blobs(conn: sqlite3.Connection, attachments: Iterable[Attachment]) -> None:
    """Store the bytes each attachment carries, once per hash."""
    conn.executemany(
        "INSERT OR IGNORE INTO blobs(sha256, size, data) VALUES (?, ?, ?)",
        [(a.sha256, len(a.data), a.data) for a in attachments if a.data is not None],
    )
    conn.executemany(
        "INSERT OR IGNORE INTO thumbnails(sha256, data) VALUES (?, ?)",
        [(a.sha256, a.thumbnail) for a in attachments if a.thumbnail],
    )


def insert_message_attachments(
    conn: sqlite3.Connection, message_id: str, attachments: Sequence[Attachment]
) -> None:
    """Rows (and bytes) of one message's attachments, inside the caller's transaction."""
    if not attachments:
        return
    put_blobs(conn, attachments)
    conn.executemany(
        "INSERT INTO message_attachments(message_id, position, sha256, meta) VALUES (?, ?, ?, ?)",
        [(message_id, i, a.sha256, meta_to_json(a)) for i, a in enumerate(attachments)],
    )


def with_attachments(conn: sqlite3.Connection, messages: list[Message]) -> list[Message]:
    """The same messages with their attachments read in one query per 500."""
    found: dict[str, list[Attachment]] = {}
    ids = [m.id for m in messages]
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ", ".join("?" * len(chunk))
        rows = conn.execute(
            f"SELECT message_id, sha256, meta FROM message_attachments "  # noqa: S608
            f"WHERE message_id IN ({marks}) ORDER BY message_id, position",
            chunk,
        ).fetchall()
        for message_id, sha256, meta in rows:
            found.setdefault(str(message_id), []).append(meta_from_json(sha256, meta))
    if not found:
        return messages
    return [replace(m, attachments=tuple(found[m.id])) if m.id in found else m for m in messages]


class AttachmentOps:
    """Blob reads and draft attachments; mixed into :class:`SqliteConversationStore`."""

    _db: Database

    def attachment_bytes(self, sha256: str) -> bytes | None:
        """The stored bytes of an attachment (``None`` if freed)."""
        row = self._db.conn.execute("SELECT data FROM blobs WHERE sha256 = ?", (sha256,)).fetchone()
        return None if row is None else bytes(row[0])

    def attachment_thumbnail(self, sha256: str) -> bytes | None:
        """An image's small stored preview (``None`` for files and older imports)."""
        row = self._db.conn.execute(
            "SELECT data FROM thumbnails WHERE sha256 = ?", (sha256,)
        ).fetchone()
        return None if row is None else bytes(row[0])

    def blob_stats(self) -> tuple[int, int]:
        """(count, total bytes) of stored attachment bytes."""
        row = self._db.conn.execute("SELECT count(*), coalesce(sum(size), 0) FROM blobs").fetchone()
        return int(row[0]), int(row[1])

    def get_draft_attachments(self, key: str) -> tuple[Attachment, ...]:
        rows = self._db.conn.execute(
            "SELECT sha256, meta FROM draft_attachments WHERE draft_key = ? ORDER BY position",
            (key,),
        ).fetchall()
        return tuple(meta_from_json(sha, meta) for sha, meta in rows)

    def set_draft_attachments(self, key: str, attachments: Sequence[Attachment]) -> None:
        """Replace a composer's attachments; bytes no longer referenced are freed."""

        def op(conn: sqlite3.Connection) -> None:
            # New rows first (at negative positions), then the old ones go: a
            # blob kept by the new set is never freed by the old set's delete.
            put_blobs(conn, attachments)
            conn.executemany(
                "INSERT INTO draft_attachments(draft_key, position, sha256, meta) "
                "VALUES (?, ?, ?, ?)",
                [(key, -1 - i, a.sha256, meta_to_json(a)) for i, a in enumerate(attachments)],
            )
            conn.execute(
                "DELETE FROM draft_attachments WHERE draft_key = ? AND position >= 0", (key,)
            )
            conn.execute(
                "UPDATE draft_attachments SET position = -1 - position "
                "WHERE draft_key = ? AND position < 0",
                (key,),
            )

        self._db.write(op, key=f"draft-attachments:{key}")
