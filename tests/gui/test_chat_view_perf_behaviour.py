"""Opening a long conversation: what the user sees, and when (behaviour, not timings).

``ChatView.show_messages`` builds only the newest cards before it returns and
the rest of the page on later loop turns, so these tests check the order of
events: the newest message is there at once, the whole page after the loop
ran, the view stays at the bottom, and older pages still load on scroll.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop_app.app.tasks import TaskManager
from desktop_app.core.models import Conversation, Message, Role
from desktop_app.render.markdown import MarkdownRenderer
from desktop_app.services.chat_service import ChatService, TurnDefaults
from desktop_app.services.history_service import HistoryService
from desktop_app.services.reporting import QueuedReporter
from desktop_app.store.conversations import SqliteConversationStore
from desktop_app.ui.chat_controller import PAGE_SIZE, ChatController
from desktop_app.ui.chat_view import FIRST_CARDS, ChatView
from tests.unit.services.scripted_backend import ScriptedBackend

MESSAGES = 200


def _conversation(store: SqliteConversationStore, cid: str, count: int) -> list[Message]:
    """A linear chat of ``count`` messages with markdown replies, oldest first."""
    rows: list[Message] = []
    parent: str | None = None
    base = time.time() - count * 60
    for i in range(count):
        role = Role.USER if i % 2 == 0 else Role.ASSISTANT
        content = (
            f"question {i}"
            if role is Role.USER
            else f"## Answer {i}\n\nSome **bold** text.\n\n```python\nprint({i})\n```\n"
        )
        message = Message(
            id=f"{cid}-{i:04d}",
            conversation_id=cid,
            role=role,
            content=content,
            parent_id=parent,
            created_at=base + i * 60,
        )
        rows.append(message)
        parent = message.id
    store.import_conversation(Conversation(id=cid, title=cid, current_leaf_id=parent), rows)
    return rows


def _controller(qtbot: QtBot, store: SqliteConversationStore) -> tuple[ChatController, ChatView]:
    view = ChatView()
    qtbot.addWidget(view)
    view.resize(700, 500)
    view.show()
    qtbot.waitExposed(view)
    service = ChatService(store, ScriptedBackend([]), lambda: TurnDefaults(model="m"))
    controller = ChatController(
        service,
        HistoryService(store),
        MarkdownRenderer(),
        view,
        TaskManager(),
        reporter=QueuedReporter(),
    )
    return controller, view


def _ids(view: ChatView) -> list[str]:
    return [card.message.id for card in view.cards()]


def _at_bottom(view: ChatView) -> bool:
    bar = view.verticalScrollBar()
    return bar.maximum() > 0 and bar.value() == bar.maximum()


def test_newest_message_is_there_when_open_returns_and_the_page_follows(
    qtbot: QtBot, store: SqliteConversationStore
) -> None:
    rows = _conversation(store, "long", MESSAGES)
    controller, view = _controller(qtbot, store)

    controller.open("long")

    # Before the event loop ran: the newest messages, in order, ending with the last.
    newest = view.card(rows[-1].id)
    assert newest is not None
    assert "Answer 199" in newest.body.toPlainText()
    assert _ids(view) == [m.id for m in rows[-FIRST_CARDS:]]
    assert view.building

    qtbot.waitUntil(lambda: not view.building, timeout=5000)
    assert _ids(view) == [m.id for m in rows[-PAGE_SIZE:]]
    assert all(card.body.toPlainText() for card in view.cards())
    qtbot.waitUntil(lambda: _at_bottom(view), timeout=2000)


def test_the_view_stays_at_the_bottom_while_the_page_is_built_above(
    qtbot: QtBot, store: SqliteConversationStore
) -> None:
    _conversation(store, "long", MESSAGES)
    controller, view = _controller(qtbot, store)
    controller.open("long")
    bar = view.verticalScrollBar()
    while view.building:
        QApplication.processEvents()
        assert bar.value() == bar.maximum()
    qtbot.waitUntil(lambda: _at_bottom(view), timeout=2000)


def test_scrolling_to_the_top_loads_the_older_page_above(
    qtbot: QtBot, store: SqliteConversationStore
) -> None:
    rows = _conversation(store, "long", MESSAGES)
    controller, view = _controller(qtbot, store)
    controller.open("long")
    qtbot.waitUntil(lambda: not view.building and _at_bottom(view), timeout=5000)
    top = view.cards()[0]

    view.verticalScrollBar().setValue(0)

    qtbot.waitUntil(lambda: len(view.cards()) == 2 * PAGE_SIZE, timeout=5000)
    assert _ids(view) == [m.id for m in rows[-2 * PAGE_SIZE :]]
    # What the user looked at stays put: the old top card is still in view.
    y = top.mapTo(view.viewport(), QPoint(0, 0)).y()
    assert 0 <= y < view.viewport().height()


def test_scrolling_up_during_the_build_loads_older_only_after_the_page(
    qtbot: QtBot, store: SqliteConversationStore
) -> None:
    rows = _conversation(store, "long", MESSAGES)
    controller, view = _controller(qtbot, store)
    controller.open("long")
    requested: list[bool] = []
    view.older_requested.connect(lambda: requested.append(True))

    view.verticalScrollBar().setValue(0)  # before the rest of the page exists
    assert not requested
    qtbot.waitUntil(lambda: not view.building, timeout=5000)
    assert len(view.cards()) == PAGE_SIZE

    view.verticalScrollBar().setValue(0)  # the top of the whole page
    qtbot.waitUntil(lambda: len(view.cards()) == 2 * PAGE_SIZE, timeout=5000)
    assert _ids(view) == [m.id for m in rows[-2 * PAGE_SIZE :]], "chronological, no gaps"


def test_a_card_under_the_user_stays_put_while_cards_are_added_above(
    qtbot: QtBot, store: SqliteConversationStore
) -> None:
    rows = _conversation(store, "long", MESSAGES)
    controller, view = _controller(qtbot, store)
    controller.open("long")
    # The first cards take a couple of loop turns to settle their own heights
    # (fonts, polish); a user cannot scroll before that anyway.
    heights: list[int] = []
    while heights != (heights := [c.height() for c in view.cards()[-FIRST_CARDS:]]):
        QApplication.processEvents()
    assert view.building, "the test must scroll while the page is still being built"
    bar = view.verticalScrollBar()
    bar.setValue(bar.maximum() - 150)  # the user scrolls up a little
    watched = view.card(rows[-2].id)
    assert watched is not None
    before = watched.mapTo(view.viewport(), QPoint(0, 0)).y()

    qtbot.waitUntil(lambda: not view.building, timeout=5000)

    assert watched.mapTo(view.viewport(), QPoint(0, 0)).y() == before


def test_opening_another_chat_mid_build_drops_the_rest_of_the_first(
    qtbot: QtBot, store: SqliteConversationStore
) -> None:
    _conversation(store, "long", MESSAGES)
    short = _conversation(store, "short", 3)
    controller, view = _controller(qtbot, store)
    controller.open("long")
    building_first = view.building

    controller.open("short")
    for _ in range(20):
        QApplication.processEvents()

    assert building_first and not view.building
    assert _ids(view) == [m.id for m in short]


def test_warm_up_renderer_warms_lexers_one_loop_turn_at_a_time(
    qtbot: QtBot, store: SqliteConversationStore
) -> None:
    from desktop_app.render import highlight
    from desktop_app.render.markdown import COMMON_LANGUAGES

    controller, _view = _controller(qtbot, store)
    highlight._lexer.cache_clear()
    controller.warm_up_renderer()
    assert highlight._lexer.cache_info().currsize <= 1, "only Python before the loop runs"
    qtbot.waitUntil(
        lambda: highlight._lexer.cache_info().currsize == len(COMMON_LANGUAGES), timeout=5000
    )


def test_a_new_message_on_the_current_branch_builds_nothing_early(qtbot: QtBot) -> None:
    """A send right after opening a long chat must not build the whole page at once."""
    view = ChatView()
    qtbot.addWidget(view)
    view.resize(700, 500)
    view.show()
    messages = [
        Message(f"m{i}", "c", Role.USER if i % 2 == 0 else Role.ASSISTANT, f"text {i}")
        for i in range(PAGE_SIZE)
    ]
    view.show_messages(messages, False, lambda m: f"<p>{m.content}</p>")
    assert view.building
    view.keep_up_to(messages[-1].id)  # the parent of a plain send: the last card
    assert view.building, "the backlog is still built on later loop turns"
    assert len(view.cards()) == FIRST_CARDS
    view.keep_up_to(messages[-3].id)  # a regenerate of the one-but-last reply
    assert [c.message.id for c in view.cards()][-1] == messages[-3].id
