"""A parent_id cycle (from a crafted file or old damage) never hangs a branch query.

Without the guards these queries loop forever; the progress handler turns
such a loop into an interrupted query, so a regression fails instead of hanging.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from desktop_app.services import transfer
from desktop_app.store.conversations import SqliteConversationStore
from tests.unit.store.conftest import chain, make_conversation

_STEPS = 2_000_000  # SQLite VM steps: far above what these small queries need


@pytest.fixture
def cyclic(store: SqliteConversationStore) -> Iterator[tuple[SqliteConversationStore, list[str]]]:
    """Three messages a → b → c with a's parent set to c: a loop with no root."""
    conv = make_conversation(store, "Loop")
    ids = [m.id for m in chain(store, conv, ["a", "b", "c"])]
    store._db.conn.execute("UPDATE messages SET parent_id = ? WHERE id = ?", (ids[2], ids[0]))
    steps = 0

    def budget() -> int:
        nonlocal steps
        steps += 1
        return 1 if steps > _STEPS else 0

    store._db.conn.set_progress_handler(budget, 1)
    yield store, ids
    store._db.conn.set_progress_handler(None, 1)


def test_branch_path_of_a_cycle_ends_and_lists_each_message_once(
    cyclic: tuple[SqliteConversationStore, list[str]],
) -> None:
    store, ids = cyclic
    path = [m.id for m in store.branch_path(ids[2])]
    assert sorted(path) == sorted(ids)
    assert path[-1] == ids[2]


def test_a_page_of_a_cycle_ends(cyclic: tuple[SqliteConversationStore, list[str]]) -> None:
    store, ids = cyclic
    page = store.branch_tail(ids[2], 50)
    assert len(page.messages) == 3
    assert not page.has_more  # lazy loading must not fetch the loop again


def test_newest_leaf_under_a_cycle_ends(cyclic: tuple[SqliteConversationStore, list[str]]) -> None:
    store, ids = cyclic
    assert store.newest_leaf_under(ids[0]) in ids


def test_markdown_export_of_a_cycle_ends(
    cyclic: tuple[SqliteConversationStore, list[str]],
) -> None:
    store, ids = cyclic
    conv_id = store.get_message(ids[0]).conversation_id  # type: ignore[union-attr]
    store.set_current_leaf(conv_id, ids[2])
    assert transfer.export_markdown(store, conv_id).count("### ") == 3


def test_a_walk_never_leaves_its_conversation(store: SqliteConversationStore) -> None:
    mine, other = make_conversation(store, "Mine"), make_conversation(store, "Other")
    foreign = chain(store, other, ["secret"])[0]
    root = chain(store, mine, ["hello"])[0]
    store._db.conn.execute("UPDATE messages SET parent_id = ? WHERE id = ?", (foreign.id, root.id))
    assert [m.content for m in store.branch_path(root.id)] == ["hello"]
