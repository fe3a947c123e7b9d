"""Export/import: our JSON round-trips exactly; ChatGPT exports keep every branch."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from desktop_app.core.models import (
    Conversation,
    FinishReason,
    GenerationParams,
    Message,
    MessageStatus,
    Role,
    ToolCall,
    Usage,
)
from desktop_app.services import transfer
from desktop_app.store.conversations import SqliteConversationStore, open_database


def _open(path: Path) -> SqliteConversationStore:
    return open_database(path)[0]


@pytest.fixture
def source(tmp_path: Path) -> Iterator[SqliteConversationStore]:
    store = _open(tmp_path / "src.sqlite3")
    conv = Conversation(
        id="c1",
        title="Branches 分支",
        created_at=100.5,
        updated_at=200.25,
        pinned=True,
        folder="work",
        model="gpt-x",
        system_prompt="Be brief.",
        params=GenerationParams(temperature=0.3, stop=("###",), max_tokens=99),
        profile="work-profile",
    )
    store.save_conversation(conv)
    msgs = [
        Message("u1", "c1", Role.USER, "Question?", created_at=101.0),
        Message("a1", "c1", Role.ASSISTANT, "First try", "u1", MessageStatus.CANCELLED,
                created_at=102.0),
        Message("a2", "c1", Role.ASSISTANT, "Second try", "u1", MessageStatus.COMPLETE,
                FinishReason.LENGTH, None, "gpt-x", Usage(5, 6, 11),
                (ToolCall("t1", "calc", '{"x": 1}'),), 103.0, 12.5, 99.0),
        Message("a3", "c1", Role.ASSISTANT, "Oops", "u1", MessageStatus.ERROR,
                error="Server error", created_at=104.0),
    ]  # fmt: skip
    for m in msgs:
        store.add_message(m)
    store.set_current_leaf("c1", "a2")
    yield store
    store.close()


def test_json_round_trip_is_exact(source: SqliteConversationStore, tmp_path: Path) -> None:
    exported = json.loads(json.dumps(transfer.export_json(source, ["c1"])))
    target = _open(tmp_path / "dst.sqlite3")
    try:
        assert transfer.import_data(target, exported) == transfer.ImportResult(1, 0)
        assert target.get_conversation("c1") == source.get_conversation("c1")
        assert target.conversation_messages("c1") == source.conversation_messages("c1")
        again = transfer.import_data(target, exported)
        assert again == transfer.ImportResult(0, 1)
        assert len(target.conversation_messages("c1")) == 4
    finally:
        target.close()


def test_markdown_shows_the_current_branch_and_mentions_the_others(
    source: SqliteConversationStore,
) -> None:
    text = transfer.export_markdown(source, "c1")
    assert text.startswith("# Branches 分支\n")
    assert "Question?" in text and "Second try" in text and "First try" not in text
    assert "2 message(s) on other branches" in text
    assert "**System prompt:** Be brief." in text
    assert transfer.markdown_filename(source, "c1") == "branches-分支-c1.md"


def test_exports_never_contain_a_key(source: SqliteConversationStore) -> None:
    # Profiles are exported by id; the key lives in the keyring and nowhere here.
    blob = json.dumps(transfer.export_json(source, ["c1"])) + transfer.export_markdown(source, "c1")
    assert "work-profile" in blob
    assert "api_key" not in blob and "sk-" not in blob


def _node(nid: str, parent: str | None, children: list[str], msg: Any) -> dict[str, Any]:
    return {"id": nid, "parent": parent, "children": children, "message": msg}


def _msg(nid: str, role: str, text: str, t: float, **meta: Any) -> dict[str, Any]:
    return {
        "id": nid,
        "author": {"role": role},
        "content": {"content_type": "text", "parts": [text]},
        "create_time": t,
        "status": "finished_successfully",
        "metadata": meta,
    }


CHATGPT_EXPORT = [
    {
        "title": "Pasta",
        "create_time": 1700000000.0,
        "update_time": 1700000500.0,
        "conversation_id": "chatgpt-conv-1",
        "current_node": "n4",
        "mapping": {
            "root": _node("root", None, ["sys"], None),
            "sys": _node("sys", "root", ["n1"], _msg("sys", "system", "", 1.0)),
            "n1": _node("n1", "sys", ["n2", "n3"], _msg("n1", "user", "How long?", 1700000001.0)),
            "n2": _node("n2", "n1", [], _msg("n2", "assistant", "8 minutes", 1700000002.0)),
            "n3": _node(
                "n3", "n1", ["n4"],
                _msg("n3", "assistant", "10 minutes", 1700000003.0, model_slug="gpt-4o",
                     finish_details={"type": "stop"}),
            ),
            "n4": _node("n4", "n3", [], _msg("n4", "user", "Thanks!", 1700000004.0)),
        },
    },
    {"title": "not a conversation"},
]  # fmt: skip


def test_chatgpt_export_keeps_every_branch_and_the_current_one(
    tmp_path: Path, source: SqliteConversationStore
) -> None:
    path = tmp_path / "conversations.json"
    path.write_text(json.dumps(CHATGPT_EXPORT), encoding="utf-8")
    assert transfer.import_file(source, path) == transfer.ImportResult(1, 0)
    conv = source.get_conversation("chatgpt-conv-1")
    assert conv is not None and conv.title == "Pasta" and conv.current_leaf_id == "n4"
    path_texts = [m.content for m in source.branch_path("n4")]
    assert path_texts == ["How long?", "10 minutes", "Thanks!"]  # hidden system node dropped
    assert [m.content for m in source.siblings("n3")] == ["8 minutes", "10 minutes"]
    reply = source.get_message("n3")
    assert (
        reply is not None and reply.model == "gpt-4o" and reply.finish_reason is FinishReason.STOP
    )
    assert transfer.import_file(source, path) == transfer.ImportResult(0, 1)


def test_unknown_files_are_refused_with_a_reason(
    tmp_path: Path, source: SqliteConversationStore
) -> None:
    path = tmp_path / "x.json"
    path.write_text('{"hello": 1}', encoding="utf-8")
    with pytest.raises(ValueError, match="not an Afarensis Chat export"):
        transfer.import_file(source, path)
    path.write_text("garbage", encoding="utf-8")
    with pytest.raises(ValueError, match="not a JSON file"):
        transfer.import_file(source, path)


def test_tool_calls_and_results_round_trip_without_image_paths(tmp_path: Path) -> None:
    """Additive fields (issue 16): ``tool_call_id`` and ``tool_info``; images stay local."""
    from desktop_app.core.models import ToolCall
    from desktop_app.core.tools import ToolInfo
    from desktop_app.services.transfer import message_from_dict, message_to_dict

    call = ToolCall("call_1", "notes__add", '{"a": 2}')
    asked = Message("q", "c", Role.ASSISTANT, "", tool_calls=(call,))
    info = ToolInfo("notes", "add", '{"a": 2}', images=("/home/me/secret.png",))
    answer = Message("t", "c", Role.TOOL, "5", parent_id="q", tool_call_id="call_1", tool_info=info)
    data = json.loads(json.dumps([message_to_dict(asked), message_to_dict(answer)]))
    assert data[1]["tool_call_id"] == "call_1"
    assert data[1]["tool_info"]["server"] == "notes" and data[1]["tool_info"]["tool"] == "add"
    assert data[1]["tool_info"]["images"] == ["secret.png"]  # the export shows no folder
    back = message_from_dict(data[1])
    assert back.tool_call_id == "call_1" and back.tool_info is not None
    assert back.tool_info.arguments == '{"a": 2}' and back.tool_info.images == ()
    assert message_from_dict(data[0]).tool_calls == (call,)
