"""The read-only database probe used by --self-check."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from desktop_app.store.probe import fts5_trigram_available, probe_database


def test_absent_database_is_healthy_and_not_created(tmp_path: Path) -> None:
    probe = probe_database(tmp_path / "history.sqlite3")
    assert (probe.exists, probe.healthy) == (False, True)
    assert not (tmp_path / "history.sqlite3").exists()


def test_reports_integrity_and_schema_version(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 2")
    conn.close()
    probe = probe_database(path)
    assert (probe.integrity, probe.schema_version, probe.healthy) == ("ok", 2, True)


def test_wal_database_opens_read_only(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("CREATE TABLE t (x)")
    conn.execute("INSERT INTO t VALUES (1)")
    conn.commit()
    try:
        probe = probe_database(path)  # while the app holds it open
    finally:
        conn.close()
    assert probe.healthy, probe


def test_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite3"
    path.write_bytes(b"garbage" * 1000)
    probe = probe_database(path)
    assert not probe.healthy and probe.error


def test_fts5_trigram_is_available_here() -> None:
    ok, detail = fts5_trigram_available()
    assert ok, detail
