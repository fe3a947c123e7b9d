"""After a reply the sidebar stays where the user scrolled it (issue 11 item 20)."""

from __future__ import annotations

import asyncio

from pytestqt.qtbot import QtBot

from desktop_app.core.models import Conversation, new_id
from desktop_app.store.conversations import SqliteConversationStore
from tests.gui.app_harness import build_app
from tests.gui.test_walks import _click_row, _send


def test_a_reply_does_not_jump_the_sidebar_back_to_the_top(
    qtbot: QtBot, loop: asyncio.AbstractEventLoop, store: SqliteConversationStore
) -> None:
    for i in range(80):
        store.save_conversation(
            Conversation(id=new_id(), title=f"Chat {i}", created_at=i, updated_at=i)
        )
    app = build_app(store, loop)
    qtbot.addWidget(app.window)
    app.window.resize(900, 500)
    app.window.show()
    app.settle()
    _click_row(app, 40)  # scrolls the list down to it
    app.settle()
    bar = app.window.sidebar.list.verticalScrollBar()
    before = bar.value()
    assert before > 0
    _send(app, "a question")
    app.settle()
    assert bar.value() > 0  # the list was reloaded, not reset to its top
    assert app.window.sidebar.selected_ids() == [app.controller.conversation_id]
