"""A chat service with tools over the real fake chat server and the real MCP test server.

The sink plays the user: it answers consent and approval requests from a
script and records what it was shown, so a test asserts what a person would
have seen (the command line, the arguments) and what reached the model.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from desktop_app.api.client import ChatClient, ClientConfig
from desktop_app.core.events import TurnEvent
from desktop_app.core.models import Message
from desktop_app.core.tools import ServerConfig
from desktop_app.services.chat_service import ChatService, TurnDefaults
from desktop_app.services.tool_loop import (
    Approval,
    ApprovalRequest,
    ConsentRequest,
    Decision,
    ToolLoop,
)
from desktop_app.services.tool_service import ToolService
from desktop_app.store.conversations import SqliteConversationStore
from desktop_app.store.tool_config import ToolConfigFile
from desktop_app.tools.manager import McpManager
from tests.fakeserver.harness import FakeServer
from tests.unit.services.test_settings_service import DictSecrets

ROOT = Path(__file__).resolve().parents[2]


def notes_config(name: str = "notes", description: str | None = None) -> ServerConfig:
    env = (("PYTHONPATH", None),) + ((("MCP_TEST_DESCRIPTION", None),) if description else ())
    return ServerConfig(name, sys.executable, ("-m", "tests.mcpserver"), env=env)


def notes_env(description: str | None = None, log: Path | None = None) -> dict[str, str]:
    env = {"PYTHONPATH": str(ROOT)}
    if description:
        env["MCP_TEST_DESCRIPTION"] = description
    if log is not None:
        env["MCP_TEST_LOG"] = str(log)
    return env


@dataclass
class PlayedUser:
    """The sink of every turn: answers from the script, remembers what it saw."""

    consent: bool = True
    decide: Callable[[ApprovalRequest], Approval] = lambda r: Approval(Decision.RUN_ONCE)
    consents: list[ConsentRequest] = field(default_factory=list)
    approvals: list[ApprovalRequest] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    added: list[Message] = field(default_factory=list)
    approval_waiting: asyncio.Event = field(default_factory=asyncio.Event)
    hold: asyncio.Future[Approval] | None = None

    async def consent_server(self, request: ConsentRequest) -> bool:
        self.consents.append(request)
        return self.consent

    async def approve_tool(self, request: ApprovalRequest) -> Approval:
        self.approvals.append(request)
        self.approval_waiting.set()
        if self.hold is not None:
            return await self.hold
        return self.decide(request)

    def tool_notice(self, conversation_id: str, text: str) -> None:
        self.notices.append(text)

    def message_added(self, message: Message) -> None:
        self.added.append(message)

    def message_removed(self, message_id: str) -> None:
        pass

    def turn_event(self, message_id: str, event: TurnEvent) -> None:
        pass


class ToolChat:
    """ChatService + ToolLoop + ToolService + McpManager, as the container wires them."""

    def __init__(
        self, server: FakeServer, store: SqliteConversationStore, folder: Path, key: str
    ) -> None:
        self.secrets = DictSecrets()
        self.config = ToolConfigFile(folder / "tools.json")
        self.manager = McpManager()
        self.tools = ToolService(self.config, self.secrets, lambda: self.manager)
        self.images = folder / "tool-images"
        self.round_limit = 10
        self.loop = ToolLoop(
            self.tools,
            store,
            round_limit=lambda: self.round_limit,
            timeout=lambda: 20.0,
            save_image=self._save_image,
        )
        self.client = ChatClient(ClientConfig(base_url=server.root_url, api_key=key))
        self.chat = ChatService(
            store, self.client, lambda: TurnDefaults(model="fake-model"), tools=self.loop
        )
        self.store = store

    def _save_image(self, message_id: str, index: int, mime: str, data: bytes) -> str:
        self.images.mkdir(parents=True, exist_ok=True)
        path = self.images / f"{message_id}-{index}.png"
        path.write_bytes(data)
        return str(path)

    def add_notes(self, description: str | None = None, log: Path | None = None) -> None:
        self.tools.save_server(notes_config(description=description), notes_env(description, log))

    async def close(self) -> None:
        await self.tools.shutdown()
        await self.client.aclose()
