"""Every wire format of thinking, from the real fake server over real sockets."""

from __future__ import annotations

import pytest

from desktop_app.core.events import TurnFinished
from desktop_app.core.models import ChatRequest, FinishReason, GenerationParams
from tests.fakeserver.harness import FakeServer
from tests.fakeserver.thinking import FORMATS, THOUGHT
from tests.integration.test_client_live import ask, client_for, run, stream
from tests.unit.api.test_reasoning import fold

pytestmark = pytest.mark.integration


@pytest.mark.parametrize("fmt", FORMATS)
def test_each_format_streams_thinking_apart_from_the_answer(
    fake_server: FakeServer, fmt: str
) -> None:
    client, _ = client_for(fake_server)
    events = run(stream(client, ask(f"[think:{fmt}] hi")))
    thinking, answer = fold(events)
    assert thinking.strip() == THOUGHT
    assert answer.startswith("Hello! You said: **hi**")
    assert "think>" not in answer and "Pondering" not in answer


@pytest.mark.parametrize("fmt", FORMATS)
def test_each_format_is_split_in_a_whole_reply_too(fake_server: FakeServer, fmt: str) -> None:
    client, _ = client_for(fake_server)

    async def go() -> tuple[str | None, str]:
        try:
            completion = await client.complete(ask(f"[think:{fmt}] hi"))
        finally:
            await client.aclose()
        return completion.reasoning, completion.content

    reasoning, content = run(go())
    assert reasoning is not None and reasoning.strip() == THOUGHT
    assert content.startswith("Hello! You said: **hi**")


def test_length_while_thinking_ends_with_no_answer(fake_server: FakeServer) -> None:
    client, _ = client_for(fake_server)
    events = run(stream(client, ask("[think:reasoning] [length] hard")))
    thinking, answer = fold(events)
    assert thinking == THOUGHT and answer == ""
    finished = [e for e in events if isinstance(e, TurnFinished)]
    assert finished[-1].finish_reason is FinishReason.LENGTH


def test_reasoning_effort_reaches_the_server_only_when_set(fake_server: FakeServer) -> None:
    client, _ = client_for(fake_server)
    run(stream(client, ask("plain")))
    client, _ = client_for(fake_server)
    high = ChatRequest(
        "fake-model", ask("effort").messages, GenerationParams(reasoning_effort="high")
    )
    run(stream(client, high))
    bodies = [
        r["body"] for r in fake_server.requests() if r.get("path", "").endswith("/completions")
    ]
    assert "reasoning_effort" not in bodies[-2]
    assert bodies[-1]["reasoning_effort"] == "high"
