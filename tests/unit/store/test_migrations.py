"""Schema migrations from a checked-in v1 database and from nothing."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from desktop_app.core.models import MessageStatus
from desktop_app.store.conversations import open_database
from desktop_app.store.migrations import LATEST_VERSION

FIXTURE_V1 = Path(__file__).parents[2] / "fixtures" / "history-v1.sqlite3"


def _version(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute("PRAGMA user_version").fetchone()[0])
    finally:
        conn.close()


def test_v1_history_migrates_keeping_every_row_and_branch(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    shutil.copy(FIXTURE_V1, path)
    store, notice = open_database(path, backups_dir=tmp_path / "backups")
    try:
        assert notice is None and _version(path) == LATEST_VERSION
        trip = store.get_conversation("c-trip")
        assert trip is not None and trip.title == "Trip to 北京" and trip.pinned
        assert [m.content for m in store.siblings("m-a2")] == [
            "A taxi takes 40 minutes.",
            "Take the airport express.",
        ]
        reply = store.get_message("m-b2")
        assert reply is not None and reply.status is MessageStatus.INTERRUPTED
        assert store.list_folders() == ["work"]
        assert [h.message_id for h in store.search("机场到市")] == ["m-a1"]  # index built
        store.set_draft("c-trip", "unsent")  # the v2 table exists
        assert store.get_draft("c-trip") == "unsent"
    finally:
        store.close()


def test_migration_backs_up_the_old_file_first(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    shutil.copy(FIXTURE_V1, path)
    store, _ = open_database(path, backups_dir=tmp_path / "backups")
    store.close()
    (backup,) = (tmp_path / "backups").glob("history-v1-before-migration-*.sqlite3")
    assert _version(backup) == 1
    conn = sqlite3.connect(backup)
    assert conn.execute("SELECT count(*) FROM messages").fetchone()[0] == 5
    conn.close()


def test_a_blank_file_gets_the_latest_schema_without_a_backup(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    store, _ = open_database(path, backups_dir=tmp_path / "backups")
    store.close()
    assert _version(path) == LATEST_VERSION
    assert not (tmp_path / "backups").exists()


def test_the_fixture_is_still_schema_v1() -> None:
    assert _version(FIXTURE_V1) == 1


FIXTURE_V2 = Path(__file__).parents[2] / "fixtures" / "history-v2.sqlite3"


def test_v2_history_migrates_keeping_rows_and_drafts(tmp_path: Path) -> None:
    """The schema every current user has: later migrations must keep all of it."""
    path = tmp_path / "history.sqlite3"
    shutil.copy(FIXTURE_V2, path)
    store, notice = open_database(path, backups_dir=tmp_path / "backups")
    try:
        assert notice is None and _version(path) == LATEST_VERSION
        assert store.get_draft("c-code") == "and what about 'static?"
        assert [h.message_id for h in store.search("机场到市")] == ["m-a1"]
    finally:
        store.close()


def test_the_v2_fixture_is_still_schema_v2() -> None:
    assert _version(FIXTURE_V2) == 2


def test_v2_history_gains_reasoning_columns_after_a_backup(tmp_path: Path) -> None:
    """Schema v3: old replies have no thinking; a new one keeps its thinking and duration."""
    path = tmp_path / "history.sqlite3"
    shutil.copy(FIXTURE_V2, path)
    store, _ = open_database(path, backups_dir=tmp_path / "backups")
    try:
        old = store.get_message("m-a2")
        assert old is not None and old.content == "Take the airport express."
        assert old.reasoning is None and old.reasoning_ms is None
        store.finalize_message(
            "m-b2",
            status=MessageStatus.COMPLETE,
            content="A lifetime names a region.",
            reasoning="They ask about 'a.",
            reasoning_ms=1400.0,
        )
        again = store.get_message("m-b2")
        assert again is not None and again.reasoning == "They ask about 'a."
        assert again.reasoning_ms == 1400.0
    finally:
        store.close()
    (backup,) = (tmp_path / "backups").glob("history-v2-before-migration-*.sqlite3")
    assert _version(backup) == 2


def test_an_unmigrated_v2_history_exports_read_only_without_the_new_columns(
    tmp_path: Path,
) -> None:
    """``export`` opens the file as it is: v3's columns read as NULL, nothing is written."""
    from desktop_app.store.readonly import open_for_reading

    path = tmp_path / "history.sqlite3"
    shutil.copy(FIXTURE_V2, path)
    before = path.read_bytes()
    store = open_for_reading(path)
    assert store is not None
    try:
        messages = store.conversation_messages("c-trip")
        assert [m.id for m in messages] == ["m-a1", "m-a2", "m-a3"]
        assert all(m.reasoning is None and m.reasoning_ms is None for m in messages)
        assert all(m.attachments == () for m in messages)  # v4 tables read as empty
        assert [m.content for m in store.branch_path("m-a2")][-1] == "Take the airport express."
    finally:
        store.close()
    assert path.read_bytes() == before and _version(path) == 2


def test_v2_history_migrates_to_v4_with_attachment_tables_and_a_backup(tmp_path: Path) -> None:
    """Schema v4 (issue 15): existing messages get none, new ones keep theirs."""
    from dataclasses import replace

    from desktop_app.core.attachments import image_attachment

    path = tmp_path / "history.sqlite3"
    shutil.copy(FIXTURE_V2, path)
    store, _ = open_database(path, backups_dir=tmp_path / "backups")
    try:
        assert _version(path) >= 4
        old = store.get_message("m-b1")
        assert old is not None and old.attachments == ()
        image = image_attachment(b"png-bytes", "a.png", "image/png", 2, 2, 9)
        reply = replace(old, id="m-b3", parent_id="m-b2", attachments=(image,))
        store.add_message(reply)
        (stored,) = store.branch_path("m-b3")[-1].attachments
        assert stored == image and store.attachment_bytes(image.sha256) == b"png-bytes"
    finally:
        store.close()
    (backup,) = (tmp_path / "backups").glob("history-v2-before-migration-*.sqlite3")
    assert _version(backup) == 2
