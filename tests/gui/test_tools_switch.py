"""The composer's Tools button: a server switched on for one chat is offered there only.

The real window, presenter and controller (tests/gui/app_harness.py) over a
real history, the real tool loop and the real MCP test server on stdio; only
the chat server is scripted, so the test reads the ``tools`` each request
offered the model.
"""

from __future__ import annotations

import asyncio
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from desktop_app.core.models import ChatRequest
from desktop_app.core.tools import ServerConfig
from desktop_app.services.tool_loop import ToolLoop
from desktop_app.services.tool_service import ToolService
from desktop_app.store.conversations import SqliteConversationStore
from desktop_app.store.tool_config import ToolConfigFile
from desktop_app.tools.manager import McpManager
from desktop_app.ui.tools_switch import ToolsSwitch, connect_tools_switch
from tests.gui.app_harness import App, build_app
from tests.integration.tool_harness import notes_config, notes_env
from tests.unit.services.scripted_backend import ScriptedBackend, reply
from tests.unit.services.test_settings_service import DictSecrets


def _offered(request: ChatRequest) -> set[str]:
    return {tool["function"]["name"] for tool in request.tools}


def _send(app: App, text: str) -> None:
    app.window.composer.set_text(text)
    app.window.composer._send()
    app.idle()


def _tools(tmp_path: Path, store: SqliteConversationStore) -> tuple[ToolService, ToolLoop]:
    tools = ToolService(ToolConfigFile(tmp_path / "tools.json"), DictSecrets(), McpManager)
    server = replace(notes_config(), enabled=False)
    tools.save_server(server, notes_env())
    tools.consent(tools.server("notes") or server)  # the user said yes before (not tested here)
    loop = ToolLoop(
        tools,
        store,
        round_limit=lambda: 10,
        timeout=lambda: 20.0,
        save_image=lambda *_: "",
    )
    return tools, loop


def test_a_server_switched_on_for_one_chat_is_offered_there_only_and_stays_on(
    qtbot: QtBot, loop: asyncio.AbstractEventLoop, store: SqliteConversationStore, tmp_path: Path
) -> None:
    tools, tool_loop = _tools(tmp_path, store)
    backend = ScriptedBackend(*(reply(f"answer {n}") for n in range(5)))
    app = build_app(store, loop, backend, tools=tool_loop)
    qtbot.addWidget(app.window)
    switch = connect_tools_switch(app.window, app.controller, tools)
    try:
        assert switch.isVisible() and switch.text() == "Tools"
        assert [a.isEnabled() for a in switch.actions_for_chat()] == [False]  # no chat yet
        _send(app, "chat A, first")
        chat_a = app.controller.conversation_id
        assert chat_a is not None and not backend.requests[-1].tools

        # Reachable by Tab; its menu (opened with Space) lists "notes" for this chat.
        assert switch.focusPolicy() & Qt.FocusPolicy.TabFocus
        [in_chat] = switch.actions_for_chat()
        assert in_chat.isEnabled() and not in_chat.isChecked()
        in_chat.trigger()
        app.wait(lambda: switch.text() == "Tools (1)", "the button counts the server")

        _send(app, "chat A, with tools")
        assert {"notes__add", "notes__read_note"} <= _offered(backend.requests[-1])

        app.presenter.new_chat()
        _send(app, "chat B")
        assert app.controller.conversation_id != chat_a
        assert not backend.requests[-1].tools  # chat B was never switched on
        assert switch.text() == "Tools" and not switch.actions_for_chat()[0].isChecked()

        app.presenter.open(chat_a)
        app.idle()
        assert switch.text() == "Tools (1)" and switch.actions_for_chat()[0].isChecked()
        _send(app, "chat A again")
        assert {"notes__add"} <= _offered(backend.requests[-1])
    finally:
        loop.run_until_complete(tools.shutdown())


def test_the_button_hides_without_servers_and_says_when_one_is_on_everywhere(
    qtbot: QtBot, tmp_path: Path
) -> None:
    tools = ToolService(ToolConfigFile(tmp_path / "tools.json"), DictSecrets(), McpManager)
    row = QWidget()
    qtbot.addWidget(row)
    switch = ToolsSwitch(tools, lambda: "chat-1", row)
    row.show()
    assert not switch.isVisible()  # no server: nothing to choose
    tools.save_server(ServerConfig("notes", "python", ("-m", "x")))
    switch.refresh()
    assert switch.isVisible() and switch.text() == "Tools (1)"
    [in_chat] = switch.actions_for_chat()
    assert in_chat.isChecked() and not in_chat.isEnabled()
    assert in_chat.text() == "notes (on in every chat)"
    [everywhere] = switch.actions_everywhere()
    everywhere.trigger()  # off everywhere
    qtbot.waitUntil(lambda: switch.text() == "Tools")
    assert tools.enabled_servers("chat-1") == []
    assert switch.actions_for_chat()[0].isEnabled()
