"""One turn end to end over the real SQLite store, with the network scripted."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

import pytest

from desktop_app.core.conversation import CONTINUE_PROMPT
from desktop_app.core.errors import AuthError, ServerError, StreamInterruptedError
from desktop_app.core.events import TextDelta, TurnEvent, TurnFailed, TurnStarted
from desktop_app.core.models import FinishReason, Message, MessageStatus, Role, Usage
from desktop_app.services.chat_service import ChatService, TurnDefaults
from desktop_app.store.conversations import SqliteConversationStore
from tests.unit.services.scripted_backend import ScriptedBackend, reply


class Sink:
    def __init__(self) -> None:
        self.added: list[Message] = []
        self.removed: list[str] = []
        self.events: list[TurnEvent] = []

    def message_added(self, message: Message) -> None:
        self.added.append(message)

    def message_removed(self, message_id: str) -> None:
        self.removed.append(message_id)

    def turn_event(self, message_id: str, event: TurnEvent) -> None:
        self.events.append(event)


def _service(store: SqliteConversationStore, backend: ScriptedBackend) -> ChatService:
    return ChatService(store, backend, lambda: TurnDefaults(model="m", system_prompt="Be brief."))


async def _until(condition: Callable[[], bool], what: str) -> None:
    """Yield to the loop until ``condition`` holds (the turn runs meanwhile)."""
    try:
        async with asyncio.timeout(10):
            while not condition():  # noqa: ASYNC110 - a store row has no event to await
                await asyncio.sleep(0.005)
    except TimeoutError:
        raise AssertionError(f"timed out waiting for {what}") from None


def _branch(store: SqliteConversationStore, conversation_id: str) -> list[Message]:
    conversation = store.get_conversation(conversation_id)
    assert conversation is not None and conversation.current_leaf_id is not None
    return store.branch_path(conversation.current_leaf_id)


def test_a_turn_stores_question_and_complete_reply(store: SqliteConversationStore) -> None:
    backend = ScriptedBackend(reply("Hel", "lo!"))
    service = _service(store, backend)
    conversation = service.new_conversation()
    sink = Sink()
    asyncio.run(service.send(conversation.id, "Hi", sink))
    user, answer = _branch(store, conversation.id)
    assert (user.role, user.content) == (Role.USER, "Hi")
    assert answer.content == "Hello!" and answer.status is MessageStatus.COMPLETE
    assert answer.finish_reason is FinishReason.STOP and answer.usage is not None
    assert answer.first_token_ms is not None and answer.model == "scripted-model"
    sent = backend.requests[0].messages
    assert [(m.role, m.content) for m in sent] == [(Role.SYSTEM, "Be brief."), (Role.USER, "Hi")]
    assert any(isinstance(e, TextDelta) for e in sink.events)
    assert service.auto_title(conversation.id) == "Hi"


def test_user_message_is_on_disk_before_the_request_leaves(
    store: SqliteConversationStore, tmp_path: Path
) -> None:
    seen: list[int] = []

    class Peeking(ScriptedBackend):
        async def stream_chat(self, request):
            import sqlite3

            other = sqlite3.connect(tmp_path / "h.sqlite3")
            seen.append(
                other.execute("SELECT count(*) FROM messages WHERE role='user'").fetchone()[0]
            )
            other.close()
            async for event in super().stream_chat(request):
                yield event

    service = _service(store, Peeking(reply("x")))
    conversation = service.new_conversation()
    asyncio.run(service.send(conversation.id, "saved first", Sink()))
    assert seen == [1]


def test_failure_before_any_text_gives_the_text_back_and_stores_nothing(
    store: SqliteConversationStore,
) -> None:
    service = _service(store, ScriptedBackend([AuthError()]))
    conversation = service.new_conversation()
    sink = Sink()
    asyncio.run(service.send(conversation.id, "my long question", sink))
    failed = [e for e in sink.events if isinstance(e, TurnFailed)]
    assert failed and isinstance(failed[0].error, AuthError)
    assert failed[0].restored_text == "my long question"
    assert store.get_draft(conversation.id) == "my long question"
    assert store.conversation_messages(conversation.id) == []
    assert len(sink.removed) == 2


def test_stream_broken_after_text_keeps_partial_reply_as_interrupted(
    store: SqliteConversationStore,
) -> None:
    script = [
        TurnStarted(None, None),
        TextDelta("partial "),
        TextDelta("text"),
        StreamInterruptedError(),
    ]
    service = _service(store, ScriptedBackend(script))
    conversation = service.new_conversation()
    asyncio.run(service.send(conversation.id, "q", Sink()))
    user, answer = _branch(store, conversation.id)
    assert answer.status is MessageStatus.INTERRUPTED and answer.content == "partial text"
    assert user.content == "q"


def test_error_in_stream_after_text_is_an_error_with_text_kept(
    store: SqliteConversationStore,
) -> None:
    script = [TurnStarted(None, None), TextDelta("half"), ServerError("The server failed.")]
    service = _service(store, ScriptedBackend(script))
    conversation = service.new_conversation()
    asyncio.run(service.send(conversation.id, "q", Sink()))
    answer = _branch(store, conversation.id)[-1]
    assert answer.status is MessageStatus.ERROR and answer.content == "half"
    assert answer.error == "The server failed."


@pytest.mark.parametrize("exc", [RecursionError(), OverflowError(), MemoryError(), KeyError("x")])
def test_an_unexpected_exception_still_ends_the_turn_with_a_sentence(
    store: SqliteConversationStore, exc: Exception
) -> None:
    script = [TurnStarted(None, None), TextDelta("half"), exc]
    service = _service(store, ScriptedBackend(script))
    conversation = service.new_conversation()
    asyncio.run(service.send(conversation.id, "q", Sink()))
    answer = _branch(store, conversation.id)[-1]
    assert answer.status is MessageStatus.ERROR and answer.content == "half"
    assert answer.error and answer.error.endswith(".")


def test_stop_stores_the_partial_reply_as_cancelled(store: SqliteConversationStore) -> None:
    script = [TurnStarted(None, None), TextDelta("so far"), 5.0, TextDelta("never")]
    service = _service(store, ScriptedBackend(script))
    conversation = service.new_conversation()

    sink = Sink()

    async def run_and_stop() -> None:
        task = asyncio.ensure_future(service.send(conversation.id, "q", sink))
        await _until(lambda: TextDelta("so far") in sink.events, "the first delta")
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task

    asyncio.run(run_and_stop())
    answer = _branch(store, conversation.id)[-1]
    assert answer.status is MessageStatus.CANCELLED and answer.content == "so far"


def test_partial_text_is_checkpointed_while_streaming(
    store: SqliteConversationStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    ticks = iter(range(1000))
    script = [TurnStarted(None, None)] + [TextDelta(f"{i} ") for i in range(5)] + [5.0]
    backend = ScriptedBackend(script)
    service = ChatService(
        store, backend, lambda: TurnDefaults(model="m"), clock=lambda: float(next(ticks))
    )
    conversation = service.new_conversation()
    sink = Sink()

    async def run_until_stalled() -> None:
        task = asyncio.ensure_future(service.send(conversation.id, "q", sink))
        await _until(lambda: sum(isinstance(e, TextDelta) for e in sink.events) == 5, "five deltas")
        reply_row = next(m for m in sink.added if m.role is Role.ASSISTANT)

        def checkpointed() -> bool:
            stored = store.get_message(reply_row.id)
            assert stored is not None and stored.status is MessageStatus.STREAMING
            return stored.content.startswith("0 1 2 3")

        await _until(checkpointed, "a checkpoint holding the first deltas")
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task

    asyncio.run(run_until_stalled())


def test_regenerate_makes_a_sibling_and_keeps_the_old_reply(
    store: SqliteConversationStore,
) -> None:
    service = _service(store, ScriptedBackend(reply("first"), reply("second")))
    conversation = service.new_conversation()
    asyncio.run(service.send(conversation.id, "q", Sink()))
    old = _branch(store, conversation.id)[-1]
    asyncio.run(service.regenerate(old.id, Sink()))
    new = _branch(store, conversation.id)[-1]
    assert new.content == "second" and new.parent_id == old.parent_id
    assert [m.content for m in store.siblings(new.id)] == ["first", "second"]


def test_edit_and_resend_branches_from_the_same_parent(store: SqliteConversationStore) -> None:
    service = _service(store, ScriptedBackend(reply("a1"), reply("a2")))
    conversation = service.new_conversation()
    asyncio.run(service.send(conversation.id, "original", Sink()))
    original = _branch(store, conversation.id)[0]
    asyncio.run(service.edit_and_resend(original.id, "edited", Sink()))
    branch = _branch(store, conversation.id)
    assert [m.content for m in branch] == ["edited", "a2"]
    assert [m.content for m in store.siblings(branch[0].id)] == ["original", "edited"]


def test_continue_appends_to_the_same_reply(store: SqliteConversationStore) -> None:
    backend = ScriptedBackend(reply("cut ", reason=FinishReason.LENGTH), reply("and the rest"))
    service = _service(store, backend)
    conversation = service.new_conversation()
    asyncio.run(service.send(conversation.id, "q", Sink()))
    cut = _branch(store, conversation.id)[-1]
    assert cut.finish_reason is FinishReason.LENGTH
    asyncio.run(service.continue_reply(cut.id, Sink()))
    whole = store.get_message(cut.id)
    assert whole is not None and whole.content == "cut and the rest"
    assert whole.finish_reason is FinishReason.STOP
    last_sent = backend.requests[-1].messages
    assert last_sent[-2].content == "cut " and last_sent[-1].content == CONTINUE_PROMPT


def test_a_continued_reply_counts_the_usage_of_both_parts(
    store: SqliteConversationStore,
) -> None:
    """The footer and the chat total never drop after Continue."""
    backend = ScriptedBackend(reply("cut ", reason=FinishReason.LENGTH), reply("rest", "!"))
    service = _service(store, backend)
    conversation = service.new_conversation()
    asyncio.run(service.send(conversation.id, "q", Sink()))
    cut = _branch(store, conversation.id)[-1]
    assert cut.usage == Usage(5, 1, 6)
    asyncio.run(service.continue_reply(cut.id, Sink()))
    whole = store.get_message(cut.id)
    assert whole is not None and whole.usage == Usage(10, 3, 13)


def test_model_title_replaces_only_the_automatic_title(store: SqliteConversationStore) -> None:
    service = _service(store, ScriptedBackend(reply("answer")))
    conversation = service.new_conversation()
    asyncio.run(service.send(conversation.id, "How do lists work in Python?", Sink()))
    assert service.auto_title(conversation.id) == "How do lists work in Python?"
    assert asyncio.run(service.generate_title(conversation.id)) == "A title"
    stored = store.get_conversation(conversation.id)
    assert stored is not None and stored.title == "A title"
    store.rename(conversation.id, "Mine")
    assert asyncio.run(service.generate_title(conversation.id)) is None
    renamed = store.get_conversation(conversation.id)
    assert renamed is not None and renamed.title == "Mine"


def test_no_model_is_reported_before_anything_is_stored(store: SqliteConversationStore) -> None:
    from desktop_app.core.errors import ConfigError

    backend = ScriptedBackend(reply("never"))
    service = ChatService(store, backend, lambda: TurnDefaults(model=""))
    conversation = service.new_conversation()
    with pytest.raises(ConfigError, match="model"):
        asyncio.run(service.send(conversation.id, "hello", Sink()))
    assert store.conversation_messages(conversation.id) == []
    assert backend.requests == []
