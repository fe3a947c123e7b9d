"""A full disk during a turn: nothing the user typed or read is lost or doubled.

The disk is really full: SQLite's ``max_page_count`` (or ``query_only``)
makes every write fail with SQLITE_FULL / SQLITE_READONLY, as a full disk does.
"""

from __future__ import annotations

import asyncio

import pytest

from desktop_app.core.errors import StorageFullError
from desktop_app.core.events import TextDelta, TurnFinished, TurnStarted
from desktop_app.core.models import FinishReason, MessageStatus, Role
from desktop_app.services.chat_service import ChatService, TurnDefaults
from desktop_app.store.conversations import SqliteConversationStore
from tests.unit.services.scripted_backend import ScriptedBackend, reply
from tests.unit.services.test_chat_service import Sink


def _service(store: SqliteConversationStore, backend: ScriptedBackend) -> ChatService:
    return ChatService(store, backend, lambda: TurnDefaults(model="m"))


def _disk_full(store: SqliteConversationStore, full: bool) -> None:
    store._db.conn.execute(f"PRAGMA query_only = {'ON' if full else 'OFF'}")


def test_a_question_refused_by_a_full_disk_is_not_stored_twice_when_sent_again(
    store: SqliteConversationStore,
) -> None:
    service = _service(store, ScriptedBackend(reply("first"), reply("second")))
    conversation = service.new_conversation()
    _disk_full(store, True)
    with pytest.raises(StorageFullError):
        asyncio.run(service.send(conversation.id, "the question", Sink()))
    _disk_full(store, False)
    # The window handed the text back to the composer; the user sends it again.
    asyncio.run(service.send(conversation.id, "the question", Sink()))
    store.retry_pending()
    questions = [
        m.content for m in store.conversation_messages(conversation.id) if m.role is Role.USER
    ]
    assert questions == ["the question"]


def _long_reply(chunks: int) -> list[object]:
    # Each chunk waits long enough for the checkpoint clock to pass.
    return [
        TurnStarted("r", "m"),
        *[TextDelta(f"part {i}. ") for i in range(chunks)],
        TurnFinished(FinishReason.STOP),
    ]


def test_a_disk_that_fills_mid_reply_keeps_the_stream_and_finalizes_when_space_returns(
    store: SqliteConversationStore,
) -> None:
    ticks = iter(range(10_000))
    clock = lambda: float(next(ticks))  # noqa: E731 - every call is a second later
    service = ChatService(
        store, ScriptedBackend(_long_reply(6)), lambda: TurnDefaults(model="m"), clock=clock
    )
    conversation = service.new_conversation()
    sink = Sink()

    class FillsUp(Sink):
        def turn_event(self, message_id: str, event: object) -> None:
            super().turn_event(message_id, event)  # type: ignore[arg-type]
            if isinstance(event, TextDelta) and event.text == "part 2. ":
                _disk_full(store, True)

    sink = FillsUp()
    asyncio.run(service.send(conversation.id, "Tell me", sink))  # no exception escapes
    from desktop_app.core.events import SavingPaused

    paused = [e for e in sink.events if isinstance(e, SavingPaused)]
    assert len(paused) == 1  # said once, not at every checkpoint
    assert any(isinstance(e, TurnFinished) for e in sink.events)  # the stream went on
    assert store.pending_writes > 0
    _disk_full(store, False)
    assert store.retry_pending()
    answer = store.conversation_messages(conversation.id)[-1]
    assert answer.status is MessageStatus.COMPLETE
    assert answer.content == "".join(f"part {i}. " for i in range(6))
