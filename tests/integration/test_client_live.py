"""ChatClient against the real fake server process over real sockets."""

from __future__ import annotations

import asyncio
import hashlib
import time
from collections.abc import Coroutine
from typing import Any, TypeVar

import pytest

from desktop_app.api.client import ChatClient, ClientConfig
from desktop_app.core import errors as e
from desktop_app.core.events import StreamEvent, TextDelta, TurnFinished, UsageReport
from desktop_app.core.models import ChatMessage, ChatRequest, FinishReason, GenerationParams, Role
from tests.fakeserver.harness import FakeServer
from tests.fakeserver.replies import CONTINUE_PROMPT, LENGTH_FIRST, LENGTH_REST
from tests.integration.conftest import TEST_KEY

pytestmark = pytest.mark.integration
T = TypeVar("T")


def run(coro: Coroutine[Any, Any, T]) -> T:
    return asyncio.run(coro)


def client_for(
    server: FakeServer, *, key: str = TEST_KEY, base: str | None = None, **cfg: Any
) -> tuple[ChatClient, list[float]]:
    sleeps: list[float] = []

    async def fake_sleep(delay: float) -> None:
        sleeps.append(delay)

    config = ClientConfig(base_url=base or server.root_url, api_key=key, **cfg)
    return ChatClient(config, sleep=fake_sleep, rand=lambda: 0.0), sleeps


def ask(text: str, *history: ChatMessage, **params: Any) -> ChatRequest:
    return ChatRequest(
        model="fake-model",
        messages=(*history, ChatMessage(Role.USER, text)),
        params=GenerationParams(**params),
    )


async def stream(client: ChatClient, request: ChatRequest) -> list[StreamEvent]:
    try:
        return [ev async for ev in client.stream_chat(request)]
    finally:
        await client.aclose()


def text_of(events: list[StreamEvent]) -> str:
    return "".join(ev.text for ev in events if isinstance(ev, TextDelta))


def test_default_reply_streams_with_usage_and_logs_no_key(fake_server: FakeServer) -> None:
    client, _ = client_for(fake_server)  # base URL without /v1
    events = run(stream(client, ask("What is SSE?")))
    assert "What is SSE?" in text_of(events)
    assert any(isinstance(ev, UsageReport) for ev in events)
    finished = events[-1]
    assert isinstance(finished, TurnFinished) and finished.finish_reason is FinishReason.STOP
    assert finished.usage is not None and finished.usage.completion_tokens > 10
    (request,) = fake_server.requests()
    assert request["path"] == "/v1/chat/completions"
    assert request["headers"]["User-Agent"].startswith("afarensis-chat/")
    digest = hashlib.sha256(TEST_KEY.encode()).hexdigest()[:12]
    assert request["headers"]["Authorization"] == f"Bearer {digest}"
    assert TEST_KEY not in fake_server.log_path.read_text()


def test_base_url_with_v1_and_slash_never_doubles(fake_server: FakeServer) -> None:
    client, _ = client_for(fake_server, base=fake_server.base_url + "/")
    run(stream(client, ask("hi")))
    assert [r["path"] for r in fake_server.requests()] == ["/v1/chat/completions"]


def test_tool_calls_and_legacy_function_call(fake_server: FakeServer) -> None:
    client, _ = client_for(fake_server)
    finished = run(stream(client, ask("weather? [tool]")))[-1]
    assert isinstance(finished, TurnFinished)
    assert [c.name for c in finished.tool_calls] == ["get_weather", "get_time"]
    assert finished.tool_calls[0].arguments == '{"city": "Paris", "unit": "celsius"}'
    client, _ = client_for(fake_server)
    legacy = run(stream(client, ask("weather? [function]")))[-1]
    assert isinstance(legacy, TurnFinished) and legacy.finish_reason is FinishReason.FUNCTION_CALL
    assert legacy.tool_calls[0].name == "get_weather"


def test_length_then_continue(fake_server: FakeServer) -> None:
    client, _ = client_for(fake_server)
    first = run(stream(client, ask("essay [length]")))
    assert text_of(first) == LENGTH_FIRST
    assert first[-1].finish_reason is FinishReason.LENGTH  # type: ignore[union-attr]
    client, _ = client_for(fake_server)
    history = (ChatMessage(Role.USER, "essay [length]"), ChatMessage(Role.ASSISTANT, LENGTH_FIRST))
    rest = run(stream(client, ask(CONTINUE_PROMPT, *history)))
    assert text_of(rest) == LENGTH_REST
    assert rest[-1].finish_reason is FinishReason.STOP  # type: ignore[union-attr]


def test_wrong_key_is_auth_error_and_the_key_is_redacted(fake_server: FakeServer) -> None:
    wrong = "sk-wrong-key-DO-NOT-SHOW-123456"
    client, _ = client_for(fake_server, key=wrong)
    with pytest.raises(e.AuthError) as info:
        run(stream(client, ask("hi")))
    assert wrong not in str(info.value) and wrong not in repr(info.value)
    assert wrong not in str(info.value.detail)


def test_429_once_is_retried_after_retry_after(fake_server: FakeServer) -> None:
    client, sleeps = client_for(fake_server)
    events = run(stream(client, ask("busy [429once]")))
    assert isinstance(events[-1], TurnFinished)
    assert sleeps == [1.0] and len(fake_server.requests()) == 2


def test_429_always_gives_up_with_rate_limited(fake_server: FakeServer) -> None:
    client, sleeps = client_for(fake_server)
    with pytest.raises(e.RateLimitedError) as info:
        run(stream(client, ask("busy [429]")))
    assert info.value.retry_after == 1.0 and sleeps == [1.0, 1.0]


@pytest.mark.parametrize(
    ("directive", "kind"),
    [
        ("[403]", e.PermissionDeniedError),
        ("[404]", e.NotFoundError),
        ("[400ctx]", e.ContextTooLongError),
        ("[quota]", e.QuotaExceededError),
        ("[500html]", e.ServerError),
        ("[502html]", e.ServerError),
        ("[stream-error]", e.ServerError),
        ("[malformed]", e.BadResponseError),
        ("[nodone]", e.StreamInterruptedError),
        ("[drop]", e.StreamInterruptedError),
    ],
)
def test_scripted_failures_map_to_typed_errors(
    fake_server: FakeServer, directive: str, kind: type[e.AfarensisError]
) -> None:
    client, _ = client_for(fake_server)
    with pytest.raises(kind) as info:
        run(stream(client, ask(f"please {directive}")))
    assert type(info.value) is kind
    assert "<" not in info.value.message  # never raw HTML


def test_hang_hits_the_read_timeout(fake_server: FakeServer) -> None:
    client, _ = client_for(fake_server, read_timeout=0.3)
    with pytest.raises(e.RequestTimeoutError):
        run(stream(client, ask("[hang]")))


def test_server_rejecting_stream_options_still_answers(fake_server: FakeServer) -> None:
    client, _ = client_for(fake_server)
    events = run(stream(client, ask("old server [no-stream-options]")))
    assert isinstance(events[-1], TurnFinished) and "old server" in text_of(events)
    first, second = (r["body"] for r in fake_server.requests())
    assert "stream_options" in first and "stream_options" not in second


def test_server_wanting_max_completion_tokens(fake_server: FakeServer) -> None:
    client, _ = client_for(fake_server)
    events = run(stream(client, ask("new model [no-max-tokens]", max_tokens=64)))
    assert isinstance(events[-1], TurnFinished)
    assert fake_server.requests()[-1]["body"]["max_completion_tokens"] == 64


def test_cancel_disconnects_within_a_second(fake_server: FakeServer) -> None:
    client, _ = client_for(fake_server)

    async def go() -> float:
        started = asyncio.Event()

        async def consume() -> None:
            async for ev in client.stream_chat(ask("[slow:50] [long:400]")):
                if isinstance(ev, TextDelta):
                    started.set()

        task = asyncio.create_task(consume())
        await asyncio.wait_for(started.wait(), 5)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        cancelled_at = time.time()
        await client.aclose()
        return cancelled_at

    cancelled_at = run(go())
    assert fake_server.wait_for(lambda log: any(x.get("event") == "disconnect" for x in log), 1.0)
    (gone,) = fake_server.events("disconnect")
    assert gone["ts"] - cancelled_at < 1.0
    assert fake_server.events("complete") == []


def test_complete_and_models(fake_server: FakeServer) -> None:
    client, _ = client_for(fake_server)

    async def go() -> None:
        completion = await client.complete(ask("title please"))
        assert (
            "title please" in completion.content and completion.finish_reason is FinishReason.STOP
        )
        assert await client.list_models() == ["fake-model", "fake-model-large"]
        await client.aclose()

    run(go())
    assert [r["method"] for r in fake_server.requests()] == ["POST", "GET"]


def test_nothing_listening_is_connection_refused(fake_server: FakeServer) -> None:
    fake_server.stop()
    client, sleeps = client_for(fake_server)
    with pytest.raises(e.NetworkError, match="connection refused"):
        run(stream(client, ask("hi")))
    assert len(sleeps) == 2  # retried before giving up
