"""Read-only health checks of the history database, for ``--self-check``.

Kept apart from db.py on purpose: a probe must never create, migrate or lock
the file the app owns, so it opens an existing file with ``mode=ro`` and only
asks SQLite questions. Standard library only.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from desktop_app.store.migrations import LATEST_VERSION


@dataclass(frozen=True, slots=True)
class DatabaseProbe:
    """What the probe learnt. ``error`` is set when the file could not be read."""

    exists: bool
    integrity: str | None = None  # "ok", or SQLite's first complaint
    schema_version: int | None = None
    error: str | None = None

    @property
    def too_new(self) -> bool:
        """Written by a newer release: this one would refuse to open it."""
        return self.schema_version is not None and self.schema_version > LATEST_VERSION

    @property
    def healthy(self) -> bool:
        if not self.exists:
            return True
        return self.error is None and self.integrity == "ok" and not self.too_new


def probe_database(path: Path) -> DatabaseProbe:
    """``PRAGMA quick_check`` and ``user_version`` of ``path``; absent is fine, never created."""
    if not path.exists():
        return DatabaseProbe(exists=False)
    if not path.is_file():
        return DatabaseProbe(exists=True, error="not a regular file")
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=2)
    except sqlite3.Error as exc:
        return DatabaseProbe(exists=True, error=str(exc))
    try:
        rows = conn.execute("PRAGMA quick_check(5)").fetchall()
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    except sqlite3.Error as exc:
        return DatabaseProbe(exists=True, error=str(exc))
    finally:
        conn.close()
    integrity = "ok" if rows == [("ok",)] else "; ".join(str(r[0]) for r in rows)
    return DatabaseProbe(exists=True, integrity=integrity, schema_version=version)


def fts5_trigram_available() -> tuple[bool, str]:
    """Whether this SQLite can build the FTS5 trigram index the search uses."""
    conn = sqlite3.connect(":memory:")
    try:
        conn.execute("CREATE VIRTUAL TABLE probe USING fts5(body, tokenize='trigram')")
    except sqlite3.Error as exc:
        return False, f"SQLite {sqlite3.sqlite_version}: {exc}"
    finally:
        conn.close()
    return True, f"SQLite {sqlite3.sqlite_version}"
