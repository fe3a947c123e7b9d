"""A thinking model's turn: thinking stored apart, kept on Stop, never sent back."""

from __future__ import annotations

import asyncio

import pytest

from desktop_app.core.conversation import echo_reasoning, request_messages
from desktop_app.core.events import ReasoningDelta, TextDelta, TurnFinished, TurnStarted
from desktop_app.core.models import FinishReason, Message, MessageStatus, Role, ToolCall, Usage
from desktop_app.services.chat_service import ChatService, TurnDefaults
from desktop_app.store.conversations import SqliteConversationStore
from tests.unit.services.scripted_backend import ScriptedBackend
from tests.unit.services.test_chat_service import Sink, _branch, _until


def _thinking_reply(*events: object, reason: FinishReason = FinishReason.STOP) -> list[object]:
    return [TurnStarted("r", "think-model"), *events, TurnFinished(reason, usage=Usage(1, 2, 3))]


def _service(store: SqliteConversationStore, backend: ScriptedBackend) -> ChatService:
    ticks = iter(float(i) for i in range(10_000))
    return ChatService(
        store, backend, lambda: TurnDefaults(model="think-model"), clock=lambda: next(ticks)
    )


def test_thinking_is_stored_apart_from_the_answer_with_its_duration(
    store: SqliteConversationStore,
) -> None:
    script = _thinking_reply(
        ReasoningDelta("Two plus "), ReasoningDelta("two."), TextDelta("It is "), TextDelta("4.")
    )
    backend = ScriptedBackend(script, _thinking_reply(TextDelta("Yes.")))
    service = _service(store, backend)
    conversation = service.new_conversation()
    asyncio.run(service.send(conversation.id, "2+2?", Sink()))
    answer = _branch(store, conversation.id)[-1]
    assert answer.content == "It is 4." and answer.reasoning == "Two plus two."
    assert answer.reasoning_ms is not None and answer.reasoning_ms > 0
    asyncio.run(service.send(conversation.id, "Sure?", Sink()))
    sent = backend.requests[1].messages
    assert [m.content for m in sent if m.role is Role.ASSISTANT] == ["It is 4."]
    assert all(m.reasoning_content is None for m in sent)


def test_a_retracted_answer_becomes_thinking(store: SqliteConversationStore) -> None:
    script = _thinking_reply(
        TextDelta("hmm, 2+2"), ReasoningDelta("hmm, 2+2", retracts_answer=True), TextDelta("4")
    )
    service = _service(store, ScriptedBackend(script))
    conversation = service.new_conversation()
    asyncio.run(service.send(conversation.id, "2+2?", Sink()))
    answer = _branch(store, conversation.id)[-1]
    assert (answer.reasoning, answer.content) == ("hmm, 2+2", "4")


def test_stop_while_thinking_keeps_the_thinking(store: SqliteConversationStore) -> None:
    script = [TurnStarted(None, None), ReasoningDelta("Let me see"), 5.0, TextDelta("never")]
    service = _service(store, ScriptedBackend(script))
    conversation = service.new_conversation()
    sink = Sink()

    async def run_and_stop() -> None:
        task = asyncio.ensure_future(service.send(conversation.id, "q", sink))
        await _until(lambda: ReasoningDelta("Let me see") in sink.events, "the thinking")
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task

    asyncio.run(run_and_stop())
    _user, answer = _branch(store, conversation.id)
    assert answer.status is MessageStatus.CANCELLED
    assert (answer.content, answer.reasoning) == ("", "Let me see")


def test_length_while_thinking_is_stored_as_length_with_no_answer(
    store: SqliteConversationStore,
) -> None:
    script = _thinking_reply(ReasoningDelta("long thought"), reason=FinishReason.LENGTH)
    service = _service(store, ScriptedBackend(script))
    conversation = service.new_conversation()
    asyncio.run(service.send(conversation.id, "q", Sink()))
    answer = _branch(store, conversation.id)[-1]
    assert answer.finish_reason is FinishReason.LENGTH
    assert (answer.content, answer.reasoning) == ("", "long thought")


def _path(model_calls: bool, later_user: bool) -> list[Message]:
    call = ToolCall("c1", "lookup", "{}")
    path = [
        Message("u", "c", Role.USER, "weather?"),
        Message(
            "a",
            "c",
            Role.ASSISTANT,
            "",
            reasoning="I should look it up.",
            tool_calls=(call,) if model_calls else (),
        ),
        Message("t", "c", Role.TOOL, "sunny"),
    ]
    if later_user:
        path += [Message("a2", "c", Role.ASSISTANT, "Sunny."), Message("u2", "c", Role.USER, "ok")]
    return path


def test_thinking_goes_back_only_for_deepseek_tool_calls_of_the_current_turn() -> None:
    loop = _path(model_calls=True, later_user=False)
    assert echo_reasoning("deepseek-reasoner", loop, 1)
    sent = request_messages(loop, None, "deepseek-reasoner")
    assert sent[1].reasoning_content == "I should look it up."
    assert request_messages(loop, None, "gpt-oss-120b")[1].reasoning_content is None
    assert not echo_reasoning("deepseek-reasoner", _path(model_calls=True, later_user=True), 1)
    assert not echo_reasoning("deepseek-reasoner", _path(model_calls=False, later_user=False), 1)
