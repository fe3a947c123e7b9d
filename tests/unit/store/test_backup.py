"""Backups: consistent copies through the SQLite backup API; daily rotation."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

import pytest

from desktop_app.core.errors import StorageError
from desktop_app.store import backup
from desktop_app.store.backup import backup_connection, maybe_daily_backup
from desktop_app.store.conversations import SqliteConversationStore
from tests.unit.store.conftest import chain, make_conversation


def _titles(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return [r[0] for r in conn.execute("SELECT title FROM conversations")]
    finally:
        conn.close()


def test_backup_of_a_live_database_holds_committed_data(
    store: SqliteConversationStore, tmp_path: Path
) -> None:
    conv = make_conversation(store, "backed up")
    chain(store, conv, ["one"])
    dest = store.backup_to(tmp_path / "out" / "copy.sqlite3", create_folder=True)
    assert _titles(dest) == ["backed up"]


def test_daily_backup_is_made_once_a_day_and_keeps_the_newest(
    store: SqliteConversationStore, db_path: Path, tmp_path: Path
) -> None:
    make_conversation(store, "daily")
    backups = tmp_path / "backups"
    days = ["20240101", "20240102", "20240103", "20240104"]
    made = [maybe_daily_backup(db_path, backups, keep=2, today=d) for d in days]
    assert all(m is not None for m in made)
    assert maybe_daily_backup(db_path, backups, keep=2, today="20240104") is None
    kept = sorted(p.name for p in backups.iterdir())
    assert kept == ["history-daily-20240103.sqlite3", "history-daily-20240104.sqlite3"]
    assert _titles(backups / kept[-1]) == ["daily"]


class _FullDisk:
    """A source whose copy fails as SQLite does when the disk fills up."""

    def backup(self, target: sqlite3.Connection) -> None:
        target.execute("CREATE TABLE half (x)")
        raise sqlite3.OperationalError("database or disk is full")


def test_a_failed_backup_leaves_no_partial_file(tmp_path: Path) -> None:
    with pytest.raises(sqlite3.OperationalError):
        backup_connection(_FullDisk(), tmp_path / "copy.sqlite3")  # type: ignore[arg-type]
    assert list(tmp_path.iterdir()) == []


def test_a_backup_into_a_missing_folder_creates_no_folders(
    store: SqliteConversationStore, tmp_path: Path
) -> None:
    with pytest.raises(FileNotFoundError):
        store.backup_to(tmp_path / "missing" / "dir" / "x.sqlite3")
    assert not (tmp_path / "missing").exists()


def test_a_daily_backup_on_a_full_disk_is_a_storage_error(
    store: SqliteConversationStore, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(source: sqlite3.Connection, dest: Path, *, create_folder: bool = False) -> Path:
        return backup_connection(_FullDisk(), dest, create_folder=create_folder)  # type: ignore[arg-type]

    monkeypatch.setattr(backup, "backup_connection", full)
    with pytest.raises(StorageError):
        maybe_daily_backup(db_path, tmp_path / "backups", keep=2)
    assert list((tmp_path / "backups").iterdir()) == []


def test_the_daily_backup_runs_in_a_thread_beside_the_open_writer(
    store: SqliteConversationStore, db_path: Path, tmp_path: Path
) -> None:
    conv = make_conversation(store, "live")
    chain(store, conv, ["one"])
    made = asyncio.run(asyncio.to_thread(maybe_daily_backup, db_path, tmp_path / "b", keep=1))
    assert made is not None and _titles(made) == ["live"]
    chain(store, conv, ["the writer still works"])
