"""Messages, branches and crash recovery, on a real SQLite file."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

from desktop_app.core.models import FinishReason, MessageStatus, Role, ToolCall, Usage
from desktop_app.store.conversations import SqliteConversationStore, open_database
from tests.unit.store.conftest import add, chain, make_conversation


def test_a_sent_message_is_on_disk_before_add_message_returns(
    store: SqliteConversationStore, db_path: Path
) -> None:
    conv = make_conversation(store)
    msg = add(store, conv, "hello there")
    other = sqlite3.connect(db_path)  # a second reader sees only committed data
    row = other.execute("SELECT content FROM messages WHERE id = ?", (msg.id,)).fetchone()
    other.close()
    assert row == ("hello there",)


def test_finalize_keeps_usage_tool_calls_and_timings(store: SqliteConversationStore) -> None:
    conv = make_conversation(store)
    user = add(store, conv, "q")
    reply = add(store, conv, "", user, Role.ASSISTANT, MessageStatus.STREAMING)
    store.checkpoint_message(reply.id, "par")
    call = ToolCall("call_1", "lookup", '{"q": 1}')
    store.finalize_message(
        reply.id,
        status=MessageStatus.COMPLETE,
        content="partial and done",
        finish_reason=FinishReason.TOOL_CALLS,
        usage=Usage(3, 4, 7),
        tool_calls=[call],
        model="m-1",
        first_token_ms=12.5,
        duration_ms=80.0,
    )
    got = store.get_message(reply.id)
    assert got is not None
    assert (got.status, got.content, got.finish_reason) == (
        MessageStatus.COMPLETE,
        "partial and done",
        FinishReason.TOOL_CALLS,
    )
    assert (got.usage, got.tool_calls, got.model) == (Usage(3, 4, 7), (call,), "m-1")
    assert (got.first_token_ms, got.duration_ms) == (12.5, 80.0)


def test_regenerate_makes_a_sibling_and_keeps_the_old_version(
    store: SqliteConversationStore,
) -> None:
    conv = make_conversation(store)
    user, first = chain(store, conv, ["question", "first answer"])
    second = add(store, conv, "second answer", user, Role.ASSISTANT)
    assert [m.content for m in store.siblings(second.id)] == ["first answer", "second answer"]
    assert [m.content for m in store.branch_path(second.id)] == ["question", "second answer"]
    assert store.get_message(first.id) is not None


def test_switching_branch_shows_the_newest_leaf_under_the_chosen_version(
    store: SqliteConversationStore,
) -> None:
    conv = make_conversation(store)
    user, old = chain(store, conv, ["q", "old answer"])
    follow = add(store, conv, "follow-up on old", old)
    add(store, conv, "new answer", user, Role.ASSISTANT)
    assert store.switch_branch(old.id) == follow.id
    tail = store.current_branch_tail(conv.id, 10)
    assert [m.content for m in tail.messages] == ["q", "old answer", "follow-up on old"]


def test_edited_first_message_is_a_root_sibling(store: SqliteConversationStore) -> None:
    conv = make_conversation(store)
    original = add(store, conv, "draft one")
    edited = add(store, conv, "draft two")
    assert [m.id for m in store.siblings(original.id)] == [original.id, edited.id]


def test_newest_page_then_earlier_pages_cover_the_branch_once(
    store: SqliteConversationStore,
) -> None:
    conv = make_conversation(store)
    msgs = chain(store, conv, [f"m{i}" for i in range(7)])
    page = store.current_branch_tail(conv.id, 3)
    assert [m.content for m in page.messages] == ["m4", "m5", "m6"] and page.has_more
    page2 = store.branch_page_before(page.messages[0].id, 3)
    assert [m.content for m in page2.messages] == ["m1", "m2", "m3"] and page2.has_more
    page3 = store.branch_page_before(page2.messages[0].id, 3)
    assert [m.content for m in page3.messages] == ["m0"] and not page3.has_more
    assert store.branch_page_before(msgs[0].id, 3).messages == ()


def test_deleting_a_message_reattaches_its_children(store: SqliteConversationStore) -> None:
    conv = make_conversation(store)
    a, b, c = chain(store, conv, ["a", "b", "c"])
    store.delete_message(b.id)
    assert [m.content for m in store.branch_path(c.id)] == ["a", "c"]
    store.delete_message(c.id)
    got = store.get_conversation(conv.id)
    assert got is not None and got.current_leaf_id == a.id


def test_streaming_rows_become_interrupted_with_their_text(
    store: SqliteConversationStore,
) -> None:
    conv = make_conversation(store)
    user = add(store, conv, "q")
    reply = add(store, conv, "", user, Role.ASSISTANT, MessageStatus.STREAMING)
    store.checkpoint_message(reply.id, "half a repl")
    assert store.mark_interrupted_on_start() == 1
    got = store.get_message(reply.id)
    assert got is not None and (got.status, got.content) == (
        MessageStatus.INTERRUPTED,
        "half a repl",
    )
    assert [h.message_id for h in store.search("repl")] == [reply.id]  # now searchable


_CHILD = """
import sys, time
from pathlib import Path
from desktop_app.core.models import Conversation, Message, MessageStatus, Role
from desktop_app.store.conversations import open_database
store, _ = open_database(Path(sys.argv[1]))
store.save_conversation(Conversation(id="c1", title="crash"))
store.add_message(Message("u1", "c1", Role.USER, "tell me a story"))
store.add_message(Message("a1", "c1", Role.ASSISTANT, "", parent_id="u1",
                          status=MessageStatus.STREAMING))
text = ""
for i in range(100000):
    text += f"word{i} "
    store.checkpoint_message("a1", text)
    if i == 20:
        print("streaming", flush=True)
    time.sleep(0.01)  # the pace of a streamed reply
"""


def test_sigkill_mid_stream_keeps_the_partial_reply(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    with subprocess.Popen(
        [sys.executable, "-c", _CHILD, str(db_path)], stdout=subprocess.PIPE, text=True
    ) as child:
        # 21 checkpoints are committed; the kill lands while more are written.
        assert child.stdout is not None and child.stdout.readline().strip() == "streaming"
        os.kill(child.pid, signal.SIGKILL)
        assert child.wait(timeout=10) == -signal.SIGKILL
    store, notice = open_database(db_path)
    try:
        assert notice is None
        assert store.mark_interrupted_on_start() == 1
        user, reply = store.branch_path("a1")
        assert (user.content, reply.status) == ("tell me a story", MessageStatus.INTERRUPTED)
        assert reply.content.startswith("word0 word1 word2 word3 word4 word5 ")
    finally:
        store.close()


def test_reopening_keeps_everything(db_path: Path, store: SqliteConversationStore) -> None:
    conv = make_conversation(store, "kept", model="m")
    chain(store, conv, ["one", "two"])
    store.close()
    again, _ = open_database(db_path)
    try:
        assert [m.content for m in again.current_branch_tail(conv.id).messages] == ["one", "two"]
    finally:
        again.close()
