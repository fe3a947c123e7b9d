"""Slow upkeep after Empty Trash, on a connection of its own.

Why its own connection: FTS ``optimize`` rewrites the whole search index and
a TRUNCATE checkpoint copies the WAL into the file; on a large history both
take seconds. With a connection of their own they can run in
``asyncio.to_thread`` while the loop thread keeps the writer for the chat.
SQLite serialises the writes; ``busy_timeout`` makes each side wait its turn.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from desktop_app.store import db as dbmod


def compact_after_trash(database: Path, *, fts: bool) -> None:
    """Rewrite the search index without deleted text, then empty the WAL.

    Raises ``StorageError`` with a sentence when the disk refuses.
    """
    conn = dbmod.connect(database)
    try:
        if fts:
            conn.execute("BEGIN IMMEDIATE")
            try:
                conn.execute("INSERT INTO messages_fts(messages_fts) VALUES ('optimize')")
                conn.execute("INSERT INTO titles_fts(titles_fts) VALUES ('optimize')")
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    except sqlite3.Error as exc:
        raise dbmod.user_error(exc) from exc
    finally:
        conn.close()
