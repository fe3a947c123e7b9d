"""Schema v5: a ``tool`` row keeps the call it answers and what ran, from a v2 history on."""

from __future__ import annotations

import shutil
from pathlib import Path

from desktop_app.core.models import Message, MessageStatus, Role, ToolCall
from desktop_app.core.tools import ToolInfo
from desktop_app.store.conversations import open_database
from desktop_app.store.migrations import LATEST_VERSION, MIGRATIONS

FIXTURE_V2 = Path(__file__).parents[2] / "fixtures" / "history-v2.sqlite3"


def test_v2_history_migrates_to_v5_and_stores_tool_rows(tmp_path: Path) -> None:
    assert LATEST_VERSION >= 5 and {3, 4, 5} <= MIGRATIONS.keys()
    path = tmp_path / "history.sqlite3"
    shutil.copy(FIXTURE_V2, path)
    store, _ = open_database(path, backups_dir=tmp_path / "backups")
    try:
        old = store.get_message("m-a1")
        assert old is not None and old.tool_call_id is None and old.tool_info is None
        call = ToolCall("call_1", "notes__add", '{"a": 2, "b": 3}')
        ask = Message(
            "q", old.conversation_id, Role.ASSISTANT, "", parent_id="m-a1", tool_calls=(call,)
        )
        info = ToolInfo("notes", "add", '{"a": 2, "b": 3}', images=("/x/1.png",))
        answer = Message(
            "t",
            old.conversation_id,
            Role.TOOL,
            "5 apples",
            parent_id="q",
            status=MessageStatus.COMPLETE,
            tool_call_id="call_1",
            tool_info=info,
        )
        store.add_message(ask)
        store.add_message(answer)
    finally:
        store.close()
    store, _ = open_database(path)
    try:
        again = store.get_message("t")
        assert again is not None and again.tool_call_id == "call_1" and again.tool_info == info
        assert [h.message_id for h in store.search("apples")] == ["t"]  # results are searchable
    finally:
        store.close()
