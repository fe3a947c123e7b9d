"""Request bodies, tolerant chunk parsing, tool-call assembly, base URLs."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop_app.api.wire import (
    StreamAssembler,
    build_chat_body,
    normalize_base_url,
    parse_completion,
    parse_models,
)
from desktop_app.core.errors import ConfigError
from desktop_app.core.events import TextDelta, ToolCallDelta, TurnStarted, UsageReport
from desktop_app.core.models import (
    ChatMessage,
    ChatRequest,
    FinishReason,
    GenerationParams,
    Role,
    ToolCall,
    Usage,
)


@pytest.mark.parametrize(
    ("given_url", "expected"),
    [
        ("http://localhost:11434", "http://localhost:11434/v1"),
        ("http://localhost:11434/", "http://localhost:11434/v1"),
        ("http://localhost:11434/v1", "http://localhost:11434/v1"),
        ("http://localhost:11434/v1/", "http://localhost:11434/v1"),
        ("http://localhost:11434/v1//", "http://localhost:11434/v1"),
        ("https://api.openai.com/v1/chat/completions", "https://api.openai.com/v1"),
        ("https://openrouter.ai/api/v1", "https://openrouter.ai/api/v1"),
        ("https://openrouter.ai/api/v1/chat/completions/", "https://openrouter.ai/api/v1"),
        ("  localhost:8080  ", "http://localhost:8080/v1"),
    ],
)
def test_normalize_base_url(given_url: str, expected: str) -> None:
    assert normalize_base_url(given_url) == expected


@pytest.mark.parametrize("bad", ["", "   ", "ftp://example.com", "http://"])
def test_unusable_base_url_is_a_config_error(bad: str) -> None:
    with pytest.raises(ConfigError):
        normalize_base_url(bad)


def _request(**params: object) -> ChatRequest:
    return ChatRequest(
        model="m",
        messages=(ChatMessage(Role.SYSTEM, "be brief"), ChatMessage(Role.USER, "hi")),
        params=GenerationParams(**params),  # type: ignore[arg-type]
        user="u1",
    )


def test_body_carries_every_set_parameter_and_omits_unset_ones() -> None:
    body = build_chat_body(
        _request(
            temperature=0.2,
            top_p=0.9,
            max_tokens=100,
            seed=7,
            stop=("END",),
            presence_penalty=0.1,
            frequency_penalty=0.3,
            json_mode=True,
        ),
        stream=True,
    )
    assert body == {
        "model": "m",
        "messages": [
            {"role": "system", "content": "be brief"},
            {"role": "user", "content": "hi"},
        ],
        "n": 1,
        "stream": True,
        "temperature": 0.2,
        "top_p": 0.9,
        "seed": 7,
        "presence_penalty": 0.1,
        "frequency_penalty": 0.3,
        "user": "u1",
        "max_tokens": 100,
        "stop": ["END"],
        "response_format": {"type": "json_object"},
        "stream_options": {"include_usage": True},
    }
    minimal = build_chat_body(_request(), stream=False)
    assert set(minimal) == {"model", "messages", "n", "stream", "user"}


def test_body_quirk_switches() -> None:
    body = build_chat_body(
        _request(max_tokens=5), stream=True, include_usage=False, use_max_completion_tokens=True
    )
    assert body["max_completion_tokens"] == 5
    assert "max_tokens" not in body
    assert "stream_options" not in body


def test_assistant_tool_calls_and_tool_results_are_sent_back() -> None:
    call = ToolCall("c1", "f", '{"a":1}')
    request = ChatRequest(
        model="m",
        messages=(
            ChatMessage(Role.ASSISTANT, None, tool_calls=(call,)),
            ChatMessage(Role.TOOL, "42", tool_call_id="c1"),
        ),
    )
    messages = build_chat_body(request, stream=False)["messages"]
    assert messages[0]["tool_calls"][0] == {
        "id": "c1",
        "type": "function",
        "function": {"name": "f", "arguments": '{"a":1}'},
    }
    assert messages[1] == {"role": "tool", "content": "42", "tool_call_id": "c1"}


def _chunk(
    delta: Mapping[str, object], finish: str | None = None, **extra: object
) -> dict[str, Any]:
    return {
        "id": "r1",
        "model": "gpt",
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
        **extra,
    }


def test_stream_events_in_order_with_usage_from_final_empty_choices_chunk() -> None:
    asm = StreamAssembler()
    events = []
    payloads: list[dict[str, Any]] = [
        _chunk({"role": "assistant", "content": None}, unknown_key=1),
        _chunk({"content": "Hel"}),
        {"choices": [{"delta": {"content": "lo"}}]},  # no index, no id: tolerated
        _chunk({}, "stop"),
        {"id": "r1", "choices": [], "usage": {"prompt_tokens": 3, "completion_tokens": 2}},
    ]
    for payload in payloads:
        events += asm.feed(payload)
    assert events == [
        TurnStarted("r1", "gpt"),
        TextDelta("Hel"),
        TextDelta("lo"),
        UsageReport(Usage(3, 2, 5)),
    ]
    finished = asm.finish()
    assert finished.finish_reason is FinishReason.STOP
    assert finished.usage == Usage(3, 2, 5)
    assert (finished.response_id, finished.model) == ("r1", "gpt")


def test_tool_call_fragments_are_assembled_into_complete_calls() -> None:
    asm = StreamAssembler()
    frags = [
        {
            "tool_calls": [
                {
                    "index": 0,
                    "id": "a",
                    "type": "function",
                    "function": {"name": "f", "arguments": ""},
                }
            ]
        },
        {"tool_calls": [{"index": 0, "function": {"arguments": '{"x"'}}]},
        {"tool_calls": [{"index": 1, "id": "b", "function": {"name": "g", "arguments": "{}"}}]},
        {"tool_calls": [{"index": 0, "function": {"arguments": ": 1}"}}]},
    ]
    events = [e for f in frags for e in asm.feed(_chunk(f))]
    assert ToolCallDelta(0, "a", "f", "") in events
    asm.feed(_chunk({}, "tool_calls"))
    finished = asm.finish()
    assert finished.tool_calls == (ToolCall("a", "f", '{"x": 1}'), ToolCall("b", "g", "{}"))
    assert finished.finish_reason is FinishReason.TOOL_CALLS


def test_legacy_function_call_becomes_one_tool_call() -> None:
    asm = StreamAssembler()
    asm.feed(_chunk({"function_call": {"name": "lookup", "arguments": '{"q":'}}))
    asm.feed(_chunk({"function_call": {"arguments": ' "x"}'}}, "function_call"))
    finished = asm.finish()
    assert finished.tool_calls == (ToolCall("", "lookup", '{"q": "x"}'),)
    assert finished.finish_reason is FinishReason.FUNCTION_CALL


@pytest.mark.parametrize(
    "reason", ["stop", "length", "tool_calls", "function_call", "content_filter"]
)
def test_finish_reasons(reason: str) -> None:
    asm = StreamAssembler()
    asm.feed(_chunk({"content": "x"}))
    assert asm.finish().finish_reason is None  # absent while streaming
    asm.feed(_chunk({}, reason))
    assert asm.finish().finish_reason == FinishReason(reason)


@given(st.lists(st.text(), max_size=20))
def test_assembled_text_equals_concatenated_deltas(parts: list[str]) -> None:
    asm = StreamAssembler()
    deltas = [
        e.text for p in parts for e in asm.feed(_chunk({"content": p})) if isinstance(e, TextDelta)
    ]
    # Leading space may be held while a <think> tag could follow; the end releases it.
    deltas += [e.text for e in asm.flush() if isinstance(e, TextDelta)]
    assert "".join(deltas) == asm.text == "".join(parts)


def test_parse_completion_whole_body() -> None:
    completion = parse_completion(
        {
            "id": "r9",
            "model": "m",
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": "Hi"},
                    "finish_reason": "stop",
                }
            ],
            "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
        }
    )
    assert (completion.content, completion.finish_reason, completion.usage) == (
        "Hi",
        FinishReason.STOP,
        Usage(1, 1, 2),
    )


def test_parse_models_tolerates_shapes() -> None:
    assert parse_models({"data": [{"id": "b"}, {"id": "a"}, {"id": "a"}, {"x": 1}]}) == ["a", "b"]
    assert parse_models({"models": [{"name": "llama3"}]}) == ["llama3"]
    assert parse_models(["m1"]) == ["m1"]
    assert parse_models("nonsense") == []
