"""Search finds a conversation by a tool call's name or arguments, and by a tool's result.

Also on a history written before the calls had an index (the v2 fixture, and
a current file whose index was dropped as an older release left it): it is
built on open, with the calls already stored, and kept by triggers after.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from desktop_app.core.history import SearchFilters
from desktop_app.core.models import Message, MessageStatus, Role, ToolCall
from desktop_app.core.tools import ToolInfo
from desktop_app.store.conversations import SqliteConversationStore, open_database
from desktop_app.store.migrations import ensure_search_index
from tests.unit.store.conftest import make_conversation

FIXTURE_V2 = Path(__file__).parents[2] / "fixtures" / "history-v2.sqlite3"


def _add_tool_turn(store: SqliteConversationStore, conversation_id: str, parent: str) -> None:
    call = ToolCall("call_1", "weather__forecast", '{"city": "Reykjavík", "区": "北京"}')
    ask = Message(
        "ask",
        conversation_id,
        Role.ASSISTANT,
        "",
        parent_id=parent,
        status=MessageStatus.COMPLETE,
        tool_calls=(call,),
    )
    result = Message(
        "result",
        conversation_id,
        Role.TOOL,
        "Sleet and gale-force winds",
        parent_id="ask",
        status=MessageStatus.COMPLETE,
        tool_call_id="call_1",
        tool_info=ToolInfo("weather", "forecast", call.arguments),
    )
    store.add_message(ask)
    store.add_message(result)


def _found(store: SqliteConversationStore, query: str, **filters: object) -> list[str | None]:
    return [h.message_id for h in store.search(query, SearchFilters(**filters))]  # type: ignore[arg-type]


@pytest.mark.parametrize("fts", [True, False])
def test_a_word_in_a_call_or_its_result_finds_the_conversation(tmp_path: Path, fts: bool) -> None:
    store, _ = open_database(tmp_path / "h.sqlite3", fts=fts)
    try:
        conversation = make_conversation(store, "Trip")
        store.add_message(Message("q", conversation.id, Role.USER, "what to pack?"))
        _add_tool_turn(store, conversation.id, "q")
        hits = store.search("Reykjavík")
        assert [h.message_id for h in hits] == ["ask"]
        assert hits[0].conversation_id == conversation.id
        snippet = "".join(text for text, _ in hits[0].snippet)
        assert "weather__forecast" in snippet and "Reykjavík" in snippet  # the call, readable
        assert _found(store, "北京") == ["ask"]  # stored escaped, found as typed
        assert _found(store, "forecast") == ["ask"]
        assert _found(store, "gale-force") == ["result"]
        assert _found(store, "Reykjavík", roles=(Role.USER,)) == []
        store.delete_message("result")
        store.delete_message("ask")
        assert _found(store, "Reykjavík") == []
    finally:
        store.close()


def test_an_older_history_gets_the_index_on_open_and_keeps_it(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    shutil.copy(FIXTURE_V2, path)
    store, _ = open_database(path, backups_dir=tmp_path / "backups")
    try:
        old = store.get_message("m-a1")
        assert old is not None
        _add_tool_turn(store, old.conversation_id, "m-a1")
    finally:
        store.close()
    # As a release before this index left the file: calls stored, no index.
    conn = sqlite3.connect(path)
    for name in ("tool_calls_fts_insert", "tool_calls_fts_delete", "tool_calls_fts_update"):
        conn.execute(f"DROP TRIGGER {name}")
    conn.execute("DROP TABLE tool_calls_fts")
    conn.commit()
    conn.close()
    store, _ = open_database(path)
    try:
        assert _found(store, "Reykjavík") == ["ask"]  # filled from what was stored
        assert _found(store, "Sleet") == ["result"]
    finally:
        store.close()
    conn = sqlite3.connect(path)
    try:
        ensure_search_index(conn)  # idempotent: a second open adds nothing
        count = conn.execute("SELECT count(*) FROM tool_calls_fts").fetchone()[0]
        assert count == 1
    finally:
        conn.close()
