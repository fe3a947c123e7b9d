"""Insert imported conversations in one transaction: a file lands whole or not at all.

Why one transaction per file: an import that fails half-way (a full disk, a
bad row) must not leave some conversations in and others out with no record
of which. Why re-id: message ids are unique across the whole history, and a
plain ``INSERT OR IGNORE`` would silently drop an imported message whose id is
already taken by a different message; such a message gets a fresh id instead
(its children and the leaf follow), and the count is reported.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import replace

from desktop_app.core.history import ImportCounts
from desktop_app.core.models import Conversation, Message, new_id
from desktop_app.store.attachments import insert_message_attachments
from desktop_app.store.db import Database
from desktop_app.store.messages import INSERT_MESSAGE
from desktop_app.store.rows import conversation_values, message_values

Item = tuple[Conversation, Sequence[Message]]


def _taken(conn: sqlite3.Connection, ids: list[str]) -> set[str]:
    found: set[str] = set()
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        rows = conn.execute(
            f"SELECT id FROM messages WHERE id IN ({', '.join('?' * len(chunk))})",  # noqa: S608
            chunk,
        ).fetchall()
        found.update(str(r[0]) for r in rows)
    return found


def _reid(
    conn: sqlite3.Connection, conversation: Conversation, messages: Sequence[Message]
) -> tuple[Conversation, list[Message], int]:
    taken = _taken(conn, [m.id for m in messages])
    if not taken:
        return conversation, list(messages), 0
    fresh = {old: new_id() for old in taken}
    out = [
        replace(
            m,
            id=fresh.get(m.id, m.id),
            parent_id=None if m.parent_id is None else fresh.get(m.parent_id, m.parent_id),
        )
        for m in messages
    ]
    leaf = conversation.current_leaf_id
    if leaf is not None and leaf in fresh:
        conversation = replace(conversation, current_leaf_id=fresh[leaf])
    return conversation, out, len(taken)


def import_many(db: Database, items: Sequence[Item], insert_conversation: str) -> ImportCounts:
    """Insert every conversation whose id is new, all in one transaction."""
    counts = ImportCounts(0, 0)

    def op(conn: sqlite3.Connection) -> None:
        nonlocal counts
        imported = skipped = renamed = 0
        for conversation, messages in items:
            exists = conn.execute(
                "SELECT 1 FROM conversations WHERE id = ?", (conversation.id,)
            ).fetchone()
            if exists is not None:
                skipped += 1
                continue
            conversation, rows, n = _reid(conn, conversation, messages)
            conn.execute(insert_conversation, conversation_values(conversation))
            conn.executemany(INSERT_MESSAGE, [message_values(m) for m in rows])
            for m in rows:
                insert_message_attachments(conn, m.id, m.attachments)
            imported, renamed = imported + 1, renamed + n
        counts = ImportCounts(imported, skipped, renamed)

    db.write(op)
    return counts
