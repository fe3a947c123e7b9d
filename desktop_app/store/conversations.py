"""The SQLite history store: conversations, trash, drafts, search, and opening the file.

:class:`SqliteConversationStore` satisfies ``core.ports.ConversationStore``
plus the paged queries the sidebar and chat view need. Every call is one
short statement or transaction on the loop thread, each backed by an index.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Sequence
from pathlib import Path

from desktop_app.core.errors import DatabaseRecoveredError, StorageError
from desktop_app.core.history import ConversationSummary, ImportCounts, SearchFilters, SearchHit
from desktop_app.core.models import Conversation, Message, now
from desktop_app.store import db as dbmod
from desktop_app.store import importing, migrations, search
from desktop_app.store.attachments import AttachmentOps
from desktop_app.store.backup import backup_connection
from desktop_app.store.messages import MessageOps
from desktop_app.store.rows import (
    CONVERSATION_COLUMNS,
    SUMMARY_COLUMNS,
    conversation_from_row,
    conversation_values,
    summary_from_row,
)

log = logging.getLogger(__name__)

_UPSERT = f"""INSERT INTO conversations ({CONVERSATION_COLUMNS}) VALUES ({", ".join("?" * 12)})
ON CONFLICT(id) DO UPDATE SET title = excluded.title, created_at = excluded.created_at,
    updated_at = excluded.updated_at, pinned = excluded.pinned, folder = excluded.folder,
    trashed_at = excluded.trashed_at, model = excluded.model,
    system_prompt = excluded.system_prompt, params = excluded.params,
    profile = excluded.profile, current_leaf_id = excluded.current_leaf_id"""  # noqa: S608


def _placeholders(ids: Sequence[str]) -> str:
    return ", ".join("?" * len(ids))


def _statement(sql: str, args: Sequence[object]) -> dbmod.WriteOp:
    """A write of one statement, for :meth:`Database.write`."""

    def op(conn: sqlite3.Connection) -> None:
        conn.execute(sql, args)

    return op


class SqliteConversationStore(MessageOps, AttachmentOps):
    """The history database. Build it with :func:`open_database`."""

    def __init__(self, database: dbmod.Database) -> None:
        self._db = database

    @property
    def path(self) -> Path:
        return self._db.path

    @property
    def has_fts(self) -> bool:
        return self._db.fts

    @property
    def pending_writes(self) -> int:
        return self._db.pending_count

    def retry_pending(self) -> bool:
        """Save what a full disk refused earlier; True when all is saved."""
        return self._db.retry_pending()

    def save_copy_with_pending(self, dest: Path) -> int:
        """The history with what a full disk refused, written elsewhere (on quit)."""
        try:
            return self._db.save_copy_with_pending(dest)
        except sqlite3.Error as exc:
            raise dbmod.user_error(exc) from exc

    def close(self) -> None:
        self._db.close()

    # ------------------------------------------------------------ conversations

    def get_conversation(self, conversation_id: str) -> Conversation | None:
        row = self._db.conn.execute(
            f"SELECT {CONVERSATION_COLUMNS} FROM conversations WHERE id = ?",  # noqa: S608
            (conversation_id,),
        ).fetchone()
        return None if row is None else conversation_from_row(row)

    def save_conversation(self, conversation: Conversation) -> None:
        values = conversation_values(conversation)
        self._db.write(_statement(_UPSERT, values), key=f"conv:{conversation.id}")

    def list_conversations(
        self, offset: int = 0, limit: int = 50, *, trashed: bool = False, folder: str | None = None
    ) -> list[ConversationSummary]:
        """A sidebar page: pinned first, then most recently updated (Trash: newest trashed)."""
        if trashed:
            where, order, args = "trashed_at IS NOT NULL", "trashed_at DESC", []
        elif folder is not None:
            where, order, args = "trashed_at IS NULL AND folder = ?", "pinned DESC", [folder]
        else:
            where, order, args = "trashed_at IS NULL", "pinned DESC", []
        if not trashed:
            order += ", updated_at DESC"
        rows = self._db.conn.execute(
            f"SELECT {SUMMARY_COLUMNS} FROM conversations WHERE {where} "  # noqa: S608
            f"ORDER BY {order} LIMIT ? OFFSET ?",
            [*args, limit, offset],
        ).fetchall()
        return [summary_from_row(r) for r in rows]

    def count_conversations(self, *, trashed: bool = False, folder: str | None = None) -> int:
        where = "trashed_at IS NOT NULL" if trashed else "trashed_at IS NULL"
        args: list[str] = []
        if folder is not None and not trashed:
            where += " AND folder = ?"
            args.append(folder)
        return int(
            self._db.conn.execute(
                f"SELECT count(*) FROM conversations WHERE {where}",  # noqa: S608
                args,
            ).fetchone()[0]
        )

    def rename(self, conversation_id: str, title: str) -> None:
        self._update(conversation_id, "title", title)

    def set_pinned(self, conversation_id: str, pinned: bool) -> None:
        self._update(conversation_id, "pinned", int(pinned))

    def set_folder(self, conversation_id: str, folder: str | None) -> None:
        self._update(conversation_id, "folder", folder or None)

    def list_folders(self) -> list[str]:
        rows = self._db.conn.execute(
            "SELECT DISTINCT folder FROM conversations "
            "WHERE trashed_at IS NULL AND folder IS NOT NULL ORDER BY folder"
        ).fetchall()
        return [r[0] for r in rows]

    def _update(self, conversation_id: str, column: str, value: object) -> None:
        sql = f"UPDATE conversations SET {column} = ? WHERE id = ?"  # noqa: S608
        self._db.write(_statement(sql, (value, conversation_id)))

    # -------------------------------------------------------------------- trash

    def trash(self, conversation_ids: Sequence[str]) -> None:
        """Move to Trash (undo with :meth:`restore`)."""
        ids, stamp = list(conversation_ids), now()
        sql = f"UPDATE conversations SET trashed_at = ? WHERE id IN ({_placeholders(ids)})"  # noqa: S608
        self._db.write(_statement(sql, [stamp, *ids]))

    def restore(self, conversation_ids: Sequence[str]) -> None:
        ids = list(conversation_ids)
        sql = f"UPDATE conversations SET trashed_at = NULL WHERE id IN ({_placeholders(ids)})"  # noqa: S608
        self._db.write(_statement(sql, ids))

    def empty_trash(self, *, compact: bool = True) -> int:
        """Erase trashed conversations from the file, not just from view.

        ``secure_delete`` zeroes the freed pages, ``optimize`` rewrites the
        search index without the deleted text, and a TRUNCATE checkpoint
        clears the old page images out of the WAL. ``compact=False`` leaves
        those two slow steps to the caller, to run off the loop thread with
        ``asyncio.to_thread(maintenance.compact_after_trash, store.path, fts=store.has_fts)``.
        """
        removed = 0

        def op(conn: sqlite3.Connection) -> None:
            nonlocal removed
            conn.execute(
                "DELETE FROM drafts WHERE key IN "
                "(SELECT id FROM conversations WHERE trashed_at IS NOT NULL)"
            )
            removed = conn.execute(
                "DELETE FROM conversations WHERE trashed_at IS NOT NULL"
            ).rowcount
            if compact and self._db.fts and removed:
                conn.execute("INSERT INTO messages_fts(messages_fts) VALUES ('optimize')")
                conn.execute("INSERT INTO titles_fts(titles_fts) VALUES ('optimize')")

        self._db.write(op)
        if compact:
            self._db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return removed

    def compact_after_trash(self) -> None:
        """The slow half of Empty Trash, on a connection of its own (for a worker thread)."""
        from desktop_app.store.maintenance import compact_after_trash

        compact_after_trash(self.path, fts=self.has_fts)

    # ------------------------------------------------------------------- drafts

    def get_draft(self, conversation_id: str) -> str:
        """Unsent composer text (``""`` if none); key ``""`` is the new-chat composer."""
        row = self._db.conn.execute(
            "SELECT text FROM drafts WHERE key = ?", (conversation_id,)
        ).fetchone()
        return "" if row is None else str(row[0])

    def set_draft(self, conversation_id: str, text: str) -> None:
        def op(conn: sqlite3.Connection) -> None:
            if text:
                conn.execute(
                    "INSERT INTO drafts(key, text, updated_at) VALUES (?, ?, ?) ON CONFLICT(key) "
                    "DO UPDATE SET text = excluded.text, updated_at = excluded.updated_at",
                    (conversation_id, text, now()),
                )
            else:
                conn.execute("DELETE FROM drafts WHERE key = ?", (conversation_id,))

        self._db.write(op, key=f"draft:{conversation_id}")

    # ------------------------------------------------------------------- search

    def search(
        self, query: str, filters: SearchFilters | None = None, limit: int = 50
    ) -> list[SearchHit]:
        return search.search(
            self._db.conn, query, filters or SearchFilters(), limit, fts=self._db.fts
        )

    def search_titles(self, query: str, limit: int = 50) -> list[ConversationSummary]:
        return search.search_titles(self._db.conn, query, limit, fts=self._db.fts)

    def data_version(self) -> int:
        """Changes whenever another connection (the CLI, a worker) committed."""
        return int(self._db.conn.execute("PRAGMA data_version").fetchone()[0])

    # ------------------------------------------------------------ erase one

    def erase_trashed(self, conversation_ids: Sequence[str]) -> int:
        """Erase these conversations for good, if they are in the Trash.

        "Delete forever" on one Trash row: a conversation not in the Trash
        is never touched. Same erasure as :meth:`empty_trash`.
        """
        if not conversation_ids:
            return 0
        marks = _placeholders(conversation_ids)
        removed = 0

        def op(conn: sqlite3.Connection) -> None:
            nonlocal removed
            # Only "?" placeholders are formatted in; the ids are parameters.
            trashed = "SELECT id FROM conversations WHERE trashed_at IS NOT NULL AND id IN "
            conn.execute(
                f"DELETE FROM drafts WHERE key IN ({trashed}({marks}))",  # noqa: S608
                list(conversation_ids),
            )
            removed = conn.execute(
                f"DELETE FROM conversations WHERE trashed_at IS NOT NULL AND id IN ({marks})",  # noqa: S608
                list(conversation_ids),
            ).rowcount
            if self._db.fts and removed:
                conn.execute("INSERT INTO messages_fts(messages_fts) VALUES ('optimize')")
                conn.execute("INSERT INTO titles_fts(titles_fts) VALUES ('optimize')")

        self._db.write(op)
        self._db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return removed

    # ----------------------------------------------------------- import / backup

    def import_conversation(self, conversation: Conversation, messages: Sequence[Message]) -> bool:
        """Insert a whole conversation unless its id exists; False when skipped (dedupe)."""
        return self.import_conversations([(conversation, messages)]).imported == 1

    def import_conversations(self, items: Sequence[importing.Item]) -> ImportCounts:
        """Insert a file's conversations in one transaction (see ``store.importing``)."""
        return importing.import_many(self._db, items, _UPSERT)

    def backup_to(self, dest: Path, *, create_folder: bool = False) -> Path:
        """A consistent copy of the live database (SQLite backup API)."""
        try:
            return backup_connection(self._db.conn, dest, create_folder=create_folder)
        except sqlite3.Error as exc:
            raise dbmod.user_error(exc) from exc


# ---------------------------------------------------------------------- opening


def _open_checked(
    path: Path, verify: bool
) -> tuple[sqlite3.Connection, DatabaseRecoveredError | None]:
    """Connect, moving a damaged file aside (never deleting it) and starting fresh."""
    conn = dbmod.connect(path)
    try:
        dbmod.check_readable(conn, verify=verify)
    except sqlite3.DatabaseError as exc:
        conn.close()
        if dbmod.is_retryable(exc):
            raise dbmod.user_error(exc) from exc
        log.warning("History database unreadable (%s)", exc)
        moved = dbmod.move_aside(path)
        return dbmod.connect(path), DatabaseRecoveredError(str(moved))
    return conn, None


def open_database(
    path: Path,
    *,
    backups_dir: Path | None = None,
    verify: bool = True,
    fts: bool | None = None,
) -> tuple[SqliteConversationStore, DatabaseRecoveredError | None]:
    """Open (creating, migrating or recovering) the history at ``path``.

    Returns the store and, when the old file was damaged, a notice naming
    where it was moved, for the UI to show. Raises ``DatabaseTooNewError``
    without writing to a file from a newer release, and ``StorageError``
    when the folder cannot be used at all. ``fts=False`` forces the LIKE
    search (tests, or a SQLite without FTS5).
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        conn, notice = _open_checked(path, verify)
    except OSError as exc:
        raise StorageError(f"Cannot open your history at {path}: {exc.strerror}.") from exc
    except sqlite3.Error as exc:  # e.g. a read-only folder with no history yet
        raise StorageError(
            f"Cannot create your history at {path}: the folder cannot be written to ({exc})."
        ) from exc
    try:
        migrations.refuse_if_too_new(conn)
        migrations.refuse_if_foreign(conn, path)
        conn.execute("PRAGMA foreign_keys = ON")
        migrations.migrate(conn, backups_dir)
        migrations.claim(conn)
        dbmod.configure(conn)
        use_fts = migrations.fts5_available(conn) if fts is None else fts
        if use_fts:
            migrations.ensure_search_index(conn)
    except sqlite3.Error as exc:
        conn.close()
        raise dbmod.user_error(exc) from exc
    except BaseException:
        conn.close()
        raise
    return SqliteConversationStore(dbmod.Database(conn, path, fts=use_fts)), notice
