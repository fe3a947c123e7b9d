"""One reporting path: every user action's failure ends as a sentence in the window.

The history refuses writes the way a full disk or a folder turned read-only
does (``PRAGMA query_only``: SQLite's own SQLITE_READONLY), and each action
is taken through the widget signal a user's click emits.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from desktop_app.app.container import Container
from desktop_app.app.paths import resolve_paths
from desktop_app.core.errors import StorageFullError
from desktop_app.store.conversations import SqliteConversationStore
from desktop_app.ui.conversations_model import ConversationsModel
from desktop_app.ui.main_window import MainWindow
from tests.gui.app_harness import App, build_app

FULL = StorageFullError().message


def _chat(app: App, text: str) -> str:
    app.presenter.new_chat()
    app.window.composer.set_text(text)
    app.window.composer._send()
    app.idle()
    cid = app.controller.conversation_id
    assert cid is not None
    return cid


def _refuse_writes(store: SqliteConversationStore) -> None:
    store._db.conn.execute("PRAGMA query_only = ON")  # writes now fail with SQLITE_READONLY


def _says(app: App, do: Callable[[], object], sentence: str = FULL) -> None:
    app.window.notices.hide()
    do()
    app.settle()
    assert sentence in app.window.notices.text()


def test_a_failure_before_the_window_exists_is_shown_once_it_does(
    qtbot: QtBot, tmp_path: Path
) -> None:
    paths = resolve_paths(tmp_path / "data", environ={})
    paths.ensure()
    paths.database.write_bytes(b"this is not a database" * 100)
    container = Container.build(paths, env={})  # moves the file aside, reports it
    try:
        assert container.reporter.pending  # no window yet: it waits
        window = MainWindow(ConversationsModel(lambda o, n: [], lambda: 0, lambda c, t: None))
        qtbot.addWidget(window)
        window.show()
        container.reporter.attach(window.notices)
        assert "moved" in window.notices.text() or "damaged" in window.notices.text()
        assert window.notices.property("kind") == "warning"
    finally:
        asyncio.run(container.close())


def test_each_sidebar_action_that_fails_says_why(
    qtbot: QtBot, loop: asyncio.AbstractEventLoop, store: SqliteConversationStore
) -> None:
    app = build_app(store, loop)
    qtbot.addWidget(app.window)
    first = _chat(app, "first")
    second = _chat(app, "second")
    _refuse_writes(store)
    sidebar = app.window.sidebar
    _says(app, lambda: sidebar.pin_requested.emit(first, True))
    _says(app, lambda: sidebar.delete_requested.emit([second]))
    assert app.controller.conversation_id == second  # nothing moved: it is still open
    _says(app, lambda: sidebar.restore_requested.emit([first]))
    _says(app, lambda: sidebar.empty_trash_requested.emit())
    _says(app, lambda: sidebar.erase_requested.emit([first]))
    index = app.model.index(app.model.row_of(first), 0)
    _says(app, lambda: app.model.setData(index, "A new title", Qt.ItemDataRole.EditRole))
    assert app.window.notices.action_button.isHidden()  # no Retry that would resend text


def test_each_message_action_that_fails_says_why(
    qtbot: QtBot, loop: asyncio.AbstractEventLoop, store: SqliteConversationStore
) -> None:
    app = build_app(store, loop)
    qtbot.addWidget(app.window)
    _chat(app, "a question")
    reply_id = app.shown_ids()[-1]
    _refuse_writes(store)
    view = app.window.chat_view
    _says(app, lambda: view.action_requested.emit("delete", reply_id))
    assert app.shown_ids()[-1] == reply_id  # still there, as in the history
    _says(app, lambda: app.window.header.model_chosen.emit("another-model"))
    app.window.composer.set_text("a second question")
    _says(app, lambda: app.window.composer._send())
    assert app.window.composer.text() == "a second question"  # given back, not lost


def test_an_export_that_cannot_be_written_says_why(
    qtbot: QtBot, loop: asyncio.AbstractEventLoop, store: SqliteConversationStore, tmp_path: Path
) -> None:
    app = build_app(store, loop)
    qtbot.addWidget(app.window)
    cid = _chat(app, "export me")
    app.window.sidebar.export_requested.emit(cid)
    dialog = app.window.findChild(QFileDialog)
    assert dialog is not None
    _says(
        app,
        lambda: dialog.fileSelected.emit(str(tmp_path / "missing-folder" / "out.md")),
        "Could not write the file",
    )
    dialog.reject()
