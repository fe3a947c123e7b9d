"""Test-wide setup: Qt runs offscreen unless a test opts into a real X server.

What is slow to make ready is made ready after collection and before the
first test, so pytest-timeout's per-test clock never counts it: the frozen
build (tests/packaging/conftest.py) and the e2e desktop (here).
"""

from __future__ import annotations

import os
import sys
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


def pytest_collection_finish(session: pytest.Session) -> None:
    """Start the e2e desktop now if a selected test needs it (the packaging ones too)."""
    if session.config.option.collectonly:
        return
    if any("desktop" in getattr(item, "fixturenames", ()) for item in session.items):
        from tests.e2e.conftest import start_session_desktop

        start_session_desktop()


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    e2e = sys.modules.get("tests.e2e.conftest")
    if e2e is not None:
        e2e.stop_session_desktop()
