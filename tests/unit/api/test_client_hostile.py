"""ChatClient against hostile or broken servers: every outcome is honest and typed."""

from __future__ import annotations

import gzip
import json

import httpx
import pytest

from desktop_app.api import client as client_module
from desktop_app.api import responses as responses_module
from desktop_app.api import turn as turn_module
from desktop_app.api.errors_map import transport_error
from desktop_app.core import errors as e
from desktop_app.core.events import TextDelta
from tests.unit.api.test_client import (
    KEY,
    REQUEST,
    Pieces,
    Script,
    chunk,
    collect,
    make_client,
    run,
    sse,
    stream_response,
)


def test_redirect_is_not_a_reply_and_names_the_target() -> None:
    script = Script(
        httpx.Response(
            302,
            headers={
                "location": "https://elsewhere.test/v1/chat",
                "content-type": "text/event-stream",
            },
            content=sse(chunk({"content": "fake reply"}, "stop")),
        )
    )
    client, _, _ = make_client(script)
    with pytest.raises(e.BadResponseError) as info:
        run(collect(client))
    assert "redirected" in str(info.value) and "https://elsewhere.test/v1/chat" in str(info.value)
    assert info.value.status == 302


def test_done_with_no_choices_says_nothing_came_back() -> None:
    client, _, _ = make_client(Script(stream_response(b"data: [DONE]\n\n")))
    with pytest.raises(e.BadResponseError) as info:
        run(collect(client))
    assert "without sending anything back" in str(info.value)


def test_post_read_timeout_is_not_retried() -> None:
    script = Script(
        httpx.ReadTimeout("slow"), stream_response(sse(chunk({"content": "x"}, "stop")))
    )
    client, sleeps, _ = make_client(script)
    with pytest.raises(e.RequestTimeoutError):
        run(collect(client))
    assert len(script.requests) == 1 and sleeps == []


def test_read_timeout_on_get_is_still_retried() -> None:
    script = Script(httpx.ReadTimeout("slow"), httpx.Response(200, json={"data": [{"id": "m"}]}))
    client, _, _ = make_client(script)
    assert run(client.list_models()) == ["m"]


def test_gzip_bomb_model_list_is_capped_after_decompression(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(responses_module, "MAX_JSON_BODY", 1024 * 1024)
    body = b'{"data": [' + b" " * (8 * 1024 * 1024) + b"]}"
    packed = gzip.compress(body)
    assert len(packed) < responses_module.MAX_JSON_BODY  # small on the wire
    response = httpx.Response(
        200,
        headers={"content-encoding": "gzip", "content-type": "application/json"},
        content=packed,
    )
    client, _, _ = make_client(Script(response))
    with pytest.raises(e.ResponseTooLargeError) as info:
        run(client.list_models())
    assert "MB" in str(info.value)


def test_streamed_reply_is_capped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(turn_module, "MAX_STREAM_BYTES", 4096)
    piece = sse(chunk({"content": "a" * 500}), done=False)
    client, _, _ = make_client(Script(stream_response(Pieces([piece] * 100, hang=True))))
    seen: list[object] = []

    async def go() -> None:
        try:
            async for event in client.stream_chat(REQUEST):
                seen.append(event)
        finally:
            await client.aclose()

    with pytest.raises(e.ResponseTooLargeError):
        run(go())
    assert any(isinstance(event, TextDelta) for event in seen)  # the text so far was shown


def test_deeply_nested_json_chunk_is_a_typed_error() -> None:
    deep = b"data: " + b"[" * 200_000 + b"]" * 200_000 + b"\n\n"
    client, _, _ = make_client(Script(stream_response(Pieces([deep]))))
    with pytest.raises(e.BadResponseError):
        run(collect(client))


def test_non_ascii_header_value_is_a_config_error() -> None:
    client, _, _ = make_client(Script(), extra_headers={"X-Team": "café"})
    with pytest.raises(e.ConfigError) as info:
        run(collect(client))
    assert "ASCII" in str(info.value)


def test_memory_error_while_parsing_is_typed(monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(_: object) -> object:
        raise MemoryError

    monkeypatch.setattr(json, "loads", boom)  # the json module client.py parses with
    client, _, _ = make_client(Script(httpx.Response(200, json={"data": []})))
    with pytest.raises(e.ResponseTooLargeError):
        run(client.list_models())


def test_refused_proxy_is_named_not_the_internet() -> None:
    exc = httpx.ConnectError("[Errno 111] Connection refused")
    error = transport_error(exc, "https://api.test/v1", 120, proxy="http://user:pw@proxy.lan:3128")
    assert "proxy proxy.lan:3128" in str(error)
    assert "internet" not in str(error) and "pw" not in str(error)


def test_header_overflow_is_named() -> None:
    error = transport_error(
        httpx.RemoteProtocolError("Receive buffer too long"), "http://api.test/v1", 120
    )
    assert isinstance(error, e.BadResponseError)
    assert "headers too large" in str(error) and "internet" not in str(error)


def test_key_never_in_redirect_message() -> None:
    script = Script(httpx.Response(301, headers={"location": f"http://x.test/?k={KEY}"}))
    client, _, _ = make_client(script)
    with pytest.raises(e.BadResponseError) as info:
        run(client.list_models())
    assert "redirected" in str(info.value) and "http://x.test/" in str(info.value)
    assert KEY not in str(info.value)


def test_client_config_repr_hides_proxy_credentials() -> None:
    config = client_module.ClientConfig(
        "http://a.test", api_key=KEY, proxy="http://me:hunter2@proxy.lan:3128"
    )
    assert "hunter2" not in repr(config) and KEY not in repr(config)
