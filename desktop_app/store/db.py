"""The one writer connection: pragmas, damage recovery and a queue of unsaved writes.

Why a queue: when the disk fills up or the folder turns read-only mid-session,
the user's messages must not vanish. A failed write stays queued in memory,
the caller gets :class:`StorageFullError` to show, and the queue is flushed,
in order, by the next write or by :meth:`Database.retry_pending`.
"""

from __future__ import annotations

import logging
import sqlite3
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from itertools import count
from pathlib import Path

from desktop_app.core.errors import StorageError, StorageFullError
from desktop_app.store.fsutil import replace_file

log = logging.getLogger(__name__)

WriteOp = Callable[[sqlite3.Connection], None]

#: Primary result codes that mean "the storage refused", not "our SQL is wrong".
_STORAGE_CODES = {
    sqlite3.SQLITE_FULL,
    sqlite3.SQLITE_READONLY,
    sqlite3.SQLITE_IOERR,
    sqlite3.SQLITE_CANTOPEN,
    sqlite3.SQLITE_PERM,
}
_BUSY_CODES = {sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED}

BUSY_TIMEOUT_MS = 5000


def _primary_code(exc: sqlite3.Error) -> int | None:
    code = getattr(exc, "sqlite_errorcode", None)
    return None if code is None else int(code) & 0xFF


def is_retryable(exc: sqlite3.Error) -> bool:
    """True when the write may succeed later (disk full, read-only, busy)."""
    return _primary_code(exc) in _STORAGE_CODES | _BUSY_CODES


def user_error(exc: sqlite3.Error) -> StorageError:
    """Turn a sqlite error into the sentence the user sees."""
    code = _primary_code(exc)
    if code in _STORAGE_CODES:
        return StorageFullError(detail=str(exc))
    if code in _BUSY_CODES:
        return StorageError(
            "Your history is busy (is another copy of Afarensis Chat running?). "
            "Nothing is lost; it will be saved when the other copy lets go.",
            detail=str(exc),
        )
    return StorageError(detail=str(exc))


def connect(path: Path | str) -> sqlite3.Connection:
    """A connection in autocommit mode: we write BEGIN/COMMIT ourselves.

    ``isolation_level=None`` stops Python's sqlite3 from opening hidden
    transactions, so every transaction is exactly as long as we say.
    """
    conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    return conn


def configure(conn: sqlite3.Connection) -> None:
    """Pragmas for the writer, applied after the schema check (they write the file).

    ``synchronous=FULL`` in WAL mode fsyncs the log on every commit, so a
    committed user message survives power loss, not just a process crash.
    ``secure_delete`` zeroes freed pages so emptying Trash leaves no text behind.
    """
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA secure_delete = ON")


def check_readable(conn: sqlite3.Connection, *, verify: bool) -> None:
    """Raise ``sqlite3.DatabaseError`` if the file is not a healthy database.

    Reading ``sqlite_master`` catches "not a database"; ``quick_check``
    catches damaged pages. It reads the whole file, so callers that open a
    huge history on a hot path may pass ``verify=False``.
    """
    conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    if verify:
        rows = conn.execute("PRAGMA quick_check").fetchall()
        if [r[0] for r in rows] != ["ok"]:
            raise sqlite3.DatabaseError("quick_check failed: " + "; ".join(str(r[0]) for r in rows))


def move_aside(path: Path) -> Path:
    """Rename a damaged database (and its -wal/-shm) to a timestamped name.

    Never deletes: the user may want to recover it with other tools.
    """
    stamp = time.strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.damaged-{stamp}")
    n = 1
    while target.exists():
        n += 1
        target = path.with_name(f"{path.name}.damaged-{stamp}-{n}")
    path.replace(target)
    for suffix in ("-wal", "-shm"):
        side = path.with_name(path.name + suffix)
        if side.exists():
            side.replace(target.with_name(target.name + suffix))
    log.warning("Damaged history database moved to %s", target)
    return target


class Database:
    """Owns the writer connection; every write goes through :meth:`write`."""

    def __init__(self, conn: sqlite3.Connection, path: Path, *, fts: bool) -> None:
        self.conn = conn
        self.path = path
        self.fts = fts
        self._pending: OrderedDict[str, tuple[WriteOp, bool]] = OrderedDict()
        self._ids = count()

    @property
    def pending_count(self) -> int:
        """Writes held in memory because the disk refused them."""
        return len(self._pending)

    def write(self, op: WriteOp, key: str | None = None, *, durable: bool = True) -> None:
        """Queue ``op`` (after anything still unsaved) and flush the queue.

        A ``key`` lets a newer write replace an unsaved older one (a
        checkpoint supersedes the previous checkpoint of the same message).
        ``durable=False`` commits without the fsync (``synchronous=NORMAL``
        for that one transaction): it still survives a crash of the app, and
        the next durable commit fsyncs it too; only a power cut in between
        could lose it. Streaming checkpoints use it: an fsync on the loop
        thread every second cost 4-14 ms of stall.
        """
        if key is None:
            key = f"op:{next(self._ids)}"
        self._pending.pop(key, None)
        self._pending[key] = (op, durable)
        self._flush()

    def discard(self, keys: Iterable[str]) -> None:
        """Drop queued writes by key (they were never saved, and now never will be)."""
        for key in keys:
            self._pending.pop(key, None)

    def retry_pending(self) -> bool:
        """Try to save what is queued; True when nothing is left unsaved."""
        try:
            self._flush()
        except StorageError:
            return False
        return True

    def save_copy_with_pending(self, dest: Path) -> int:
        """Write the history plus every queued write to ``dest`` (another disk).

        For quitting while the history's own disk still refuses: the copy is
        a whole, openable history (SQLite's backup API, then the queued
        writes in order, in one transaction), so nothing typed or streamed is
        lost; the user can put it in place of the old file later. Returns
        how many queued writes it holds. The queue itself is left as it is.
        """
        tmp = dest.with_name(dest.name + ".partial")
        try:
            target = sqlite3.connect(str(tmp), isolation_level=None)
            try:
                self.conn.backup(target)
                target.execute("BEGIN IMMEDIATE")
                for op, _durable in self._pending.values():
                    op(target)
                target.execute("COMMIT")
            finally:
                target.close()
            replace_file(tmp, dest)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        return len(self._pending)

    def _flush(self) -> None:
        while self._pending:
            key, (op, durable) = next(iter(self._pending.items()))
            try:
                if durable:
                    self.transaction(op)
                else:
                    self._relaxed_transaction(op)
            except sqlite3.Error as exc:
                if not is_retryable(exc):
                    # A bug, not the disk: keeping it would block every later write.
                    del self._pending[key]
                    log.error("History write failed and was dropped: %s", exc)
                raise user_error(exc) from exc
            del self._pending[key]

    def transaction(self, op: WriteOp) -> None:
        """Run ``op`` in one short ``BEGIN IMMEDIATE`` transaction."""
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            op(self.conn)
            self.conn.execute("COMMIT")
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise

    def _relaxed_transaction(self, op: WriteOp) -> None:
        self.conn.execute("PRAGMA synchronous = NORMAL")
        try:
            self.transaction(op)
        finally:
            self.conn.execute("PRAGMA synchronous = FULL")

    def close(self) -> None:
        """Try a last flush, then close (SQLite checkpoints the WAL on close)."""
        if self._pending and not self.retry_pending():
            log.error("Closing with %d unsaved history writes", len(self._pending))
        self.conn.close()
