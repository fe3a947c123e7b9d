"""Browsing rules over the real store: pages around a hit, versions, usage."""

from __future__ import annotations

import asyncio

from desktop_app.services.chat_service import ChatService, TurnDefaults
from desktop_app.services.history_service import HistoryService
from desktop_app.store.conversations import SqliteConversationStore
from tests.unit.services.scripted_backend import ScriptedBackend, reply
from tests.unit.services.test_chat_service import Sink


def _chat(store: SqliteConversationStore, turns: int) -> tuple[HistoryService, str]:
    backend = ScriptedBackend(*[reply(f"answer {i}") for i in range(turns + 1)])
    service = ChatService(store, backend, lambda: TurnDefaults(model="m"))
    history = HistoryService(store)
    cid = history.create_conversation()
    for i in range(turns):
        asyncio.run(service.send(cid, f"question {i}", Sink()))
    return history, cid


def test_opening_at_a_search_hit_pages_back_to_it(store: SqliteConversationStore) -> None:
    history, cid = _chat(store, 40)  # 80 messages
    hit = next(m for m in store.conversation_messages(cid) if m.content == "question 10")
    page = history.newest_messages(cid, 50, around=hit.id)
    ids = [m.id for m in page.messages]
    assert hit.id in ids and page.has_more
    assert page.messages[-1].content == "answer 39"  # still reaches the newest
    plain = history.newest_messages(cid, 50)
    assert hit.id not in [m.id for m in plain.messages]


def test_versions_are_counted_and_switchable(store: SqliteConversationStore) -> None:
    history, cid = _chat(store, 1)
    backend = ScriptedBackend(reply("second try"))
    service = ChatService(store, backend, lambda: TurnDefaults(model="m"))
    first = history.newest_messages(cid, 10).messages[-1]
    asyncio.run(service.regenerate(first.id, Sink()))
    newest = history.newest_messages(cid, 10).messages[-1]
    assert history.version_position(newest.id) == (2, 2)
    assert history.switch_version(newest.id, -1)
    assert history.newest_messages(cid, 10).messages[-1].content == "answer 0"
    assert not history.switch_version(first.id, -1)


def test_usage_totals_and_markdown_export(store: SqliteConversationStore) -> None:
    history, cid = _chat(store, 2)
    prompt, completion = history.usage_totals(cid)
    assert prompt == 10 and completion == 2
    text = history.export_markdown(cid)
    assert "question 0" in text and "answer 1" in text
    assert history.markdown_filename(cid).endswith(".md")
