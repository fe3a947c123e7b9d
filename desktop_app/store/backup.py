"""Consistent copies of the history: manual, daily, and before migrations.

Always through the SQLite backup API, never a file copy: copying a live WAL
database byte by byte can capture a half-written state.
"""

from __future__ import annotations

import contextlib
import sqlite3
import time
from pathlib import Path

DAILY_PREFIX = "history-daily-"


def backup_connection(source: sqlite3.Connection, dest: Path) -> Path:
    """Copy ``source`` to ``dest`` atomically (temp file, then rename)."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(dest.name + ".partial")
    with contextlib.suppress(FileNotFoundError):
        tmp.unlink()
    target = sqlite3.connect(str(tmp))
    try:
        source.backup(target)
    finally:
        target.close()
    tmp.replace(dest)
    return dest


def backup_file(database: Path, dest: Path) -> Path:
    """Copy the database at ``database`` through a separate read connection."""
    source = sqlite3.connect(f"{database.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return backup_connection(source, dest)
    finally:
        source.close()


def default_backup_path(backups_dir: Path) -> Path:
    return backups_dir / f"history-{time.strftime('%Y%m%d-%H%M%S')}.sqlite3"


def maybe_daily_backup(
    database: Path, backups_dir: Path, keep: int, *, today: str | None = None
) -> Path | None:
    """Make today's backup if there is none yet, keeping the newest ``keep``.

    Called once at start; cheap when today's copy exists. Returns the new
    file, or ``None`` when nothing was written.
    """
    if not database.exists():
        return None
    day = today or time.strftime("%Y%m%d")
    dest = backups_dir / f"{DAILY_PREFIX}{day}.sqlite3"
    made = None
    if not dest.exists():
        made = backup_file(database, dest)
    dailies = sorted(backups_dir.glob(f"{DAILY_PREFIX}*.sqlite3"))
    for old in dailies[: max(0, len(dailies) - max(keep, 1))]:
        old.unlink()
    return made
