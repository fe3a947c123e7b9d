"""The hostile-import corpus: each crafted file imports safely or is refused with a sentence.

Files live in tests/fixtures/hostile/; the very deep one is generated here.
A "victim" conversation stands for the user's real history the file attacks.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop_app.core.errors import StorageError
from desktop_app.core.models import Conversation, Message, Role
from desktop_app.services import transfer
from desktop_app.store.conversations import SqliteConversationStore, open_database

CORPUS = Path(__file__).parents[2] / "fixtures" / "hostile"


@pytest.fixture
def store(tmp_path: Path) -> Iterator[SqliteConversationStore]:
    opened, _ = open_database(tmp_path / "history.sqlite3")
    opened.save_conversation(Conversation(id="victim", title="My real chat"))
    opened.add_message(Message("victim-u", "victim", Role.USER, "my own words"))
    yield opened
    opened.close()


def _import(store: SqliteConversationStore, name: str) -> transfer.ImportResult:
    return transfer.import_file(store, CORPUS / name)


def _ids(store: SqliteConversationStore, cid: str) -> list[str]:
    return [m.id for m in store.conversation_messages(cid)]


@pytest.mark.parametrize("name", ["parent-cycle.json", "self-parent.json"])
def test_a_parent_cycle_is_cut_so_the_branch_has_a_root(
    store: SqliteConversationStore, name: str
) -> None:
    result = _import(store, name)
    assert result.imported == 1 and result.reparented == 1
    cid = "h-cycle" if name == "parent-cycle.json" else "h-self"
    for mid in _ids(store, cid):
        assert store.branch_path(mid)[0].parent_id is None


def test_a_parent_in_another_conversation_becomes_a_root(store: SqliteConversationStore) -> None:
    assert _import(store, "foreign-parent.json").reparented == 1
    assert store.get_message("hf1").parent_id is None  # type: ignore[union-attr]
    assert _ids(store, "victim") == ["victim-u"]


def test_a_message_naming_another_conversation_stays_in_its_own(
    store: SqliteConversationStore,
) -> None:
    _import(store, "inject-conversation-id.json")
    assert _ids(store, "victim") == ["victim-u"]
    assert _ids(store, "h-inject") == ["hi1"]


def test_a_taken_message_id_is_renamed_not_dropped(store: SqliteConversationStore) -> None:
    result = _import(store, "taken-message-id.json")
    assert result.renamed == 1
    texts = [m.content for m in store.conversation_messages("h-taken")]
    assert texts == ["same id, other text", "child"]
    assert store.get_message("victim-u").content == "my own words"  # type: ignore[union-attr]
    leaf = store.get_conversation("h-taken").current_leaf_id  # type: ignore[union-attr]
    assert [m.content for m in store.branch_path(leaf)] == texts  # type: ignore[arg-type]


def test_a_leaf_that_is_not_in_the_file_becomes_the_newest_message(
    store: SqliteConversationStore,
) -> None:
    _import(store, "missing-leaf.json")
    assert store.get_conversation("h-leaf").current_leaf_id == "hl2"  # type: ignore[union-attr]


def test_a_file_with_one_bad_conversation_imports_nothing(
    store: SqliteConversationStore,
) -> None:
    with pytest.raises(ValueError, match="malformed field"):
        _import(store, "half-bad.json")
    assert store.get_conversation("h-good") is None


def test_a_failed_write_leaves_no_conversation_of_the_file(
    store: SqliteConversationStore,
) -> None:
    good = (Conversation(id="g", title="g"), [Message("g1", "g", Role.USER, "a")])
    clash = [Message("b1", "b", Role.USER, "a"), Message("b1", "b", Role.USER, "b")]
    with pytest.raises(StorageError):
        store.import_conversations([good, (Conversation(id="b", title="b"), clash)])
    assert store.get_conversation("g") is None


def test_a_byte_order_mark_is_accepted(store: SqliteConversationStore) -> None:
    assert _import(store, "bom.json").imported == 1


def test_very_deep_nesting_is_refused_with_a_sentence(
    store: SqliteConversationStore, tmp_path: Path
) -> None:
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000)
    with pytest.raises(ValueError, match="nested too deeply"):
        transfer.import_file(store, deep)


def _hostile_markdown_source(store: SqliteConversationStore, cid: str) -> None:
    data = {
        "format": "afarensis-chat-export",
        "version": 1,
        "conversations": [
            {
                "id": cid,
                "title": "",
                "created_at": 1e12,
                "updated_at": float("inf"),
                "current_leaf_id": "m1",
                "messages": [
                    {"id": "m1", "role": "user", "content": "hi", "created_at": float("nan")}
                ],
            }
        ],
    }
    assert transfer.import_data(store, data).imported == 1


def test_markdown_export_survives_timestamps_out_of_range(store: SqliteConversationStore) -> None:
    _hostile_markdown_source(store, "far-future")
    assert "unknown time" in transfer.export_markdown(store, "far-future")


@pytest.mark.parametrize("cid", ["../../x", "/etc/pw", "a\x00b/../c", "..\\..\\w"])
def test_a_markdown_file_name_never_leaves_the_export_folder(
    store: SqliteConversationStore, tmp_path: Path, cid: str
) -> None:
    _hostile_markdown_source(store, cid)
    name = transfer.markdown_filename(store, cid)
    folder = tmp_path / "out"
    assert (folder / name).resolve().parent == folder.resolve()
    assert "\x00" not in name and "/" not in name and "\\" not in name


def test_a_field_of_the_wrong_type_is_refused_with_its_name(
    store: SqliteConversationStore,
) -> None:
    with pytest.raises(ValueError, match="'folder' should be text"):
        _import(store, "wrong-types.json")
    assert store.get_conversation("h-types") is None
