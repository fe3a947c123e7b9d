"""Thinking vs answer for every wire format, and the same split under any chunking."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop_app.api.wire import StreamAssembler, build_chat_body, parse_completion
from desktop_app.core.events import ReasoningDelta, StreamEvent, TextDelta
from desktop_app.core.models import ChatMessage, ChatRequest, GenerationParams, Role


def _chunk(delta: dict[str, Any]) -> dict[str, Any]:
    return {"id": "r", "model": "m", "choices": [{"index": 0, "delta": delta}]}


def fold(events: list[StreamEvent]) -> tuple[str, str]:
    """What a consumer of the events ends with: (thinking, answer)."""
    thinking: list[str] = []
    answer: list[str] = []
    for event in events:
        if isinstance(event, ReasoningDelta):
            if event.retracts_answer:
                answer.clear()
            thinking.append(event.text)
        elif isinstance(event, TextDelta):
            answer.append(event.text)
    return "".join(thinking), "".join(answer)


def stream(deltas: list[dict[str, Any]]) -> tuple[str, str]:
    assembler = StreamAssembler()
    events: list[StreamEvent] = []
    for delta in deltas:
        events += assembler.feed(_chunk(delta))
    events += assembler.flush()
    thinking, answer = fold(events)
    assert (thinking, answer) == (assembler.reasoning, assembler.text)
    return thinking, answer


def content_chunks(text: str, sizes: list[int]) -> list[dict[str, Any]]:
    out, at = [], 0
    for size in sizes:
        if at >= len(text):
            break
        out.append({"content": text[at : at + size]})
        at += size
    if at < len(text):
        out.append({"content": text[at:]})
    return out


@pytest.mark.parametrize("field", ["reasoning_content", "reasoning"])
def test_reasoning_fields_stream_apart_from_the_answer(field: str) -> None:
    deltas = [{field: "Let me "}, {field: "think."}, {"content": "Four."}]
    assert stream(deltas) == ("Let me think.", "Four.")


def test_openrouter_details_are_read_and_not_doubled_with_reasoning() -> None:
    details = [{"type": "reasoning.text", "text": "Step one."}]
    only_details: list[dict[str, Any]] = [{"reasoning_details": details}, {"content": "Done."}]
    assert stream(only_details) == ("Step one.", "Done.")
    both: list[dict[str, Any]] = [
        {"reasoning": "Step one.", "reasoning_details": details},
        {"content": "Done."},
    ]
    assert stream(both) == ("Step one.", "Done.")
    summary = [{"reasoning_details": [{"type": "reasoning.summary", "summary": "Short."}]}]
    assert stream(summary) == ("Short.", "")
    encrypted = [{"reasoning_details": [{"type": "reasoning.encrypted", "data": "xx"}]}]
    assert stream([*encrypted, {"content": "Hi"}]) == ("", "Hi")


def test_think_tags_in_content_split_at_every_character() -> None:
    text = "<think>\nIs it 4?\n</think>\n\nIt is **4**."
    for cut in range(1, len(text)):
        assert stream([{"content": text[:cut]}, {"content": text[cut:]}]) == (
            "\nIs it 4?\n",
            "It is **4**.",
        ), cut


def test_a_bare_closing_tag_turns_what_came_before_into_thinking() -> None:
    text = "The user asks 2+2.\n</think>\n\nFour."
    assert stream(content_chunks(text, [3] * 20)) == ("The user asks 2+2.\n", "Four.")


def test_a_closing_tag_inside_an_answers_code_block_stays_in_the_answer() -> None:
    text = "Tags look like this:\n\n```html\n</think>\n```\n\nThat is all."
    assert stream(content_chunks(text, [2] * 40)) == ("", text)
    thought = "<think>hm</think>Use:\n```\n</think>\n```\n"
    assert stream([{"content": thought}]) == ("hm", "Use:\n```\n</think>\n```\n")


def test_text_that_only_looks_like_a_tag_start_is_answer() -> None:
    assert stream([{"content": "<th"}, {"content": "is is html"}]) == ("", "<this is html")
    assert stream([{"content": "a </thi"}]) == ("", "a </thi")
    assert stream([{"content": "<think>unfinished </thi"}]) == ("unfinished </thi", "")


def test_thinking_in_a_field_makes_a_bare_tag_plain_text() -> None:
    deltas = [{"reasoning_content": "hm"}, {"content": "say </think> literally"}]
    assert stream(deltas) == ("hm", "say </think> literally")


def test_a_whole_message_is_split_the_same_way() -> None:
    for message in (
        {"role": "assistant", "content": "Four.", "reasoning_content": "2+2"},
        {"role": "assistant", "content": "Four.", "reasoning": "2+2"},
        {"role": "assistant", "content": "<think>2+2</think>\nFour."},
        {"role": "assistant", "content": "2+2</think>Four."},
    ):
        completion = parse_completion({"choices": [{"index": 0, "message": message}]})
        assert (completion.reasoning, completion.content) == ("2+2", "Four.")
    plain = parse_completion({"choices": [{"index": 0, "message": {"content": "Hi"}}]})
    assert plain.reasoning is None


_PARTS = st.sampled_from(
    ["<think>", "</think>", "```", "~~~", "\n", " ", "word", "<", "</", "think", ">", "`", "中"]
)


@given(
    parts=st.lists(_PARTS, max_size=30),
    sizes=st.lists(st.integers(1, 12), max_size=40),
)
def test_any_rechunking_gives_the_same_thinking_and_answer(
    parts: list[str], sizes: list[int]
) -> None:
    text = "".join(parts)
    whole = stream([{"content": text}] if text else [])
    assert stream(content_chunks(text, sizes)) == whole
    assert stream([{"content": c} for c in text]) == whole


@given(
    thinking=st.lists(st.sampled_from(["a", " ", "\n", "中"]), max_size=20),
    answer=st.lists(_PARTS, max_size=20),
    sizes=st.lists(st.integers(1, 6), max_size=30),
)
def test_tagged_thinking_is_recovered_under_any_chunking(
    thinking: list[str], answer: list[str], sizes: list[int]
) -> None:
    think = "".join(thinking).replace("<", "")
    body = "".join(answer).lstrip()
    got = stream(content_chunks(f"<think>{think}</think>{body}", sizes))
    assert got == (think, body)


def test_reasoning_effort_is_sent_only_when_set_and_reasoning_only_when_asked() -> None:
    messages = (ChatMessage(Role.ASSISTANT, "hi", reasoning_content="because"),)
    unset = build_chat_body(ChatRequest("m", (ChatMessage(Role.USER, "q"),)), stream=True)
    assert "reasoning_effort" not in unset
    assert "reasoning_content" not in unset["messages"][0]
    high = ChatRequest("m", messages, GenerationParams(reasoning_effort="high"))
    body = build_chat_body(high, stream=True)
    assert body["reasoning_effort"] == "high"
    assert body["messages"][0]["reasoning_content"] == "because"
