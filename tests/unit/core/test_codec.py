"""One codec, one tolerance policy, for export files, settings and the store's JSON columns."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field

import pytest

from desktop_app.core.codec import FieldError, MissingFieldError, decode, decode_many, encode
from desktop_app.core.models import (
    FinishReason,
    GenerationParams,
    Message,
    MessageStatus,
    Role,
    ToolCall,
    Usage,
)
from desktop_app.core.settings import Settings, settings_from_dict, settings_to_dict
from desktop_app.store.rows import params_from_json, params_to_json, tool_calls_from_json


def _through_json(value: object) -> object:
    return json.loads(json.dumps(encode(value)))


def test_a_message_with_every_field_set_reads_back_equal() -> None:
    message = Message(
        id="m1",
        conversation_id="c1",
        role=Role.ASSISTANT,
        content="hi",
        parent_id="m0",
        status=MessageStatus.CANCELLED,
        finish_reason=FinishReason.TOOL_CALLS,
        error="stopped",
        model="m",
        usage=Usage(1, 2, 3),
        tool_calls=(ToolCall("t1", "search", '{"q": 1}'),),
        created_at=1.25,
        first_token_ms=10.5,
        duration_ms=99.0,
    )
    assert decode(Message, _through_json(message)) == message
    params = GenerationParams(temperature=0.2, max_tokens=9, stop=("END", "###"), json_mode=True)
    assert decode(GenerationParams, _through_json(params)) == params


def test_a_new_field_needs_no_line_in_the_codec() -> None:
    @dataclass(frozen=True)
    class Grown:
        id: str
        reasoning: str | None = None
        attachments: tuple[str, ...] = field(default_factory=tuple)

    grown = Grown("g", "because", ("a.png",))
    assert decode(Grown, _through_json(grown)) == grown
    assert decode(Grown, {"id": "g"}) == Grown("g")  # an older file: the defaults


def test_unknown_keys_are_ignored_and_wrong_types_refused_by_name() -> None:
    assert decode(GenerationParams, {"temperature": 1, "from_a_newer_version": True}) == (
        GenerationParams(temperature=1.0)
    )
    with pytest.raises(FieldError, match="'max_tokens' should be a whole number"):
        decode(GenerationParams, {"max_tokens": "many"})
    with pytest.raises(FieldError, match="'stop' should be text"):
        decode(GenerationParams, {"stop": [["nested"]]})
    with pytest.raises(FieldError, match="'role' should be one of"):
        decode(Message, {"id": "m", "conversation_id": "c", "role": "wizard", "content": ""})
    with pytest.raises(MissingFieldError, match="'id' is missing"):
        decode(Message, {"conversation_id": "c", "role": "user", "content": ""})
    numbered = {"id": 7, "conversation_id": "c", "role": "user", "content": ""}
    assert decode(Message, numbered).id == "7"
    assert decode(Usage, {"prompt_tokens": 1}) == Usage(1, 0, 0)
    # null where the field cannot be null: its default (older exports wrote these)
    bare = {"id": "m", "conversation_id": "c", "role": "user", "content": "", "created_at": 1.0}
    assert decode(Message, {**bare, "tool_calls": None, "status": None}) == decode(Message, bare)
    assert decode(GenerationParams, {"top_p": math.nan}).top_p == 0.0


def test_a_row_from_a_newer_version_still_reads() -> None:
    """Before the codec, an unknown parameter in a row raised TypeError on every read."""
    newer = json.dumps({"temperature": 0.5, "top_a_from_the_future": 0.1})
    assert params_from_json(newer) == GenerationParams(temperature=0.5)
    assert params_from_json('{"temperature": "hot"}') == GenerationParams()  # kept readable
    params = GenerationParams(seed=3, stop=("x",))
    assert params_from_json(params_to_json(params)) == params
    assert tool_calls_from_json('[{"id": "t", "name": "n", "arguments": "{}"}]') == (
        ToolCall("t", "n", "{}"),
    )
    assert decode_many(ToolCall, [], "tool_calls") == ()


def test_settings_use_the_same_codec_for_their_parameters() -> None:
    settings = Settings(default_params=GenerationParams(temperature=0.7, stop=("END",)))
    data = json.loads(json.dumps(settings_to_dict(settings)))
    assert settings_from_dict(data).default_params == settings.default_params
    data["default_params"]["temperature"] = "hot"  # hand-edited: the defaults, not "hot"
    assert settings_from_dict(data).default_params == GenerationParams()
