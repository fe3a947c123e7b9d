"""Schema versions keyed by ``PRAGMA user_version``.

Each migration is a list of statements run in one transaction (never
``executescript``, which commits behind our back). Before migrating a
database that holds data, a consistent copy is written with the SQLite
backup API; a database from a newer version is refused before anything
writes to it.
"""

from __future__ import annotations

import logging
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path

from desktop_app.core.errors import DatabaseTooNewError, StorageError
from desktop_app.store import tool_search
from desktop_app.store.backup import backup_connection

log = logging.getLogger(__name__)

#: "AFAR": lets tools (and us) tell our file from any other SQLite file.
APPLICATION_ID = 0x41464152

# Message rows carry an explicit INTEGER PRIMARY KEY (``seq``) because the FTS
# index points at rowids, and VACUUM may renumber implicit rowids.
# ``parent_id`` has no FOREIGN KEY on purpose: SQLite would then look up
# children for every deleted row, and without a parent-only index emptying
# Trash turns quadratic. The store keeps the tree consistent itself.
V1 = [
    f"PRAGMA application_id = {APPLICATION_ID}",
    """CREATE TABLE conversations (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        title TEXT NOT NULL DEFAULT '',
        created_at REAL NOT NULL,
        updated_at REAL NOT NULL,
        pinned INTEGER NOT NULL DEFAULT 0,
        folder TEXT,
        trashed_at REAL,
        model TEXT,
        system_prompt TEXT,
        params TEXT NOT NULL DEFAULT '{}',
        profile TEXT,
        current_leaf_id TEXT)""",
    """CREATE INDEX conversations_live ON conversations(pinned, updated_at)
        WHERE trashed_at IS NULL""",
    """CREATE INDEX conversations_folder ON conversations(folder, pinned, updated_at)
        WHERE trashed_at IS NULL""",
    """CREATE INDEX conversations_trash ON conversations(trashed_at)
        WHERE trashed_at IS NOT NULL""",
    """CREATE TABLE messages (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
        parent_id TEXT,
        role TEXT NOT NULL,
        content TEXT NOT NULL DEFAULT '',
        status TEXT NOT NULL,
        finish_reason TEXT,
        error TEXT,
        model TEXT,
        usage TEXT,
        tool_calls TEXT,
        created_at REAL NOT NULL,
        first_token_ms REAL,
        duration_ms REAL)""",
    "CREATE INDEX messages_conversation ON messages(conversation_id, seq)",
    "CREATE INDEX messages_parent ON messages(parent_id) WHERE parent_id IS NOT NULL",
    "CREATE INDEX messages_streaming ON messages(status) WHERE status = 'streaming'",
]

V2 = [
    """CREATE TABLE drafts (
        key TEXT PRIMARY KEY,
        text TEXT NOT NULL,
        updated_at REAL NOT NULL)""",
]

# A thinking model's reasoning, kept apart from the answer (issue 14): search,
# export and the request history see ``content`` alone unless asked.
V3 = [
    "ALTER TABLE messages ADD COLUMN reasoning TEXT",
    "ALTER TABLE messages ADD COLUMN reasoning_ms REAL",
]

# Attachments (issue 15). Bytes are stored once per SHA-256 in ``blobs`` (a
# rowid table, so large values live in overflow pages that no list, open or
# search query reads); ``message_attachments`` and ``draft_attachments`` hold
# the small metadata rows that point at them. Triggers free a blob when its
# last reference goes: a message deleted (directly, or by the conversation's
# ON DELETE CASCADE when Trash is emptied) or a draft cleared.
V4 = [
    """CREATE TABLE blobs (
        seq INTEGER PRIMARY KEY,
        sha256 TEXT NOT NULL UNIQUE,
        size INTEGER NOT NULL,
        data BLOB NOT NULL)""",
    """CREATE TABLE message_attachments (
        message_id TEXT NOT NULL,
        position INTEGER NOT NULL,
        sha256 TEXT NOT NULL,
        meta TEXT NOT NULL,
        PRIMARY KEY (message_id, position))""",
    # A small preview per image, keyed and freed like its blob.
    """CREATE TABLE thumbnails (
        sha256 TEXT PRIMARY KEY,
        data BLOB NOT NULL)""",
    "CREATE INDEX message_attachments_blob ON message_attachments(sha256)",
    """CREATE TABLE draft_attachments (
        draft_key TEXT NOT NULL,
        position INTEGER NOT NULL,
        sha256 TEXT NOT NULL,
        meta TEXT NOT NULL,
        PRIMARY KEY (draft_key, position))""",
    "CREATE INDEX draft_attachments_blob ON draft_attachments(sha256)",
    """CREATE TRIGGER messages_attachments_delete AFTER DELETE ON messages BEGIN
        DELETE FROM message_attachments WHERE message_id = old.id; END""",
    """CREATE TRIGGER message_attachments_free AFTER DELETE ON message_attachments
        WHEN NOT EXISTS (SELECT 1 FROM message_attachments WHERE sha256 = old.sha256)
         AND NOT EXISTS (SELECT 1 FROM draft_attachments WHERE sha256 = old.sha256) BEGIN
        DELETE FROM blobs WHERE sha256 = old.sha256;
        DELETE FROM thumbnails WHERE sha256 = old.sha256; END""",
    """CREATE TRIGGER draft_attachments_free AFTER DELETE ON draft_attachments
        WHEN NOT EXISTS (SELECT 1 FROM message_attachments WHERE sha256 = old.sha256)
         AND NOT EXISTS (SELECT 1 FROM draft_attachments WHERE sha256 = old.sha256) BEGIN
        DELETE FROM blobs WHERE sha256 = old.sha256;
        DELETE FROM thumbnails WHERE sha256 = old.sha256; END""",
    """CREATE TRIGGER conversations_draft_attachments_delete AFTER DELETE ON conversations
        BEGIN DELETE FROM draft_attachments WHERE draft_key = old.id; END""",
]

# Full-text search over finished messages and titles. Streaming rows are kept
# out of the index (the triggers skip them) so a once-a-second checkpoint does
# not re-index a growing reply; the row is indexed when it is finalized.
FTS = [
    """CREATE VIRTUAL TABLE IF NOT EXISTS messages_fts USING fts5(
        content, content='messages', content_rowid='seq', tokenize='trigram')""",
    """CREATE VIRTUAL TABLE IF NOT EXISTS titles_fts USING fts5(
        title, content='conversations', content_rowid='seq', tokenize='trigram')""",
    """CREATE TRIGGER IF NOT EXISTS messages_fts_insert AFTER INSERT ON messages
        WHEN new.status != 'streaming' BEGIN
        INSERT INTO messages_fts(rowid, content) VALUES (new.seq, new.content); END""",
    """CREATE TRIGGER IF NOT EXISTS messages_fts_delete AFTER DELETE ON messages
        WHEN old.status != 'streaming' BEGIN
        INSERT INTO messages_fts(messages_fts, rowid, content)
        VALUES ('delete', old.seq, old.content); END""",
    """CREATE TRIGGER IF NOT EXISTS messages_fts_unindex AFTER UPDATE OF content, status
        ON messages WHEN old.status != 'streaming' BEGIN
        INSERT INTO messages_fts(messages_fts, rowid, content)
        VALUES ('delete', old.seq, old.content); END""",
    """CREATE TRIGGER IF NOT EXISTS messages_fts_reindex AFTER UPDATE OF content, status
        ON messages WHEN new.status != 'streaming' BEGIN
        INSERT INTO messages_fts(rowid, content) VALUES (new.seq, new.content); END""",
    """CREATE TRIGGER IF NOT EXISTS titles_fts_insert AFTER INSERT ON conversations BEGIN
        INSERT INTO titles_fts(rowid, title) VALUES (new.seq, new.title); END""",
    """CREATE TRIGGER IF NOT EXISTS titles_fts_delete AFTER DELETE ON conversations BEGIN
        INSERT INTO titles_fts(titles_fts, rowid, title) VALUES ('delete', old.seq, old.title);
        END""",
    """CREATE TRIGGER IF NOT EXISTS titles_fts_update AFTER UPDATE OF title ON conversations
        BEGIN
        INSERT INTO titles_fts(titles_fts, rowid, title) VALUES ('delete', old.seq, old.title);
        INSERT INTO titles_fts(rowid, title) VALUES (new.seq, new.title); END""",
]


class ForeignDatabaseError(StorageError):
    """The file is a SQLite database, but not ours: it is never written to."""


Migration = Callable[[sqlite3.Connection], None]


def _run(statements: list[str]) -> Migration:
    def apply(conn: sqlite3.Connection) -> None:
        for sql in statements:
            conn.execute(sql)

    return apply


# Issue 16 (tools): a ``tool`` row records the call it answers and what ran.
V5 = [
    "ALTER TABLE messages ADD COLUMN tool_call_id TEXT",
    "ALTER TABLE messages ADD COLUMN tool_info TEXT",
]

#: Tables added after v1, which a read-only reader of an older file stands in
#: for with empty TEMP tables (see store/readonly.py).
LATER_TABLES = [sql for sql in V4 if sql.lstrip().startswith("CREATE TABLE")]

MIGRATIONS: dict[int, Migration] = {
    1: _run(V1),
    2: _run(V2),
    3: _run(V3),
    4: _run(V4),
    5: _run(V5),
}
LATEST_VERSION = max(MIGRATIONS)


def user_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def refuse_if_too_new(conn: sqlite3.Connection) -> None:
    """Raise before anything writes to a file a newer release made."""
    found = user_version(conn)
    if found > LATEST_VERSION:
        raise DatabaseTooNewError(
            detail=f"schema version {found}, this app understands up to {LATEST_VERSION}"
        )


def _has_our_tables(conn: sqlite3.Connection) -> bool:
    names = {
        str(r[0])
        for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
    }
    return {"conversations", "messages"} <= names


def refuse_if_foreign(conn: sqlite3.Connection, path: Path) -> None:
    """Raise before our schema is added to another program's SQLite file.

    Ours carry :data:`APPLICATION_ID`. A file without it is ours only when it
    is empty (a new history) or already holds our tables (an early v1/v2
    history written before the id was checked).
    """
    app_id = int(conn.execute("PRAGMA application_id").fetchone()[0])
    if app_id == APPLICATION_ID:
        return
    empty = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] == 0
    if app_id == 0 and (empty or (user_version(conn) > 0 and _has_our_tables(conn))):
        return
    raise ForeignDatabaseError(
        f"{path} is another program's SQLite database, not an Afarensis Chat history. "
        "It was left untouched; choose another data folder (--data-dir)."
    )


def claim(conn: sqlite3.Connection) -> None:
    """Stamp :data:`APPLICATION_ID` on an early history of ours that lacks it."""
    if int(conn.execute("PRAGMA application_id").fetchone()[0]) != APPLICATION_ID:
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")


def migrate(conn: sqlite3.Connection, backups_dir: Path | None) -> Path | None:
    """Bring the schema to :data:`LATEST_VERSION`; returns the backup made, if any."""
    refuse_if_too_new(conn)
    version = user_version(conn)
    if version == LATEST_VERSION:
        return None
    backup = None
    if version > 0 and backups_dir is not None:
        stamp = time.strftime("%Y%m%d-%H%M%S")
        backup = backups_dir / f"history-v{version}-before-migration-{stamp}.sqlite3"
        backup_connection(conn, backup, create_folder=True)
        log.info("Backed up history schema v%d to %s before migrating", version, backup)
    for target in range(version + 1, LATEST_VERSION + 1):
        conn.execute("BEGIN IMMEDIATE")
        try:
            MIGRATIONS[target](conn)
            conn.execute(f"PRAGMA user_version = {target}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    return backup


def fts5_available(conn: sqlite3.Connection) -> bool:
    """Whether this SQLite build has FTS5 with the trigram tokenizer (3.34+)."""
    try:
        conn.execute("CREATE VIRTUAL TABLE temp.fts_probe USING fts5(x, tokenize='trigram')")
    except sqlite3.OperationalError:
        return False
    conn.execute("DROP TABLE temp.fts_probe")
    return True


def ensure_search_index(conn: sqlite3.Connection) -> None:
    """Create the FTS tables and triggers if missing, and fill them.

    Outside ``user_version`` because it depends on the SQLite build, not on
    the schema: a history first opened where FTS5 was missing gets its index
    the first time it is opened where FTS5 exists.
    """
    exists = conn.execute(
        "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name = 'messages_fts_insert'"
    ).fetchone()[0]
    # Tool calls' names and arguments (issue 16) have their own index, added
    # to histories that already have this one.
    tool_search.ensure_index(conn)
    if exists:
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        _run(FTS)(conn)
        conn.execute(
            "INSERT INTO messages_fts(rowid, content) "
            "SELECT seq, content FROM messages WHERE status != 'streaming'"
        )
        conn.execute("INSERT INTO titles_fts(titles_fts) VALUES ('rebuild')")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
