"""Thinking in exports, imports and search: kept apart from the answer everywhere."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from desktop_app.core.models import Conversation, Message, Role
from desktop_app.services import transfer
from desktop_app.services.history_service import HistoryService
from desktop_app.store.conversations import SqliteConversationStore
from tests.unit.services.test_transfer import _msg, _node, _open


def _thinking_chat(store: SqliteConversationStore) -> None:
    store.save_conversation(Conversation(id="c", title="Sums", created_at=1.0, updated_at=2.0))
    store.add_message(Message("u", "c", Role.USER, "What is 17 times 23?", created_at=1.0))
    store.add_message(
        Message(
            "a",
            "c",
            Role.ASSISTANT,
            "It is 391.",
            "u",
            created_at=2.0,
            reasoning="Seventeen twenty-threes: 340 plus 51.\n</details> sneaky",
            reasoning_ms=14_200.0,
        )
    )


def test_json_export_carries_reasoning_and_round_trips(tmp_path: Path) -> None:
    source = _open(tmp_path / "a.sqlite3")
    target = _open(tmp_path / "b.sqlite3")
    try:
        _thinking_chat(source)
        data = json.loads(json.dumps(transfer.export_json(source, ["c"])))
        user, reply = data["conversations"][0]["messages"]
        assert user["reasoning"] is None and user["reasoning_ms"] is None
        assert reply["reasoning"].startswith("Seventeen") and reply["reasoning_ms"] == 14_200.0
        assert reply["content"] == "It is 391."
        transfer.import_data(target, data)
        assert target.conversation_messages("c") == source.conversation_messages("c")
        # An export from before thinking was kept still imports, without it.
        for m in data["conversations"][0]["messages"]:
            del m["reasoning"], m["reasoning_ms"]
        data["conversations"][0]["id"] = "old"
        transfer.import_data(target, data)
        assert all(m.reasoning is None for m in target.conversation_messages("old"))
    finally:
        source.close()
        target.close()


def test_markdown_export_puts_thinking_in_details_or_a_quote(tmp_path: Path) -> None:
    store = _open(tmp_path / "a.sqlite3")
    try:
        _thinking_chat(store)
        details = transfer.export_markdown(store, "c")
        assert "<details><summary>Thought for 14 s</summary>" in details
        assert details.count("</details>") == 1  # the model's own tag cannot close it
        assert details.index("340 plus 51") < details.index("It is 391.")
        quoted = transfer.export_markdown(store, "c", reasoning="quote")
        assert "> **Thought for 14 s:**" in quoted and "> Seventeen" in quoted
        assert "<details>" not in quoted
    finally:
        store.close()


def test_search_finds_answers_and_thinking_only_when_asked(tmp_path: Path) -> None:
    store = _open(tmp_path / "a.sqlite3")
    try:
        _thinking_chat(store)
        history = HistoryService(store)
        assert [h.message_id for h in history.search("391")] == ["a"]
        assert history.search("twenty-threes") == []
        wide = history.search("twenty-threes", include_reasoning=True)
        assert [h.message_id for h in wide] == ["a"]
        assert any("twenty-threes" in text for text, hit in wide[0].snippet if hit)
    finally:
        store.close()


def _thoughts(nid: str, parent: str, child: str, text: str, seconds: int) -> dict[str, Any]:
    message = {
        "id": nid,
        "author": {"role": "assistant"},
        "content": {
            "content_type": "thoughts",
            "thoughts": [{"summary": "Multiplying", "content": text, "finished": True}],
        },
        "status": "finished_successfully",
        "metadata": {"finished_duration_sec": seconds},
    }
    return _node(nid, parent, [child], message)


def test_chatgpt_import_keeps_thoughts_as_the_answers_thinking(tmp_path: Path) -> None:
    recap = {
        "id": "r",
        "author": {"role": "assistant"},
        "content": {"content_type": "reasoning_recap", "content": "Thought for 9 seconds"},
        "status": "finished_successfully",
        "metadata": {},
    }
    export = [
        {
            "title": "o3 chat",
            "create_time": 1.0,
            "conversation_id": "cg",
            "current_node": "a",
            "mapping": {
                "u": _node("u", None, ["t"], _msg("u", "user", "17*23?", 1.0)),
                "t": _thoughts("t", "u", "r", "17*20 + 17*3", 9),
                "r": _node("r", "t", ["a"], recap),
                "a": _node("a", "r", [], _msg("a", "assistant", "391", 3.0)),
            },
        }
    ]
    path = tmp_path / "conversations.json"
    path.write_text(json.dumps(export), encoding="utf-8")
    store = _open(tmp_path / "a.sqlite3")
    try:
        transfer.import_file(store, path)
        user, answer = store.branch_path("a")
        assert (user.content, answer.content) == ("17*23?", "391")
        assert answer.reasoning == "**Multiplying**\n\n17*20 + 17*3"
        assert answer.reasoning_ms == 9000.0
    finally:
        store.close()


def test_reasoning_effort_round_trips_beside_params_so_old_readers_still_read(
    tmp_path: Path,
) -> None:
    from dataclasses import fields

    from desktop_app.core.models import GenerationParams

    source = _open(tmp_path / "a.sqlite3")
    target = _open(tmp_path / "b.sqlite3")
    try:
        params = GenerationParams(temperature=0.2, reasoning_effort="high")
        source.save_conversation(Conversation(id="e", title="Hard", params=params))
        data = json.loads(json.dumps(transfer.export_json(source, ["e"])))
        exported = data["conversations"][0]
        assert exported["reasoning_effort"] == "high"
        v1_params = {f.name for f in fields(GenerationParams)} - {"reasoning_effort"}
        assert set(exported["params"]) <= v1_params  # what a version-1 reader accepts
        transfer.import_data(target, data)
        assert target.get_conversation("e") == source.get_conversation("e")
    finally:
        source.close()
        target.close()
