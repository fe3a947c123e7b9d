"""Servers on per chat or everywhere, and the last guard: no launch without consent."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from desktop_app.core.errors import ConfigError
from desktop_app.core.tools import ServerConfig
from desktop_app.services.tool_service import ToolService
from desktop_app.store.tool_config import ToolConfigFile
from tests.unit.services.test_settings_service import DictSecrets


class NoHost:
    """A host that fails the test if anything reaches it."""

    built = 0

    def __init__(self) -> None:
        NoHost.built += 1


def _service(tmp_path: Path) -> ToolService:
    return ToolService(ToolConfigFile(tmp_path / "tools.json"), DictSecrets(), NoHost)  # type: ignore[arg-type]


def test_a_server_can_be_on_in_one_chat_only(tmp_path: Path) -> None:
    tools = _service(tmp_path)
    tools.save_server(ServerConfig("notes", "python", ("-m", "x"), enabled=False))
    assert tools.enabled_servers("chat-1") == []
    tools.set_enabled("notes", True, "chat-1")
    assert [s.name for s in tools.enabled_servers("chat-1")] == ["notes"]
    assert tools.enabled_servers("chat-2") == [] and tools.enabled_servers(None) == []
    tools.set_enabled("notes", True)
    assert [s.name for s in tools.enabled_servers("chat-2")] == ["notes"]


def test_nothing_reaches_the_host_without_consent_and_a_change_asks_again(tmp_path: Path) -> None:
    tools = _service(tmp_path)
    tools.save_server(ServerConfig("notes", "python", ("-m", "x")), {"TOKEN": "a"})
    server = tools.servers()[0]
    with pytest.raises(ConfigError, match="has not been allowed to start"):
        asyncio.run(tools.list_tools(server))
    assert NoHost.built == 0
    tools.consent(server)
    assert not tools.needs_consent(server)
    tools.save_server(server, {"TOKEN": "b"})  # a new secret value: a new launch
    assert tools.needs_consent(tools.servers()[0])
    tools.consent(tools.servers()[0])
    tools.save_server(ServerConfig("notes", "python", ("-m", "y"), env=server.env))
    assert tools.needs_consent(tools.servers()[0])
