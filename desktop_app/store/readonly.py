"""Open the history for reading only: export never creates, moves or changes a file.

Why a separate opener: ``open_database`` creates a missing file, migrates an
old one and moves a damaged one aside, all right for the app, all wrong for a
read-only command. A damaged history is exactly when a user runs ``export``
to save what is left, so it must be opened as it is.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from desktop_app.core.errors import StorageError
from desktop_app.store import db as dbmod
from desktop_app.store import migrations
from desktop_app.store.conversations import SqliteConversationStore


def open_for_reading(path: Path) -> SqliteConversationStore | None:
    """The history at ``path`` opened read-only, or ``None`` when there is none yet.

    Raises ``StorageError`` with a sentence when the file cannot be read at all
    (not a database, another program's database, or from a newer version).
    """
    if not path.is_file():
        return None
    # Without a -wal file every committed write is in the main file and no app
    # has it open, so ``immutable=1`` reads it without creating -wal/-shm files.
    # With one (the app is running, or crashed) it must be read, so plain ``ro``.
    wal = path.with_name(path.name + "-wal")
    mode = "mode=ro" if wal.exists() else "mode=ro&immutable=1"
    try:
        conn = sqlite3.connect(
            f"{path.resolve().as_uri()}?{mode}", uri=True, isolation_level=None,
            check_same_thread=False,
        )  # fmt: skip
    except sqlite3.Error as exc:
        raise StorageError(f"Cannot read your history at {path}: {exc}.") from exc
    try:
        conn.execute(f"PRAGMA busy_timeout = {dbmod.BUSY_TIMEOUT_MS}")
        migrations.refuse_if_too_new(conn)
        migrations.refuse_if_foreign(conn, path)
    except sqlite3.Error as exc:
        conn.close()
        raise StorageError(
            f"Cannot read your history at {path}: the file is damaged beyond reading ({exc})."
        ) from exc
    except BaseException:
        conn.close()
        raise
    return SqliteConversationStore(dbmod.Database(conn, path, fts=False))
