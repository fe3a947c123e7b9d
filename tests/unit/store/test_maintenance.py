"""The integrity check runs in a thread on its own connection and changes nothing."""

from __future__ import annotations

import asyncio
from pathlib import Path

from desktop_app.store.conversations import SqliteConversationStore, open_database
from desktop_app.store.maintenance import integrity_problems
from tests.unit.store.conftest import chain, make_conversation


def test_a_healthy_history_has_no_problems_while_the_writer_is_open(
    store: SqliteConversationStore, db_path: Path
) -> None:
    chain(store, make_conversation(store), ["hello", "there"])
    assert asyncio.run(asyncio.to_thread(integrity_problems, db_path)) == []


def test_scrambled_pages_are_reported_and_the_file_is_left_as_it_is(db_path: Path) -> None:
    store, _ = open_database(db_path)
    chain(store, make_conversation(store), ["x" * 3000 for _ in range(40)])
    store.close()
    data = bytearray(db_path.read_bytes())
    for offset in range(3 * 4096, 6 * 4096):
        data[offset] = (data[offset] * 7 + 13) % 256
    db_path.write_bytes(bytes(data))
    assert integrity_problems(db_path) != []
    assert db_path.read_bytes() == bytes(data)
