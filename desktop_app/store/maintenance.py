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


def integrity_problems(database: Path) -> list[str]:
    """What ``PRAGMA quick_check`` finds wrong; ``[]`` for a healthy file.

    It reads the whole file (5-19 s on a 1.9 GB history), so after a crash
    the app can open with ``verify=False``, show the window, and run this in
    ``asyncio.to_thread``: it uses its own read-only connection and never
    writes to or moves the history (SQLite may add its -shm beside it).
    """
    conn = sqlite3.connect(f"{database.resolve().as_uri()}?mode=ro", uri=True)
    try:
        rows = conn.execute("PRAGMA quick_check").fetchall()
    except sqlite3.DatabaseError as exc:
        return [str(exc)]
    finally:
        conn.close()
    found = [str(r[0]) for r in rows]
    return [] if found == ["ok"] else found
