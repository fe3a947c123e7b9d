"""ChatClient against httpx.MockTransport: events, retries, quirks, errors, secrecy."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Callable, Coroutine
from typing import Any, TypeVar

import httpx
import pytest

from desktop_app import __version__
from desktop_app.api.client import ChatClient, ClientConfig
from desktop_app.core import errors as e
from desktop_app.core.events import (
    StreamEvent,
    TextDelta,
    ToolCallDelta,
    TurnFinished,
    TurnStarted,
    UsageReport,
)
from desktop_app.core.models import (
    ChatMessage,
    ChatRequest,
    FinishReason,
    GenerationParams,
    Role,
    ToolCall,
    Usage,
)

KEY = "sk-test-SECRETSECRET0123456789"
T = TypeVar("T")
Handler = Callable[[httpx.Request], httpx.Response]


def run(coro: Coroutine[Any, Any, T]) -> T:
    return asyncio.run(coro)


def sse(*payloads: object, done: bool = True) -> bytes:
    out = b"".join(b"data: " + json.dumps(p).encode() + b"\n\n" for p in payloads)
    return out + (b"data: [DONE]\n\n" if done else b"")


def chunk(delta: dict[str, Any], finish: str | None = None) -> dict[str, Any]:
    return {
        "id": "r1",
        "model": "m",
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
    }


HAPPY = sse(
    chunk({"role": "assistant", "content": ""}),
    chunk({"content": "Hello"}),
    chunk({"content": " world"}),
    chunk({}, "stop"),
    {
        "id": "r1",
        "choices": [],
        "usage": {"prompt_tokens": 4, "completion_tokens": 2, "total_tokens": 6},
    },
)


class Pieces(httpx.AsyncByteStream):
    """A body that arrives in pieces and can fail or hang after them."""

    def __init__(self, pieces: list[bytes], then: BaseException | None = None, hang: bool = False):
        self.pieces, self.then, self.hang, self.closed = pieces, then, hang, False

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for piece in self.pieces:
            yield piece
        if self.then is not None:
            raise self.then
        if self.hang:
            await asyncio.Event().wait()

    async def aclose(self) -> None:
        self.closed = True


def stream_response(body: bytes | Pieces, status: int = 200, **headers: str) -> httpx.Response:
    stream = (
        body
        if isinstance(body, Pieces)
        else Pieces([body[i : i + 7] for i in range(0, len(body), 7)])
    )
    return httpx.Response(
        status, headers={"content-type": "text/event-stream", **headers}, stream=stream
    )


def json_response(status: int, payload: object, **headers: str) -> httpx.Response:
    return httpx.Response(status, json=payload, headers=headers)


class Script:
    """Answers requests in turn with prepared responses and records them."""

    def __init__(self, *responses: httpx.Response | Exception) -> None:
        self.responses = list(responses)
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        item = self.responses.pop(0)
        if isinstance(item, Exception):
            raise item
        return item

    def bodies(self) -> list[dict[str, Any]]:
        return [json.loads(r.content) for r in self.requests if r.content]


def make_client(
    script: Handler, **config: Any
) -> tuple[ChatClient, list[float], list[tuple[str, float]]]:
    sleeps: list[float] = []
    retries: list[tuple[str, float]] = []

    async def fake_sleep(delay: float) -> None:
        sleeps.append(delay)

    cfg = ClientConfig(base_url=config.pop("base_url", "http://server.test"), api_key=KEY, **config)
    client = ChatClient(
        cfg,
        transport=httpx.MockTransport(script),
        sleep=fake_sleep,
        rand=lambda: 0.0,
        on_retry=lambda err, delay: retries.append((type(err).__name__, delay)),
    )
    return client, sleeps, retries


REQUEST = ChatRequest(model="m", messages=(ChatMessage(Role.USER, "hi"),))


async def collect(client: ChatClient, request: ChatRequest = REQUEST) -> list[StreamEvent]:
    try:
        return [event async for event in client.stream_chat(request)]
    finally:
        await client.aclose()


def test_stream_yields_events_in_order_and_one_finish() -> None:
    script = Script(stream_response(HAPPY))
    client, _, _ = make_client(script)
    events = run(collect(client))
    assert events == [
        TurnStarted("r1", "m"),
        TextDelta("Hello"),
        TextDelta(" world"),
        UsageReport(Usage(4, 2, 6)),
        TurnFinished(FinishReason.STOP, (), Usage(4, 2, 6), "r1", "m"),
    ]
    request = script.requests[0]
    assert str(request.url) == "http://server.test/v1/chat/completions"
    assert request.headers["authorization"] == f"Bearer {KEY}"
    assert request.headers["user-agent"] == f"afarensis-chat/{__version__}"
    body = script.bodies()[0]
    assert body["stream"] is True and body["stream_options"] == {"include_usage": True}


def test_extra_headers_are_sent() -> None:
    script = Script(stream_response(HAPPY))
    client, _, _ = make_client(script, extra_headers={"HTTP-Referer": "https://afarensis.example"})
    run(collect(client))
    assert script.requests[0].headers["http-referer"] == "https://afarensis.example"


def test_tool_calls_are_assembled_in_turn_finished() -> None:
    body = sse(
        chunk(
            {
                "tool_calls": [
                    {"index": 0, "id": "c1", "function": {"name": "f", "arguments": '{"a"'}}
                ]
            }
        ),
        chunk({"tool_calls": [{"index": 0, "function": {"arguments": ": 2}"}}]}),
        chunk({}, "tool_calls"),
    )
    client, _, _ = make_client(Script(stream_response(body)))
    events = run(collect(client))
    assert sum(isinstance(ev, ToolCallDelta) for ev in events) == 2
    assert events[-1] == TurnFinished(
        FinishReason.TOOL_CALLS, (ToolCall("c1", "f", '{"a": 2}'),), None, "r1", "m"
    )


def test_retries_5xx_then_succeeds_with_backoff_and_tells_the_ui() -> None:
    script = Script(
        json_response(503, {"error": {"message": "busy"}}),
        httpx.ConnectError("[Errno 111] Connection refused"),
        stream_response(HAPPY),
    )
    client, sleeps, retries = make_client(script)
    events = run(collect(client))
    assert isinstance(events[-1], TurnFinished)
    assert sleeps == [0.5, 1.0]  # 0.5 s × 2^n, rand() = 0 means no jitter
    assert retries == [("ServerError", 0.5), ("NetworkError", 1.0)]


def test_gives_up_after_two_retries() -> None:
    script = Script(*[json_response(500, {"error": {"message": "boom"}}) for _ in range(3)])
    client, sleeps, _ = make_client(script)
    with pytest.raises(e.ServerError):
        run(collect(client))
    assert len(script.requests) == 3 and len(sleeps) == 2


def test_backoff_is_capped_and_jittered() -> None:
    client, _, _ = make_client(Script())
    client._rand = lambda: 1.0
    assert client._backoff(0) == pytest.approx(0.375)
    assert client._backoff(10) == pytest.approx(6.0)  # 8 s cap minus 25 %


def test_retry_after_is_honoured() -> None:
    script = Script(
        json_response(429, {"error": {"message": "slow"}}, **{"retry-after-ms": "2500"}),
        stream_response(HAPPY),
    )
    client, sleeps, _ = make_client(script)
    run(collect(client))
    assert sleeps == [2.5]


def test_long_retry_after_gives_up_at_once_with_the_wait() -> None:
    script = Script(json_response(429, {"error": {"message": "slow"}}, **{"Retry-After": "120"}))
    client, sleeps, _ = make_client(script)
    with pytest.raises(e.RateLimitedError) as info:
        run(collect(client))
    assert info.value.retry_after == 120 and sleeps == []


def test_quota_and_auth_errors_are_not_retried() -> None:
    for status, payload, kind in [
        (429, {"error": {"code": "insufficient_quota", "message": "quota"}}, e.QuotaExceededError),
        (401, {"error": {"message": "bad key"}}, e.AuthError),
    ]:
        script = Script(json_response(status, payload))
        client, sleeps, _ = make_client(script)
        with pytest.raises(kind):
            run(collect(client))
        assert sleeps == [] and len(script.requests) == 1


def test_stream_options_rejection_retries_once_without_them() -> None:
    rejection = {"error": {"message": "Unrecognized request argument supplied: stream_options"}}
    script = Script(json_response(400, rejection), stream_response(HAPPY), stream_response(HAPPY))
    client, sleeps, _ = make_client(script)

    async def twice() -> None:
        first = [ev async for ev in client.stream_chat(REQUEST)]
        second = await collect(client)
        assert isinstance(first[-1], TurnFinished) and isinstance(second[-1], TurnFinished)

    run(twice())
    bodies = script.bodies()
    assert "stream_options" in bodies[0]
    assert "stream_options" not in bodies[1] and "stream_options" not in bodies[2]  # remembered
    assert sleeps == []


def test_max_tokens_rejection_retries_with_max_completion_tokens() -> None:
    msg = (
        "Unsupported parameter: 'max_tokens' is not supported with this model. "
        "Use 'max_completion_tokens' instead."
    )
    script = Script(json_response(400, {"error": {"message": msg}}), stream_response(HAPPY))
    client, _, _ = make_client(script)
    request = ChatRequest(
        model="m", messages=REQUEST.messages, params=GenerationParams(max_tokens=50)
    )
    run(collect(client, request))
    first, second = script.bodies()
    assert first["max_tokens"] == 50
    assert second["max_completion_tokens"] == 50 and "max_tokens" not in second


def test_same_400_twice_is_not_retried_forever() -> None:
    rejection = {"error": {"message": "stream_options is not allowed"}}
    script = Script(json_response(400, rejection), json_response(400, rejection))
    client, _, _ = make_client(script)
    with pytest.raises(e.BadRequestError, match="stream_options"):
        run(collect(client))
    assert len(script.requests) == 2


def test_broken_stream_after_text_is_interrupted_not_retried() -> None:
    pieces = Pieces([sse(chunk({"content": "partial"}), done=False)], then=httpx.ReadError("reset"))
    script = Script(stream_response(pieces), stream_response(HAPPY))
    client, sleeps, _ = make_client(script)
    seen: list[StreamEvent] = []

    async def consume() -> None:
        async for ev in client.stream_chat(REQUEST):
            seen.append(ev)

    with pytest.raises(e.StreamInterruptedError):
        run(consume())
    assert TextDelta("partial") in seen
    assert len(script.requests) == 1 and sleeps == []


@pytest.mark.parametrize(
    ("body", "kind"),
    [
        (sse(chunk({"content": "a"}), done=False), e.StreamInterruptedError),  # no [DONE]/finish
        (b"", e.BadResponseError),
        (b'data: {"choices": [\n\n', e.BadResponseError),
        (sse(chunk({"content": "a"}), {"error": {"message": "model crashed"}}), e.ServerError),
    ],
)
def test_bad_streams(body: bytes, kind: type[e.ChatError]) -> None:
    client, _, _ = make_client(Script(stream_response(body)))
    with pytest.raises(kind):
        run(collect(client))


def test_finish_reason_without_done_is_a_normal_end() -> None:
    client, _, _ = make_client(
        Script(stream_response(sse(chunk({"content": "a"}), chunk({}, "length"), done=False)))
    )
    assert run(collect(client))[-1].finish_reason is FinishReason.LENGTH  # type: ignore[union-attr]


def test_html_502_says_error_page_without_html() -> None:
    page = httpx.Response(
        502,
        text="<html><body><h1>502 Bad Gateway</h1></body></html>",
        headers={"content-type": "text/html"},
    )
    client, _, _ = make_client(Script(page, page, page))
    with pytest.raises(e.ServerError) as info:
        run(collect(client))
    assert "error page (502 Bad Gateway)" in info.value.message and "<" not in str(info.value)


def test_server_that_ignores_stream_true_still_works() -> None:
    whole = {
        "id": "r2",
        "model": "m",
        "choices": [{"message": {"content": "all at once"}, "finish_reason": "stop"}],
    }
    client, _, _ = make_client(Script(json_response(200, whole)))
    events = run(collect(client))
    assert TextDelta("all at once") in events and isinstance(events[-1], TurnFinished)


def test_complete_and_list_models() -> None:
    whole = {
        "id": "r2",
        "model": "m",
        "choices": [{"message": {"content": "Title"}, "finish_reason": "stop"}],
        "usage": {"prompt_tokens": 1, "completion_tokens": 1},
    }
    script = Script(
        json_response(200, whole), json_response(200, {"data": [{"id": "b"}, {"id": "a"}]})
    )
    client, _, _ = make_client(script, base_url="https://openrouter.ai/api/v1/")

    async def go() -> None:
        completion = await client.complete(REQUEST)
        assert (completion.content, completion.usage) == ("Title", Usage(1, 1, 2))
        assert await client.list_models() == ["a", "b"]
        await client.aclose()

    run(go())
    assert script.bodies()[0]["stream"] is False and "stream_options" not in script.bodies()[0]
    assert str(script.requests[1].url) == "https://openrouter.ai/api/v1/models"


def test_api_key_never_leaks() -> None:
    echo = {"error": {"message": f"Incorrect API key provided: {KEY}"}}
    client, _, _ = make_client(Script(json_response(401, echo)))
    with pytest.raises(e.AuthError) as info:
        run(collect(client))
    error = info.value
    for text in (str(error), repr(error), error.message, str(error.detail), repr(error.args)):
        assert KEY not in text
    assert KEY not in repr(client) and KEY not in repr(client.config)


def test_key_with_line_break_is_refused_before_sending() -> None:
    client, _, _ = make_client(Script())
    client.configure(ClientConfig("http://server.test", api_key="sk-abc\ndef"))
    with pytest.raises(e.ConfigError) as info:
        run(collect(client))
    assert "sk-abc" not in str(info.value)


def test_configure_swaps_settings_without_rebuilding_unless_transport_changes() -> None:
    script = Script(stream_response(HAPPY))
    client, _, _ = make_client(script)
    http = client._http.current
    client.configure(
        ClientConfig("http://other.test:8080/v1/", api_key="sk-new-key-0000000000", read_timeout=5)
    )
    assert client._http.current is http
    run(collect(client))
    request = script.requests[0]
    assert str(request.url) == "http://other.test:8080/v1/chat/completions"
    assert request.headers["authorization"] == "Bearer sk-new-key-0000000000"
    assert request.extensions["timeout"]["read"] == 5
    client.configure(ClientConfig("http://other.test", proxy="http://proxy.test:3128"))
    assert client._http.current is not http


def test_cancelling_the_consumer_closes_the_response() -> None:
    pieces = Pieces([sse(chunk({"content": "a"}), done=False)], hang=True)
    client, _, _ = make_client(Script(stream_response(pieces)))

    async def go() -> None:
        got_text = asyncio.Event()

        async def consume() -> None:
            async for ev in client.stream_chat(REQUEST):
                if isinstance(ev, TextDelta):
                    got_text.set()

        task = asyncio.create_task(consume())
        await got_text.wait()
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        await client.aclose()

    run(go())
    assert pieces.closed


def test_unreadable_ca_bundle_is_a_settings_error_not_a_crash(tmp_path: Any) -> None:
    bad = tmp_path / "ca.pem"
    bad.write_text("not a certificate")
    script = Script()
    client, _, _ = make_client(script, ca_bundle=str(bad))
    with pytest.raises(e.ConfigError, match="CA bundle"):
        run(collect(client))
    assert script.requests == []  # nothing was sent with an unverified setup
