"""Backups: consistent copies through the SQLite backup API; daily rotation."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from desktop_app.store.backup import maybe_daily_backup
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
    dest = store.backup_to(tmp_path / "out" / "copy.sqlite3")
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
