"""The tool loop's notices come out in the user's language, with their values kept.

The loop and the MCP host are Qt-free and say English sentences made from
``core.tool_sentences``; the notice bar shows them through
``ui.error_strings.translate_error``. Here the real loop reaches its round
limit and the real host fails to start a command that does not exist, in
zh_CN, and the real notice bar shows Chinese naming the same number and
command.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from desktop_app.core.events import TurnFinished
from desktop_app.core.models import FinishReason, Message, Role, ToolCall
from desktop_app.core.tool_sentences import CALL_TIMEOUT, TEMPLATES, say
from desktop_app.core.tools import ServerConfig, ToolInfo, build_offer
from desktop_app.services.tool_loop import (
    Approval,
    ApprovalRequest,
    ConsentRequest,
    ToolLoop,
)
from desktop_app.services.tool_service import ToolService
from desktop_app.store.conversations import SqliteConversationStore
from desktop_app.store.tool_config import ToolConfigFile
from desktop_app.tools.manager import McpManager
from desktop_app.ui.chat_view import ChatView
from desktop_app.ui.error_strings import TOOL_SENTENCES, translate_error
from desktop_app.ui.notices import NoticeBar
from desktop_app.ui.tool_approval import ToolPrompter
from tests.gui.app_harness import build_app
from tests.gui.test_i18n import chinese  # noqa: F401 (the zh_CN translator, installed)
from tests.unit.services.test_settings_service import DictSecrets
from tests.unit.store.conftest import make_conversation


class WindowSink:
    """A turn's tool sink as the window has it: the real prompter, its notice bar."""

    def __init__(self, prompter: ToolPrompter) -> None:
        self._prompter = prompter

    async def consent_server(self, request: ConsentRequest) -> bool:
        raise AssertionError("consent was given before the test")

    async def approve_tool(self, request: ApprovalRequest) -> Approval:
        raise AssertionError("nothing is called here")

    def tool_notice(self, conversation_id: str, text: str) -> None:
        self._prompter.tool_notice(conversation_id, text)

    def message_added(self, message: Message) -> None:
        pass


def test_every_tool_sentence_is_listed_for_translators() -> None:
    assert set(map(str, TOOL_SENTENCES)) == set(TEMPLATES)


@pytest.mark.usefixtures("chinese")
def test_the_round_limit_and_a_missing_command_are_said_in_chinese(
    qtbot: QtBot,
    loop: asyncio.AbstractEventLoop,
    store: SqliteConversationStore,
    tmp_path: Path,
) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    bar = NoticeBar(window)
    window.show()  # a window on screen: an earlier test's closing last window must not quit
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
    sink = WindowSink(ToolPrompter(ChatView(window), bar, window))
    tools = ToolService(ToolConfigFile(tmp_path / "tools.json"), DictSecrets(), McpManager)
    tool_loop = ToolLoop(
        tools, store, round_limit=lambda: 3, timeout=lambda: 5.0, save_image=lambda *_: ""
    )
    reply = Message("r", "c", Role.ASSISTANT, "")
    calls = (ToolCall("call_1", "notes__add", "{}"),)
    finished = TurnFinished(FinishReason.TOOL_CALLS, calls)

    async def main() -> None:
        ended = await tool_loop.answer(reply, finished, build_offer([], 8), sink, rounds=3)
        assert ended is None
        assert bar.label.text() == "已在 3 轮工具调用后停止（上限可在“设置 → 工具”中修改）。"

        missing = ServerConfig("notes", "afarensis-no-such-command", ("--x",))
        tools.save_server(missing)
        tools.consent(missing)
        assert await tool_loop.offer("c", sink) is None  # nothing to offer: it never started
        assert bar.label.text() == (
            "工具服务器“notes”无法启动：找不到命令“afarensis-no-such-command”。"
            "请安装它，或在“设置 → 工具”中填写它的完整路径。"
        )
        await tools.shutdown()

    loop.run_until_complete(main())
    # A sentence that is not one of ours (a server's own words) is shown as it is.
    assert translate_error('The tool "x" said: nope') == 'The tool "x" said: nope'


@pytest.mark.usefixtures("chinese")
def test_a_calls_timeout_in_its_card_is_chinese_and_the_model_keeps_the_english(
    qtbot: QtBot, loop: asyncio.AbstractEventLoop, store: SqliteConversationStore
) -> None:
    conversation = make_conversation(store, "Notes")
    english = say(CALL_TIMEOUT, "slow", "notes", "60")
    calls = (ToolCall("call_1", "notes__slow", "{}"),)
    store.add_message(Message("q", conversation.id, Role.USER, "wait [call:slow]"))
    store.add_message(Message("r", conversation.id, Role.ASSISTANT, "", "q", tool_calls=calls))
    info = ToolInfo("notes", "slow", "{}", is_error=True)
    store.add_message(
        Message(
            "t", conversation.id, Role.TOOL, english, "r", tool_call_id="call_1", tool_info=info
        )
    )
    server_words = Message(
        "t2",
        conversation.id,
        Role.TOOL,
        "The tool said: disk quota exceeded",
        "t",
        tool_call_id="call_2",
        tool_info=info,
    )
    store.add_message(server_words)
    app = build_app(store, loop)
    qtbot.addWidget(app.window)
    app.presenter.open(conversation.id)
    app.idle()
    bodies = {card.message.id: card.body.toPlainText() for card in app.cards()}
    assert bodies["t"] == "“notes”的工具“slow”在 60 秒内没有回应，已被停止。"
    assert bodies["t2"] == "The tool said: disk quota exceeded"  # not ours: as it is
    stored = store.get_message("t")
    assert stored is not None and stored.content == english  # what the model is sent
