"""Quitting while a full disk holds writes back: retried, copied elsewhere, or
dropped only when the user says so (issue 11 item 11)."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable
from pathlib import Path

from desktop_app.core.errors import StorageFullError
from desktop_app.core.models import Message, Role, new_id
from desktop_app.services.unsaved_on_quit import Choice, keep_unsaved
from desktop_app.store.conversations import SqliteConversationStore, open_database
from tests.unit.store.conftest import make_conversation


def _queue_five(store: SqliteConversationStore) -> str:
    conv = make_conversation(store)
    store._db.conn.execute("PRAGMA query_only = ON")  # the disk refuses from here on
    parent = None
    for i in range(5):
        message = Message(new_id(), conv.id, Role.USER, f"unsaved {i}", parent_id=parent)
        with contextlib.suppress(StorageFullError):  # queued, as in the app
            store.add_message(message)
        parent = message.id
    assert store.pending_writes == 5
    return conv.id


def _file(path: Path | None) -> Callable[[], Awaitable[Path | None]]:
    async def choose() -> Path | None:
        return path

    return choose


def _texts(path: Path, conversation_id: str) -> list[str]:
    store, _ = open_database(path)
    try:
        return [m.content for m in store.conversation_messages(conversation_id)]
    finally:
        store.close()


def test_space_freed_before_quitting_saves_everything_without_a_question(
    store: SqliteConversationStore,
) -> None:
    cid = _queue_five(store)
    asked: list[int] = []

    async def ask(count: int, problem: str) -> Choice:
        asked.append(count)
        store._db.conn.execute("PRAGMA query_only = OFF")  # the user freed space
        return Choice.RETRY

    assert asyncio.run(keep_unsaved(store, ask, _file(None))) == "saved"
    assert asked == [5]
    db_path = store.path
    store.close()
    assert _texts(db_path, cid) == [f"unsaved {i}" for i in range(5)]


def test_a_copy_elsewhere_holds_the_history_and_every_unsaved_write(
    store: SqliteConversationStore, tmp_path: Path
) -> None:
    cid = _queue_five(store)
    copy = tmp_path / "elsewhere" / "copy.sqlite3"
    copy.parent.mkdir()
    answers = iter([Choice.RETRY, Choice.SAVE_COPY])

    async def ask(count: int, problem: str) -> Choice:
        return next(answers)

    assert asyncio.run(keep_unsaved(store, ask, _file(copy))) == "copied"
    assert _texts(copy, cid) == [f"unsaved {i}" for i in range(5)]
    assert not list(copy.parent.glob("*.partial"))


def test_a_copy_that_fails_is_said_and_asked_again(
    store: SqliteConversationStore, tmp_path: Path
) -> None:
    _queue_five(store)
    problems: list[str] = []
    answers = iter([Choice.SAVE_COPY, Choice.DISCARD])

    async def ask(count: int, problem: str) -> Choice:
        problems.append(problem)
        return next(answers)

    missing = tmp_path / "no-such-folder" / "copy.sqlite3"
    assert asyncio.run(keep_unsaved(store, ask, _file(missing))) == "discarded"
    assert problems[0] == "" and problems[1] != ""  # the second question says why


def test_nothing_queued_means_no_question(store: SqliteConversationStore) -> None:
    make_conversation(store)

    async def ask(count: int, problem: str) -> Choice:
        raise AssertionError("asked with nothing unsaved")

    assert asyncio.run(keep_unsaved(store, ask, _file(None))) == "saved"
