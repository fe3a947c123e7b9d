"""The sidebar's queries, Trash that really erases, and drafts."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from pathlib import Path

import pytest

from desktop_app.core.models import GenerationParams
from desktop_app.store.conversations import SqliteConversationStore, open_database
from tests.unit.store.conftest import add, chain, make_conversation


def test_a_conversation_round_trips_every_field(store: SqliteConversationStore) -> None:
    params = GenerationParams(temperature=0.2, stop=("END",), seed=7, json_mode=True)
    conv = make_conversation(
        store, "T", model="m", system_prompt="be brief", params=params, profile="work"
    )
    assert store.get_conversation(conv.id) == conv
    store.save_conversation(replace(conv, title="renamed"))
    got = store.get_conversation(conv.id)
    assert got is not None and got.title == "renamed"


def test_list_is_pinned_first_then_most_recent_and_pages(store: SqliteConversationStore) -> None:
    ids = [make_conversation(store, f"c{i}", updated_at=float(i)).id for i in range(5)]
    store.set_pinned(ids[1], True)
    titles = [s.title for s in store.list_conversations(0, 10)]
    assert titles == ["c1", "c4", "c3", "c2", "c0"]
    assert [s.title for s in store.list_conversations(2, 2)] == ["c3", "c2"]
    assert store.count_conversations() == 5


def test_folders_filter_the_list(store: SqliteConversationStore) -> None:
    a = make_conversation(store, "a")
    make_conversation(store, "b")
    store.set_folder(a.id, "work")
    assert store.list_folders() == ["work"]
    assert [s.title for s in store.list_conversations(folder="work")] == ["a"]
    assert store.count_conversations(folder="work") == 1


def test_new_messages_move_a_conversation_to_the_top(store: SqliteConversationStore) -> None:
    old = make_conversation(store, "old", updated_at=1.0)
    make_conversation(store, "new", updated_at=2.0)
    add(store, old, "hi again")
    assert store.list_conversations()[0].title == "old"


def test_trash_can_be_undone(store: SqliteConversationStore) -> None:
    a, b = make_conversation(store, "a"), make_conversation(store, "b")
    store.trash([a.id, b.id])
    assert store.list_conversations() == []
    assert {s.title for s in store.list_conversations(trashed=True)} == {"a", "b"}
    store.restore([a.id])
    assert [s.title for s in store.list_conversations()] == ["a"]
    assert store.count_conversations(trashed=True) == 1


@pytest.mark.parametrize("in_thread", [False, True])
def test_emptying_trash_erases_the_text_from_the_files(
    store: SqliteConversationStore, db_path: Path, in_thread: bool
) -> None:
    """In a thread: the slow optimize and checkpoint run on their own connection."""
    secret = "zebra-umbrella-4711-unique"
    keep = make_conversation(store, "keep")
    chain(store, keep, ["ordinary words", "more words"])
    gone = make_conversation(store, f"title {secret}")
    msgs = chain(store, gone, [f"my {secret} note", f"reply {secret}"])
    store.checkpoint_message(msgs[1].id, f"edited {secret}")
    store.set_draft(gone.id, f"draft {secret}")
    store.trash([gone.id])
    if in_thread:
        # What Empty Trash in the window runs: the erase, then the slow upkeep
        # through the history service on a worker thread with its own connection.
        from desktop_app.services.history_service import HistoryService

        history = HistoryService(store)
        assert history.empty_trash() == 1
        asyncio.run(history.compact_after_trash())
    else:
        assert store.empty_trash() == 1
    for suffix in ("", "-wal"):
        f = db_path.with_name(db_path.name + suffix)
        if f.exists():
            assert secret.encode() not in f.read_bytes(), f.name
    assert store.get_conversation(gone.id) is None and store.get_draft(gone.id) == ""
    assert [m.content for m in store.conversation_messages(keep.id)] == [
        "ordinary words",
        "more words",
    ]


def test_drafts_survive_a_restart(store: SqliteConversationStore, db_path: Path) -> None:
    conv = make_conversation(store)
    store.set_draft(conv.id, "half-written thought")
    store.set_draft("", "new chat draft")
    store.close()
    again, _ = open_database(db_path)
    try:
        assert again.get_draft(conv.id) == "half-written thought"
        assert again.get_draft("") == "new chat draft"
        again.set_draft(conv.id, "")
        assert again.get_draft(conv.id) == ""
    finally:
        again.close()
