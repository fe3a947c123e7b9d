"""The element-at-a-time array reader agrees with json.loads and reads lazily."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest

from desktop_app.services.json_stream import iter_array

SAMPLE: list[Any] = [
    {"title": 'a ] tricky , "one" [', "mapping": {"n": {"parent": None, "x": [1, 2.5e3]}}},
    12345678901234567890,
    "text with \\u00e9 and ]",
    [],
    {},
    None,
    True,
]


@pytest.mark.parametrize("chunk", [1, 3, 7, 64, 1 << 20])
def test_elements_match_json_loads_at_any_chunk_size(chunk: int) -> None:
    text = json.dumps(SAMPLE, indent=2)
    assert list(iter_array(io.StringIO(text[5:]), text[:5], chunk=chunk)) == SAMPLE


@pytest.mark.parametrize("text", ["[", "[{}", "[{} {}]", "[1,]", "[1] 2", '[{"a": }]'])
def test_malformed_or_truncated_arrays_raise(text: str) -> None:
    with pytest.raises(json.JSONDecodeError):
        list(iter_array(io.StringIO(text), chunk=2))


def test_an_empty_array_and_a_non_array() -> None:
    assert list(iter_array(io.StringIO(" [ ] "))) == []
    with pytest.raises(ValueError, match="array"):
        list(iter_array(io.StringIO('{"a": 1}')))


class _CountingReader(io.StringIO):
    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.consumed = 0

    def read(self, size: int | None = -1) -> str:
        data = super().read(size)
        self.consumed += len(data)
        return data


def test_the_first_conversation_comes_before_the_whole_file_is_read() -> None:
    text = json.dumps([{"title": str(i), "body": "x" * 1000} for i in range(1000)])
    stream = _CountingReader(text)
    first = next(iter_array(stream, chunk=4096))
    assert first["title"] == "0"
    assert stream.consumed < len(text) // 10
