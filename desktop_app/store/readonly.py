"""Open the history for reading only: export never creates, moves or changes a file.

Why a separate opener: ``open_database`` creates a missing file, migrates an
old one and moves a damaged one aside, all right for the app, all wrong for a
read-only command. A damaged history is exactly when a user runs ``export``
to save what is left, so it must be opened as it is.
"""

from __future__ import annotations

import functools
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import ParamSpec, TypeVar

from desktop_app.core.errors import StorageError
from desktop_app.store import db as dbmod
from desktop_app.store import migrations, rows
from desktop_app.store.conversations import SqliteConversationStore

P = ParamSpec("P")
R = TypeVar("R")


class HistoryDamagedError(StorageError):
    """A read hit a damaged part of the file; other reads may still work."""


def _reading(fn: Callable[P, R]) -> Callable[P, R]:
    """Turn a sqlite error of one read into :class:`HistoryDamagedError`.

    So callers outside ``store/`` can salvage what is readable without
    importing sqlite3.
    """

    @functools.wraps(fn)
    def wrapped(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return fn(*args, **kwargs)
        except sqlite3.DatabaseError as exc:
            raise HistoryDamagedError(f"Part of your history cannot be read: {exc}.") from exc

    return wrapped


class ReadOnlyStore(SqliteConversationStore):
    """The reads export needs; a damaged page raises :class:`HistoryDamagedError`."""

    get_conversation = _reading(SqliteConversationStore.get_conversation)
    list_conversations = _reading(SqliteConversationStore.list_conversations)
    conversation_messages = _reading(SqliteConversationStore.conversation_messages)
    branch_path = _reading(SqliteConversationStore.branch_path)


def _columns_of_older_schemas(conn: sqlite3.Connection) -> None:
    """Let an older, unmigrated history be read with today's columns.

    The file may not be migrated here (nothing is written), so columns a later
    schema added (v3's ``reasoning``, ``reasoning_ms``) would make every read
    fail. A TEMP view named ``messages`` (temp objects are looked up before
    the file's own) adds each missing column as NULL; it lives in this
    connection's memory only.
    """
    have = {str(r[1]) for r in conn.execute("PRAGMA main.table_info(messages)").fetchall()}
    wanted = [c.strip() for c in rows.MESSAGE_COLUMNS.split(",")]
    missing = [c for c in wanted if c not in have]
    if have and missing:
        extra = ", ".join(f"NULL AS {c}" for c in missing)
        conn.execute(f"CREATE TEMP VIEW messages AS SELECT *, {extra} FROM main.messages")  # noqa: S608
    # Tables a later schema added (v4's attachments) read as empty, the same way.
    tables = {str(r[0]) for r in conn.execute("SELECT name FROM main.sqlite_master")}
    for statement in migrations.LATER_TABLES:
        name = statement.split("(", 1)[0].split()[-1]
        if have and name not in tables:
            conn.execute(statement.replace("CREATE TABLE", "CREATE TEMP TABLE", 1))


def open_for_reading(path: Path) -> ReadOnlyStore | None:
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
        if conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] == 0:
            conn.close()  # an empty file (a first start that never got its schema)
            return None
        _columns_of_older_schemas(conn)
    except sqlite3.Error as exc:
        conn.close()
        raise StorageError(
            f"Cannot read your history at {path}: the file is damaged beyond reading ({exc})."
        ) from exc
    except BaseException:
        conn.close()
        raise
    return ReadOnlyStore(dbmod.Database(conn, path, fts=False))
