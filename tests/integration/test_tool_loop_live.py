"""The tool loop end to end: fake chat server → approval → real MCP call → answer.

Every test runs the real fake chat server and the real stdio MCP server
(tests/mcpserver, written with the SDK), and a played user for the approvals.
"""

from __future__ import annotations

import asyncio
import json
import sys
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any

import psutil
import pytest

from desktop_app.core.models import Message, MessageStatus, Role
from desktop_app.services.tool_loop import Approval, Decision
from desktop_app.store.conversations import SqliteConversationStore
from tests.fakeserver.harness import FakeServer
from tests.integration.conftest import TEST_KEY
from tests.integration.tool_harness import ROOT, PlayedUser, ToolChat

pytestmark = pytest.mark.integration


def _run(make: Callable[[ToolChat], Coroutine[Any, Any, None]], chat: ToolChat) -> None:
    async def main() -> None:
        try:
            await make(chat)
        finally:
            await chat.close()

    asyncio.run(main())


@pytest.fixture
def chat(fake_server: FakeServer, store: SqliteConversationStore, tmp_path: Path) -> ToolChat:
    return ToolChat(fake_server, store, tmp_path, TEST_KEY)


def _branch(chat: ToolChat, conversation_id: str) -> list[Message]:
    conversation = chat.store.get_conversation(conversation_id)
    assert conversation is not None and conversation.current_leaf_id
    return chat.store.branch_path(conversation.current_leaf_id)


def _chat_bodies(server: FakeServer) -> list[dict[str, Any]]:
    return [r["body"] for r in server.requests() if r["path"].endswith("/chat/completions")]


def test_approved_call_runs_and_its_result_reaches_the_model(
    chat: ToolChat, fake_server: FakeServer
) -> None:
    user = PlayedUser()

    async def main(c: ToolChat) -> None:
        c.add_notes()
        conversation = c.chat.new_conversation()
        await c.chat.send(conversation.id, "What is 2+3? [call:add]", user)
        path = _branch(c, conversation.id)
        assert [m.role for m in path] == [Role.USER, Role.ASSISTANT, Role.TOOL, Role.ASSISTANT]
        call = path[1].tool_calls[0]
        assert path[2].tool_call_id == call.id and path[2].content == "5"
        assert path[2].tool_info is not None and path[2].tool_info.server == "notes"
        assert path[3].content == "The tool said: 5"

    _run(main, chat)
    consent = user.consents[0]
    assert consent.server == "notes" and "-m tests.mcpserver" in consent.command_line
    assert consent.env_names == ("PYTHONPATH",)
    approval = user.approvals[0]
    assert approval.tool.name == "add" and approval.tool.server == "notes"
    assert json.loads(approval.arguments) == {"a": 2, "b": 3}
    first, second = _chat_bodies(fake_server)
    names = [t["function"]["name"] for t in first["tools"]]
    assert "notes__add" in names and all(len(n) <= 64 for n in names)
    sent = second["messages"]
    assert sent[-2]["role"] == "assistant" and sent[-2]["tool_calls"][0]["function"]["name"] == (
        "notes__add"
    )
    assert sent[-1] == {
        "role": "tool",
        "content": "5",
        "tool_call_id": sent[-2]["tool_calls"][0]["id"],
    }


def test_parallel_calls_are_each_approved_run_and_answered_in_order(
    chat: ToolChat, fake_server: FakeServer
) -> None:
    user = PlayedUser()

    async def main(c: ToolChat) -> None:
        c.add_notes()
        conversation = c.chat.new_conversation()
        await c.chat.send(conversation.id, "Both [call:add+read_note]", user)
        path = _branch(c, conversation.id)
        assert [m.role for m in path][-3:] == [Role.TOOL, Role.TOOL, Role.ASSISTANT]
        assert path[-1].content.startswith("The tool said: 5 | Note groceries")

    _run(main, chat)
    assert [a.tool.name for a in user.approvals] == ["add", "read_note"]
    sent = _chat_bodies(fake_server)[-1]["messages"]
    ids = [c["id"] for c in sent[-3]["tool_calls"]]
    assert [m.get("tool_call_id") for m in sent[-2:]] == ids


def test_a_denied_call_runs_nothing_and_the_model_is_told(chat: ToolChat, tmp_path: Path) -> None:
    log = tmp_path / "mcp.log"
    user = PlayedUser(decide=lambda r: Approval(Decision.DENY))

    async def main(c: ToolChat) -> None:
        c.add_notes(log=log)
        conversation = c.chat.new_conversation()
        await c.chat.send(conversation.id, "[call:add]", user)
        path = _branch(c, conversation.id)
        assert path[2].status is MessageStatus.ERROR and "denied" in path[2].content
        assert "denied" in path[3].content

    _run(main, chat)
    assert not log.exists() or "add" not in log.read_text()


def test_edited_arguments_are_the_ones_that_run(chat: ToolChat) -> None:
    user = PlayedUser(decide=lambda r: Approval(Decision.RUN_ONCE, '{"a": 40, "b": 2}'))

    async def main(c: ToolChat) -> None:
        c.add_notes()
        conversation = c.chat.new_conversation()
        await c.chat.send(conversation.id, "[call:add]", user)
        assert _branch(c, conversation.id)[2].content == "42"

    _run(main, chat)


def test_grants_stick_per_chat_everywhere_and_can_be_revoked(chat: ToolChat) -> None:
    user = PlayedUser(decide=lambda r: Approval(Decision.ALLOW_CHAT))

    async def main(c: ToolChat) -> None:
        c.add_notes()
        one = c.chat.new_conversation()
        await c.chat.send(one.id, "[call:add]", user)
        await c.chat.send(one.id, "again [call:add]", user)
        assert len(user.approvals) == 1  # granted in this chat: not asked again
        two = c.chat.new_conversation()
        user.decide = lambda r: Approval(Decision.ALLOW_ALWAYS)
        await c.chat.send(two.id, "[call:add]", user)
        assert len(user.approvals) == 2  # another chat asks
        three = c.chat.new_conversation()
        await c.chat.send(three.id, "[call:add]", user)
        assert len(user.approvals) == 2  # allowed everywhere
        for grant in c.tools.grants():
            c.tools.revoke(grant)
        user.decide = lambda r: Approval(Decision.RUN_ONCE)
        await c.chat.send(three.id, "once more [call:add]", user)
        assert len(user.approvals) == 3  # revoked: asks again
        assert _branch(c, three.id)[-1].content == "The tool said: 5"

    _run(main, chat)


def test_a_changed_description_asks_again_and_so_does_the_changed_launch(chat: ToolChat) -> None:
    user = PlayedUser(decide=lambda r: Approval(Decision.ALLOW_ALWAYS))

    async def main(c: ToolChat) -> None:
        c.add_notes(description="Adds two numbers.")
        conversation = c.chat.new_conversation()
        await c.chat.send(conversation.id, "[call:add]", user)
        await c.chat.send(conversation.id, "[call:add]", user)
        assert (len(user.consents), len(user.approvals)) == (1, 1)
        c.add_notes(description="Adds two numbers and mails them to a stranger.")
        await c.chat.send(conversation.id, "[call:add]", user)
        assert len(user.consents) == 2  # env changed: the launch is asked again
        assert len(user.approvals) == 2  # description changed: the grant no longer covers it
        assert "stranger" in user.approvals[-1].tool.description

    _run(main, chat)


def test_refused_consent_starts_no_process_and_offers_no_tools(
    chat: ToolChat, fake_server: FakeServer
) -> None:
    user = PlayedUser(consent=False)
    before = {p.pid for p in psutil.Process().children(recursive=True)}

    async def main(c: ToolChat) -> None:
        c.add_notes()
        conversation = c.chat.new_conversation()
        await c.chat.send(conversation.id, "[call:add]", user)
        after = {p.pid for p in psutil.Process().children(recursive=True)}
        assert after - before <= {fake_server.process.pid}  # type: ignore[union-attr]
        assert c.manager.running() == []

    _run(main, chat)
    assert 'The tool server "notes" was not started.' in user.notices
    assert "tools" not in _chat_bodies(fake_server)[0]


def test_an_imported_server_asks_before_its_first_start(chat: ToolChat, tmp_path: Path) -> None:
    user = PlayedUser(consent=False)
    imported = json.dumps(
        {
            "mcpServers": {
                "notes": {
                    "command": sys.executable,
                    "args": ["-m", "tests.mcpserver"],
                    "env": {"PYTHONPATH": str(ROOT), "NOTES_TOKEN": "s3cret-token"},
                }
            }
        }
    )

    async def main(c: ToolChat) -> None:
        c.add_notes()
        c.tools.consent(c.tools.servers()[0])  # consented once, then replaced by an import
        assert c.tools.import_text(imported) == ["notes"]
        assert c.manager.running() == []  # the import itself started nothing
        conversation = c.chat.new_conversation()
        await c.chat.send(conversation.id, "[call:add]", user)
        assert c.manager.running() == []

    _run(main, chat)
    assert [r.server for r in user.consents] == ["notes"]
    assert "PYTHONPATH" in user.consents[0].env_names
    assert chat.secrets.get_key("mcp:notes:env:PYTHONPATH")  # the value went to the keyring
    assert "s3cret-token" not in (tmp_path / "tools.json").read_text()  # nor into the file


def test_invalid_json_arguments_go_back_as_an_error_and_the_model_retries(
    chat: ToolChat, fake_server: FakeServer
) -> None:
    user = PlayedUser()

    async def main(c: ToolChat) -> None:
        c.add_notes()
        conversation = c.chat.new_conversation()
        await c.chat.send(conversation.id, "[call:add] [badargs]", user)
        path = _branch(c, conversation.id)
        assert path[2].status is MessageStatus.ERROR
        assert path[2].content.startswith("Error: the arguments were not valid JSON")
        assert path[-2].content == "5" and path[-1].content == "The tool said: 5"

    _run(main, chat)
    assert len(user.approvals) == 1  # the broken call was never offered for approval


def test_a_crashing_server_is_a_sentence_and_the_chat_goes_on(chat: ToolChat) -> None:
    user = PlayedUser()

    async def main(c: ToolChat) -> None:
        c.add_notes()
        conversation = c.chat.new_conversation()
        await c.chat.send(conversation.id, "[call:crash]", user)
        path = _branch(c, conversation.id)
        assert 'The tool server "notes" stopped while running "crash"' in path[2].content
        assert path[3].content.startswith("The tool said: The tool server")
        await c.chat.send(conversation.id, "[call:add]", user)  # started again
        assert _branch(c, conversation.id)[-1].content == "The tool said: 5"

    _run(main, chat)


def test_a_tool_error_and_an_image_are_stored_for_their_cards(chat: ToolChat) -> None:
    user = PlayedUser()

    async def main(c: ToolChat) -> None:
        c.add_notes()
        conversation = c.chat.new_conversation()
        await c.chat.send(conversation.id, "[call:fail+image]", user)
        failed, picture = _branch(c, conversation.id)[2:4]
        assert failed.status is MessageStatus.ERROR and "offline" in failed.content
        assert picture.tool_info is not None and len(picture.tool_info.images) == 1
        images.extend(picture.tool_info.images)

    images: list[str] = []
    _run(main, chat)
    assert Path(images[0]).read_bytes().startswith(b"\x89PNG")  # a local file, never a URL


def test_stop_mid_call_cancels_it_tells_the_server_and_leaves_a_valid_history(
    chat: ToolChat, fake_server: FakeServer, tmp_path: Path
) -> None:
    log = tmp_path / "mcp.log"
    user = PlayedUser()

    async def main(c: ToolChat) -> None:
        c.add_notes(log=log)
        conversation = c.chat.new_conversation()
        turn = asyncio.create_task(c.chat.send(conversation.id, "[call:slow]", user))
        while not (log.exists() and "slow started" in log.read_text()):  # noqa: ASYNC110
            await asyncio.sleep(0.02)
        turn.cancel()
        with pytest.raises(asyncio.CancelledError):
            await turn
        path = _branch(c, conversation.id)
        assert path[-1].role is Role.TOOL and "stopped" in path[-1].content
        while "slow cancelled" not in log.read_text():  # noqa: ASYNC110
            await asyncio.sleep(0.02)
        await c.chat.send(conversation.id, "hello", user)  # the next request is valid

    _run(main, chat)
    last = _chat_bodies(fake_server)[-1]["messages"]
    assert last[-3]["role"] == "assistant" and last[-2]["role"] == "tool"


def test_the_round_limit_stops_the_loop_with_a_notice(chat: ToolChat) -> None:
    user = PlayedUser()

    async def main(c: ToolChat) -> None:
        c.add_notes()
        c.round_limit = 1
        conversation = c.chat.new_conversation()
        await c.chat.send(conversation.id, "[call:add] [badargs]", user)
        path = _branch(c, conversation.id)
        assert path[-1].role is Role.ASSISTANT and path[-1].tool_calls  # not answered

    _run(main, chat)
    assert any("Stopped after 1 rounds" in n for n in user.notices)


def test_a_legacy_function_call_is_shown_not_run(chat: ToolChat, fake_server: FakeServer) -> None:
    user = PlayedUser()

    async def main(c: ToolChat) -> None:
        c.add_notes()
        conversation = c.chat.new_conversation()
        await c.chat.send(conversation.id, "[function]", user)
        await c.chat.send(conversation.id, "and now?", user)

    _run(main, chat)
    assert user.approvals == []
    last = _chat_bodies(fake_server)[-1]["messages"]
    assert all("tool_calls" not in m for m in last)  # unanswered legacy call: not sent
