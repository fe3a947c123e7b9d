"""Bad storage: damaged files, newer schemas, a full disk, a read-only database."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest

from desktop_app.core.errors import DatabaseTooNewError, StorageFullError
from desktop_app.store.conversations import SqliteConversationStore, open_database
from tests.unit.store.conftest import add, chain, make_conversation


def test_a_file_that_is_not_a_database_is_moved_aside_not_deleted(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    db_path.write_bytes(b"this is my shopping list, not a database" * 100)
    store, notice = open_database(db_path)
    try:
        assert notice is not None
        moved = Path(notice.moved_to)
        assert moved.read_bytes().startswith(b"this is my shopping list")
        assert str(moved) in str(notice)
        assert store.list_conversations() == []
        make_conversation(store, "fresh start")  # the new file works
    finally:
        store.close()


def test_a_database_failing_quick_check_is_moved_aside(db_path: Path) -> None:
    store, _ = open_database(db_path)
    conv = make_conversation(store)
    chain(store, conv, ["x" * 3000 for _ in range(40)])
    store.close()
    data = bytearray(db_path.read_bytes())
    page = 4096
    for offset in range(3 * page, 6 * page):  # scramble b-tree pages, keep the header
        data[offset] = (data[offset] * 7 + 13) % 256
    db_path.write_bytes(bytes(data))
    store, notice = open_database(db_path)
    store.close()
    assert notice is not None and Path(notice.moved_to).read_bytes() == bytes(data)


def test_a_newer_schema_is_refused_and_left_untouched(db_path: Path) -> None:
    store, _ = open_database(db_path)
    store.close()
    conn = sqlite3.connect(db_path)
    conn.execute("PRAGMA user_version = 99")
    conn.close()
    before = hashlib.sha256(db_path.read_bytes()).hexdigest()
    with pytest.raises(DatabaseTooNewError, match="newer version"):
        open_database(db_path)
    assert hashlib.sha256(db_path.read_bytes()).hexdigest() == before


def test_disk_full_keeps_the_message_and_saves_it_later(
    store: SqliteConversationStore, db_path: Path
) -> None:
    conv = make_conversation(store)
    conn = store._db.conn  # the injection point: a real SQLITE_FULL from SQLite
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.execute(f"PRAGMA max_page_count = {pages}")
    with pytest.raises(StorageFullError, match="disk is full"):
        add(store, conv, "y" * 20000)
    assert store.pending_writes == 1
    assert not store.retry_pending()
    conn.execute("PRAGMA max_page_count = 1073741823")
    assert store.retry_pending() and store.pending_writes == 0
    assert [len(m.content) for m in store.current_branch_tail(conv.id).messages] == [20000]


def test_a_read_only_database_queues_writes_until_the_next_success(
    store: SqliteConversationStore,
) -> None:
    conv = make_conversation(store)
    store._db.conn.execute("PRAGMA query_only = ON")  # writes now fail with SQLITE_READONLY
    with pytest.raises(StorageFullError):
        add(store, conv, "written while read-only")
    store._db.conn.execute("PRAGMA query_only = OFF")
    add(store, conv, "next message")  # flushes the queued one first, in order
    texts = [m.content for m in store.conversation_messages(conv.id)]
    assert texts == ["written while read-only", "next message"]
    assert store.pending_writes == 0


def test_checkpoints_queued_while_full_collapse_to_the_newest(
    store: SqliteConversationStore,
) -> None:
    conv = make_conversation(store)
    msg = add(store, conv, "")
    store._db.conn.execute("PRAGMA query_only = ON")
    for text in ("a", "ab", "abc"):
        with pytest.raises(StorageFullError):
            store.checkpoint_message(msg.id, text)
    assert store.pending_writes == 1
    store._db.conn.execute("PRAGMA query_only = OFF")
    assert store.retry_pending()
    got = store.get_message(msg.id)
    assert got is not None and got.content == "abc"


def test_pragmas_protect_committed_data(store: SqliteConversationStore) -> None:
    conn = store._db.conn
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA busy_timeout").fetchone()[0] > 0


def test_streaming_checkpoints_skip_the_fsync_but_everything_else_keeps_it(
    tmp_path: Path,
) -> None:
    """Checkpoints run with synchronous=NORMAL for their own transaction only."""
    from desktop_app.core.models import Conversation, Message, MessageStatus, Role
    from desktop_app.store.conversations import open_database

    store, _ = open_database(tmp_path / "h.sqlite3")
    seen: list[int] = []
    store._db.conn.set_trace_callback(
        lambda sql: seen.append(1) if "synchronous = NORMAL" in sql else None
    )
    store.save_conversation(Conversation(id="c", title="t"))
    store.add_message(
        Message(
            id="m",
            conversation_id="c",
            role=Role.ASSISTANT,
            content="",
            status=MessageStatus.STREAMING,
        )
    )
    assert seen == []
    store.checkpoint_message("m", "partial")
    assert seen == [1]
    assert store._db.conn.execute("PRAGMA synchronous").fetchone()[0] == 2
    message = store.get_message("m")
    assert message is not None and message.content == "partial"
    store.close()
