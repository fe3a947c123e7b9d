"""Another program's SQLite file never gets our schema; our early files still open."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from desktop_app.core.errors import StorageError
from desktop_app.store.conversations import open_database
from desktop_app.store.migrations import APPLICATION_ID
from desktop_app.store.readonly import open_for_reading

FIXTURE = Path(__file__).parents[2] / "fixtures" / "history-v1.sqlite3"


def _foreign(path: Path) -> bytes:
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE recipes (name TEXT)")
    conn.execute("INSERT INTO recipes VALUES ('soup')")
    conn.commit()
    conn.close()
    return path.read_bytes()


def test_a_foreign_database_is_refused_and_left_untouched(db_path: Path) -> None:
    before = _foreign(db_path)
    with pytest.raises(StorageError, match="another program"):
        open_database(db_path)
    assert db_path.read_bytes() == before
    with pytest.raises(StorageError, match="another program"):
        open_for_reading(db_path)


def test_our_v1_file_without_an_application_id_opens_and_is_claimed(
    db_path: Path, tmp_path: Path
) -> None:
    db_path.parent.mkdir(parents=True)
    shutil.copy(FIXTURE, db_path)
    conn = sqlite3.connect(db_path)
    conn.execute("PRAGMA application_id = 0")
    conn.commit()
    conn.close()
    store, _ = open_database(db_path, backups_dir=tmp_path / "backups")
    try:
        assert store.count_conversations() > 0
    finally:
        store.close()
    conn = sqlite3.connect(db_path)
    assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    conn.close()


def test_an_unopenable_history_path_is_a_sentence(tmp_path: Path) -> None:
    """Stands in for a read-only folder (tests run as root, so chmod would not bite)."""
    (tmp_path / "history.sqlite3").mkdir()
    with pytest.raises(StorageError, match="Cannot"):
        open_database(tmp_path / "history.sqlite3")
