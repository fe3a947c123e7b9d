"""Search: any text is a valid query, CJK by substring, filters, the LIKE fallback."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop_app.core.history import SearchFilters
from desktop_app.core.models import Role
from desktop_app.store.conversations import SqliteConversationStore, open_database
from desktop_app.store.search import match_expression, parse_query
from tests.unit.store.conftest import add, chain, make_conversation


@pytest.fixture(params=[True, False], ids=["fts5", "like-fallback"])
def seeded(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[SqliteConversationStore]:
    store, _ = open_database(tmp_path / "h.sqlite3", fts=request.param)
    trip = make_conversation(store, "Trip to 北京")
    chain(store, trip, ["怎么从机场到市中心？", "Take the airport express train (fast)."])
    code = make_conversation(store, "Rust lifetimes")
    add(store, code, "Explain 'a lifetimes: borrow checker?", created_at=1000.0)
    add(store, code, "The borrow checker rejects it.", role=Role.ASSISTANT, created_at=2000.0)
    yield store
    store.close()


def _contents(store: SqliteConversationStore, query: str, **filters: object) -> set[str]:
    hits = store.search(query, SearchFilters(**filters))  # type: ignore[arg-type]
    return {h.snippet_text.strip("…") for h in hits if h.message_id is not None}


def test_finds_english_words_case_insensitively(seeded: SqliteConversationStore) -> None:
    assert _contents(seeded, "EXPRESS") == {"Take the airport express train (fast)."}


def test_chinese_is_found_by_substring(seeded: SqliteConversationStore) -> None:
    assert _contents(seeded, "机场到市") == {"怎么从机场到市中心？"}
    assert _contents(seeded, "机场") == {"怎么从机场到市中心？"}  # 2 chars: LIKE path


def test_quoted_phrase_must_appear_together(seeded: SqliteConversationStore) -> None:
    assert _contents(seeded, '"borrow checker rejects"') == {"The borrow checker rejects it."}
    assert _contents(seeded, '"checker borrow"') == set()


def test_operators_are_literal_text(seeded: SqliteConversationStore) -> None:
    assert _contents(seeded, "(fast)") == {"Take the airport express train (fast)."}
    assert _contents(seeded, "'a") == {"Explain 'a lifetimes: borrow checker?"}
    assert _contents(seeded, "NOT express OR") == set()


def test_filters_by_role_and_date(seeded: SqliteConversationStore) -> None:
    both = {"Explain 'a lifetimes: borrow checker?", "The borrow checker rejects it."}
    assert _contents(seeded, "borrow") == both
    assert _contents(seeded, "borrow", roles=(Role.ASSISTANT,)) == {
        "The borrow checker rejects it."
    }
    assert _contents(seeded, "borrow", until=1500.0) == {"Explain 'a lifetimes: borrow checker?"}


def test_hits_carry_a_highlighted_snippet_and_position(seeded: SqliteConversationStore) -> None:
    (hit,) = [h for h in seeded.search("rejects") if h.message_id]
    assert ("rejects", True) in hit.snippet
    assert hit.position == 1 and hit.conversation_title == "Rust lifetimes"


def test_title_matches_come_first_and_sidebar_filter_works(
    seeded: SqliteConversationStore,
) -> None:
    hits = seeded.search("lifetimes")
    assert hits[0].message_id is None and hits[0].conversation_title == "Rust lifetimes"
    assert [s.title for s in seeded.search_titles("北京")] == ["Trip to 北京"]


def test_trashed_conversations_are_not_found(seeded: SqliteConversationStore) -> None:
    (conv,) = [s for s in seeded.list_conversations() if s.title == "Rust lifetimes"]
    seeded.trash([conv.id])
    assert _contents(seeded, "borrow") == set()


def test_parse_query_quotes_every_term() -> None:
    assert parse_query('a "b c" d"') == ["a", "b c", "d"]
    assert match_expression(['say "hi"']) == '"say ""hi"""'


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(query=st.text(max_size=40))
def test_any_text_is_a_valid_query(seeded: SqliteConversationStore, query: str) -> None:
    seeded.search(query, limit=5)
    seeded.search_titles(query, limit=5)


def test_messages_about_the_term_rank_above_passing_mentions(tmp_path: Path) -> None:
    store, _ = open_database(tmp_path / "rank.sqlite3")
    try:
        conv = make_conversation(store, "notes")
        focused = add(store, conv, "sourdough sourdough starter: feed the sourdough daily")
        add(store, conv, "I bought bread, apples, sourdough and a lot of other groceries today")
        hits = [h.message_id for h in store.search("sourdough") if h.message_id]
        assert hits[0] == focused.id and len(hits) == 2
    finally:
        store.close()
