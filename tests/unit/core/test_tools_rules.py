"""The pure rules of tools: provider-safe names, the cap, fingerprints, the mcpServers format."""

from __future__ import annotations

import re

import pytest

from desktop_app.core.conversation import request_messages
from desktop_app.core.errors import ConfigError
from desktop_app.core.models import Message, Role, ToolCall
from desktop_app.core.tools import (
    ServerConfig,
    ToolSpec,
    build_offer,
    launch_fingerprint,
    wire_name,
)
from desktop_app.core.tools_import import parse_mcp_servers

SAFE = re.compile(r"^[a-zA-Z0-9_-]{1,64}$")


def test_names_are_namespaced_safe_short_and_distinct() -> None:
    assert wire_name("notes", "add") == "notes__add"
    assert wire_name("My Notes (work)", "read.note") == "My_Notes_work__read_note"
    long_a = wire_name("s" * 50, "tool_with_a_long_name_" + "a" * 30)
    long_b = wire_name("s" * 50, "tool_with_a_long_name_" + "b" * 30)
    assert SAFE.match(long_a) and SAFE.match(long_b) and long_a != long_b
    assert wire_name("notes", "add", ["notes__add"]) == "notes__add_2"


def test_too_many_tools_are_capped_and_counted() -> None:
    specs = [ToolSpec("big", f"t{i}", "") for i in range(70)]
    offer = build_offer(specs, limit=64)
    assert len(offer.tools) == 64 and offer.left_out == 6
    definition = offer.tools[0].definition()
    assert definition["function"]["parameters"] == {"type": "object", "properties": {}}


def test_a_changed_description_or_schema_changes_the_fingerprint() -> None:
    base = ToolSpec("notes", "add", "Add.", {"type": "object"})
    assert base.fingerprint() == ToolSpec("notes", "add", "Add.", {"type": "object"}).fingerprint()
    assert base.fingerprint() != ToolSpec("notes", "add", "Add!", {"type": "object"}).fingerprint()
    assert base.fingerprint() != ToolSpec("notes", "add", "Add.", {"type": "array"}).fingerprint()


def test_any_change_of_the_launch_changes_what_was_consented() -> None:
    config = ServerConfig("n", "npx", ("-y", "pkg"), env=(("TOKEN", None),))
    same = launch_fingerprint(config, {"TOKEN": "a"})
    assert same == launch_fingerprint(config, {"TOKEN": "a"})
    assert same != launch_fingerprint(config, {"TOKEN": "b"})
    assert same != launch_fingerprint(ServerConfig("n", "npx", ("-y", "other")), {})
    assert config.command_line() == "npx -y pkg"
    assert ServerConfig("n", "python", ("my script.py",)).command_line() == "python 'my script.py'"


def test_claude_desktop_config_is_read_and_junk_is_refused() -> None:
    servers = parse_mcp_servers(
        '{"mcpServers": {"fs": {"command": "npx", "args": ["-y", "x"], "env": {"K": "v"}},'
        ' "web": {"url": "https://h/mcp"}, "bad": {"url": "file:///etc"}, "x": 3}}'
    )
    assert [s.config.name for s in servers] == ["fs", "web"]
    assert servers[0].env_values == {"K": "v"} and servers[0].config.env == (("K", None),)
    with pytest.raises(ConfigError):
        parse_mcp_servers("[1, 2]")
    with pytest.raises(ConfigError):
        parse_mcp_servers("not json")


def test_results_pair_with_their_call_ids_even_out_of_order() -> None:
    calls = (ToolCall("c1", "a", "{}"), ToolCall("c2", "b", "{}"))
    path = [
        Message("u", "c", Role.USER, "hi"),
        Message("q", "c", Role.ASSISTANT, "", tool_calls=calls),
        Message("t2", "c", Role.TOOL, "B", tool_call_id="c2"),
        Message("t1", "c", Role.TOOL, "A", tool_call_id="c1"),
    ]
    sent = request_messages(path)
    assert [(m.content, m.tool_call_id) for m in sent[2:]] == [("B", "c2"), ("A", "c1")]
