"""The SSE decoder: WHATWG parsing rules, and that read boundaries never matter."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop_app.api.sse import SSEDecoder, SSEError, SSEEvent


def decode(*pieces: bytes) -> list[SSEEvent]:
    decoder = SSEDecoder()
    events: list[SSEEvent] = []
    for piece in pieces:
        events += decoder.feed(piece)
    return events + decoder.close()


def datas(*pieces: bytes) -> list[str]:
    return [e.data for e in decode(*pieces)]


@pytest.mark.parametrize("eol", [b"\n", b"\r", b"\r\n"])
def test_every_line_ending_style_gives_the_same_events(eol: bytes) -> None:
    stream = b"data: one" + eol + eol + b"data: two" + eol + eol
    assert datas(stream) == ["one", "two"]


def test_crlf_split_across_two_reads_is_one_line_ending() -> None:
    # If the LF were a second line ending it would be a blank line: no harm
    # here, but inside an event it would dispatch "a" and "b" separately.
    assert datas(b"data: a\r", b"\ndata: b\r\n\r\n") == ["a\nb"]


def test_comments_are_ignored_and_multiline_data_is_joined_with_newlines() -> None:
    stream = b": keep-alive\ndata: first\n: another comment\ndata: second\n\n"
    assert datas(stream) == ["first\nsecond"]


def test_event_id_and_retry_fields() -> None:
    events = decode(b"event: update\nid: 42\nretry: 1500\ndata: x\n\ndata: y\n\n")
    assert events[0] == SSEEvent("x", "update", "42", 1500)
    # The id persists to later events (spec); event type and retry do not.
    assert events[1] == SSEEvent("y", "message", "42", None)


def test_field_rules_space_colon_and_bad_values() -> None:
    events = decode(b"data:no-space\ndata:  two spaces\ndata\nid: a\0b\nretry: 12x\n\n")
    assert events == [SSEEvent("no-space\n two spaces\n", "message", "", None)]


def test_blocks_without_data_are_not_dispatched() -> None:
    assert decode(b"event: ping\n\nid: 1\n\n: comment\n\n\n\n") == []


def test_a_leading_bom_is_dropped_even_when_split() -> None:
    assert datas(b"\xef", b"\xbb", b"\xbfdata: hi\n\n") == ["hi"]
    # Only at the very start: later the bytes are data.
    assert datas(b"data: \xef\xbb\xbfx\n\n") == ["\ufeffx"]


def test_multibyte_characters_split_at_every_byte() -> None:
    stream = "data: héllo 東京 😀\n\n".encode()
    assert datas(*[stream[i : i + 1] for i in range(len(stream))]) == ["héllo 東京 😀"]


def test_complete_last_event_without_blank_line_is_dispatched_at_close() -> None:
    decoder = SSEDecoder()
    assert decoder.feed(b"data: [DONE]\n") == []
    assert decoder.close() == [SSEEvent("[DONE]")]
    assert not decoder.discarded_partial_line


def test_truncated_last_line_is_discarded_and_reported() -> None:
    decoder = SSEDecoder()
    assert decoder.feed(b'data: ok\n\ndata: {"choi') == [SSEEvent("ok")]
    assert decoder.close() == []
    assert decoder.discarded_partial_line


def test_a_huge_line_is_refused_but_a_long_stream_is_not() -> None:
    decoder = SSEDecoder(max_line_bytes=1000)
    events = []
    for _ in range(5000):  # 5000 events, 60 KB: far past the per-line limit in total
        events += decoder.feed(b"data: " + b"x" * 4 + b"\n\n")
    assert len(events) == 5000
    with pytest.raises(SSEError):
        for _ in range(20):
            decoder.feed(b"y" * 100)


def test_long_multiline_event_in_small_reads_keeps_lines() -> None:
    lines = [f"data: line {i}\n".encode() for i in range(2000)]
    assert datas(*lines, b"\n") == ["\n".join(f"line {i}" for i in range(2000))]


_STREAM = (
    b"\xef\xbb\xbf: hello\r\n"
    + 'data: {"c": "h\u00e9"}\n\n'.encode()
    + b"event: x\rid: 7\rdata: a\rdata: b\r\r"
    + b"data: \xe6\x9d\xb1\r\n\r\ndata:\n\nretry: 5\ndata: z\n\n"
    + b"data: tail\n"
)


@given(st.lists(st.integers(min_value=0, max_value=len(_STREAM)), max_size=30))
def test_any_rechunking_yields_the_same_events(cuts: list[int]) -> None:
    points = sorted(set(cuts))
    pieces = [_STREAM[a:b] for a, b in zip([0, *points], [*points, len(_STREAM)], strict=True)]
    assert decode(*pieces) == decode(_STREAM)


def test_reference_stream_decodes_as_the_spec_says() -> None:
    assert decode(_STREAM) == [
        SSEEvent('{"c": "hé"}'),
        SSEEvent("a\nb", "x", "7"),
        SSEEvent("東", "message", "7"),
        SSEEvent("", "message", "7"),
        SSEEvent("z", "message", "7", 5),
        SSEEvent("tail", "message", "7"),
    ]


@given(
    st.lists(
        st.text(alphabet=st.characters(blacklist_categories=["Cs"], blacklist_characters="\r\n")),
        min_size=1,
        max_size=8,
    ),
    st.data(),
)
def test_random_payloads_round_trip_through_random_reads(
    payloads: list[str], data: st.DataObject
) -> None:
    stream = b"".join(b"data: " + p.encode() + b"\n\n" for p in payloads)
    sizes = data.draw(st.lists(st.integers(1, 7), min_size=1, max_size=len(stream) or 1))
    pieces, pos, i = [], 0, 0
    while pos < len(stream):
        step = sizes[i % len(sizes)]
        pieces.append(stream[pos : pos + step])
        pos, i = pos + step, i + 1
    assert datas(*pieces) == payloads
