"""Paths users walk through the real window, end to end (offscreen, real SQLite)."""

from __future__ import annotations

import asyncio

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from desktop_app.store.conversations import SqliteConversationStore
from tests.gui.app_harness import App, build_app


def _send(app: App, text: str) -> None:
    app.window.composer.set_text(text)
    app.window.composer._send()
    app.idle()


def _click_row(app: App, row: int) -> None:
    view = app.window.sidebar.list
    index = view.model().index(row, 0)
    view.scrollTo(index)
    QTest.mouseClick(
        view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(index).center()
    )


def _row_of(app: App, conversation_id: str) -> int:
    return app.model.row_of(conversation_id)


def _search(app: App, text: str) -> None:
    app.window.sidebar.search.setText(text)
    app.wait(lambda: app.window.sidebar.list.model() is app.window.sidebar.results, "results")
    app.wait(lambda: app.window.sidebar.results.rowCount() > 0, "a hit")


def test_switching_away_from_a_search_hit_many_times_keeps_the_app_alive(
    qtbot: QtBot, loop: asyncio.AbstractEventLoop, store: SqliteConversationStore
) -> None:
    """Regression: a card deleted by ``clear()`` while a queued scroll still held it."""
    app = build_app(store, loop)
    qtbot.addWidget(app.window)
    for i in range(12):
        _send(app, f"question {i} about zebras" if i == 3 else f"question {i}")
    chat_a = app.controller.conversation_id
    app.presenter.new_chat()
    _send(app, "another topic")
    chat_b = app.controller.conversation_id
    assert chat_a and chat_b
    for _ in range(15):
        _search(app, "zebras")
        _click_row(app, 0)
        assert app.controller.conversation_id == chat_a
        _click_row(app, _row_of(app, chat_b))
        assert app.controller.conversation_id == chat_b
        app.settle()
    assert app.shown_ids() == app.branch_ids()
