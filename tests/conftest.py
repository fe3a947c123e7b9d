"""Test-wide setup: Qt runs offscreen unless a test opts into a real X server."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from desktop_app.store.conversations import (
    SqliteConversationStore,
    open_database,
)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[SqliteConversationStore]:
    """A real history database in a temp folder (tests/unit/store has its own)."""
    opened, _ = open_database(tmp_path / "h.sqlite3")
    yield opened
    opened.close()
