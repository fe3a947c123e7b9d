"""A draft, rename or pin the full disk refused is saved once there is space, unasked."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop_app.core.errors import StorageError
from desktop_app.core.notices import Notice
from desktop_app.services import history_service
from desktop_app.services.history_service import SAVED_AGAIN, HistoryService
from desktop_app.services.unsaved_on_quit import Choice, keep_unsaved
from desktop_app.store.conversations import SqliteConversationStore, open_database
from tests.unit.services.conditions import until


class Notes:
    def __init__(self) -> None:
        self.said: list[str] = []

    def report(self, notice: Notice) -> None:
        self.said.append(notice.text)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[SqliteConversationStore]:
    opened, _ = open_database(tmp_path / "history.sqlite3", backups_dir=tmp_path / "backups")
    yield opened
    opened.close()


def _disk_full(store: SqliteConversationStore, full: bool) -> None:
    store._db.conn.execute(f"PRAGMA query_only = {'ON' if full else 'OFF'}")


def test_writes_outside_a_turn_are_retried_until_they_land(
    store: SqliteConversationStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(history_service, "SAVE_RETRY_S", 0.01)
    notes = Notes()
    history = HistoryService(store, reporter=notes)

    async def run() -> None:
        cid = history.create_conversation()
        _disk_full(store, True)
        for write in (
            lambda: history.rename(cid, "Trip"),
            lambda: history.set_pinned(cid, True),
            lambda: history.set_draft(cid, "half a thought"),
        ):
            with pytest.raises(StorageError):  # said to the user by the caller
                write()
        assert store.pending_writes == 3 and history.retrying
        await asyncio.sleep(0.05)  # several tries while the disk stays full
        assert store.pending_writes == 3 and notes.said == []
        _disk_full(store, False)  # space again; nobody writes anything
        await until(lambda: not history.retrying)
        saved = store.get_conversation(cid)
        assert saved is not None and saved.title == "Trip" and saved.pinned
        assert store.get_draft(cid) == "half a thought"
        assert notes.said == [SAVED_AGAIN]

    asyncio.run(run())


def test_quitting_with_a_refused_rename_goes_through_the_unsaved_question(
    store: SqliteConversationStore,
) -> None:
    history = HistoryService(store, reporter=Notes())
    asked: list[int] = []

    async def ask(count: int, problem: str) -> Choice:
        asked.append(count)
        _disk_full(store, False)  # the user freed some space
        return Choice.RETRY

    async def no_file() -> Path | None:
        return None

    async def run() -> str:
        cid = history.create_conversation()
        _disk_full(store, True)
        with pytest.raises(StorageError):
            history.rename(cid, "Kept")
        result = await keep_unsaved(store, ask, no_file)  # quit, the retry still waiting
        history.stop_retrying()  # then the history closes
        saved = store.get_conversation(cid)
        assert saved is not None and saved.title == "Kept"
        return result

    assert asyncio.run(run()) == "saved" and asked == [1]
