"""Consistent copies of the history: manual, daily, and before migrations.

Always through the SQLite backup API, never a file copy: copying a live WAL
database byte by byte can capture a half-written state.
"""

from __future__ import annotations

import contextlib
import sqlite3
import time
from pathlib import Path

from desktop_app.core.errors import StorageError
from desktop_app.store.fsutil import replace_file

DAILY_PREFIX = "history-daily-"


def backup_connection(
    source: sqlite3.Connection, dest: Path, *, create_folder: bool = False
) -> Path:
    """Copy ``source`` to ``dest`` atomically (temp file, then rename).

    The folder is created only for our own backups folder (``create_folder``):
    a path the user typed with a missing folder is a mistake to report, not
    folders to make. A copy that fails (a full disk) leaves no ``.partial``.
    """
    if create_folder:
        dest.parent.mkdir(parents=True, exist_ok=True)
    elif not dest.parent.is_dir():
        raise FileNotFoundError(f"the folder {dest.parent} does not exist")
    tmp = dest.with_name(dest.name + ".partial")
    with contextlib.suppress(FileNotFoundError):
        tmp.unlink()
    try:
        target = sqlite3.connect(str(tmp))
        try:
            source.backup(target)
        finally:
            target.close()
        replace_file(tmp, dest)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    return dest


def backup_file(database: Path, dest: Path, *, create_folder: bool = False) -> Path:
    """Copy the database at ``database`` through its own read connection.

    Its own connection makes it safe to run in ``asyncio.to_thread`` while the
    loop thread keeps using the writer (a 1.9 GB copy takes 5-19 s).
    """
    source = sqlite3.connect(f"{database.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return backup_connection(source, dest, create_folder=create_folder)
    finally:
        source.close()


def default_backup_path(backups_dir: Path) -> Path:
    return backups_dir / f"history-{time.strftime('%Y%m%d-%H%M%S')}.sqlite3"


def maybe_daily_backup(
    database: Path, backups_dir: Path, keep: int, *, today: str | None = None
) -> Path | None:
    """Make today's backup if there is none yet, keeping the newest ``keep``.

    Called once at start; cheap when today's copy exists. Returns the new
    file, or ``None`` when nothing was written. A sqlite error (a full disk)
    becomes a ``StorageError``, so the caller's start-up steps go on. Opens its
    own connection: safe to run via ``asyncio.to_thread``.
    """
    if not database.exists():
        return None
    day = today or time.strftime("%Y%m%d")
    dest = backups_dir / f"{DAILY_PREFIX}{day}.sqlite3"
    made = None
    if not dest.exists():
        try:
            made = backup_file(database, dest, create_folder=True)
        except sqlite3.Error as exc:
            raise StorageError(f"The daily backup could not be written: {exc}.") from exc
    dailies = sorted(backups_dir.glob(f"{DAILY_PREFIX}*.sqlite3"))
    for old in dailies[: max(0, len(dailies) - max(keep, 1))]:
        old.unlink()
    return made
