"""Paths users walk through the real window, end to end (offscreen, real SQLite)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import replace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop_app.core.events import StreamEvent, TextDelta, TurnStarted
from desktop_app.core.models import ChatRequest, MessageStatus
from desktop_app.store.conversations import SqliteConversationStore
from desktop_app.ui.transfer_actions import TransferActions
from tests.gui.app_harness import App, build_app
from tests.unit.services.scripted_backend import ScriptedBackend, reply


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


def _open_id(app: App) -> str:
    """The id of the open chat (a sent message has created it)."""
    cid = app.controller.conversation_id
    assert cid is not None
    return cid


def _transfer_actions(app: App) -> TransferActions:
    actions = app.presenter.findChild(TransferActions)
    assert actions is not None
    return actions


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
    for _ in range(25):
        _search(app, "zebras")
        _click_row(app, 0)
        assert app.controller.conversation_id == chat_a
        _click_row(app, _row_of(app, chat_b))
        assert app.controller.conversation_id == chat_b
        app.settle()
    assert app.shown_ids() == app.branch_ids()


def test_regenerate_and_edit_show_exactly_the_new_branch_at_every_moment(
    qtbot: QtBot, loop: asyncio.AbstractEventLoop, store: SqliteConversationStore
) -> None:
    backend = ScriptedBackend(
        reply("first answer"),
        reply("second answer"),
        [TurnStarted(None, None), TextDelta("third, streaming"), 0.3, *reply(" done")[1:]],
        reply("answer to the edit"),
    )
    app = build_app(store, loop, backend)
    qtbot.addWidget(app.window)
    _send(app, "question one")
    _send(app, "question two")
    reply_id = app.cards()[-1].message.id
    app.controller.on_action("regenerate", reply_id)
    # While the new reply streams, the old one is already gone from the screen.
    app.wait(lambda: "third" in app.cards()[-1].body.toPlainText(), "new reply streaming")
    assert app.shown_ids() == app.branch_ids()
    assert [c.body.toPlainText() for c in app.cards()][-1].startswith("third")
    assert app.version_labels() == app.stored_version_labels() == ["", "", "", "2/2"]
    app.idle()
    assert app.shown_ids() == app.branch_ids()
    assert app.version_labels() == app.stored_version_labels()
    first_question = app.cards()[0].message.id
    app.controller.edit_and_resend(first_question, "question one, edited")
    app.idle()
    assert app.shown_ids() == app.branch_ids()
    assert [c.body.toPlainText().strip() for c in app.cards()] == [
        "question one, edited",
        "answer to the edit",
    ]
    assert app.version_labels() == app.stored_version_labels() == ["2/2", ""]


class SlowCancelBackend(ScriptedBackend):
    """Cancellation that awaits, as httpx's ``aclose()`` does on a live stream."""

    async def stream_chat(self, request: ChatRequest) -> AsyncIterator[StreamEvent]:
        try:
            async for event in super().stream_chat(request):
                yield event
        finally:
            await asyncio.sleep(0.05)


def test_regenerate_while_a_reply_streams_finishes_only_the_old_turn(
    qtbot: QtBot, loop: asyncio.AbstractEventLoop, store: SqliteConversationStore
) -> None:
    backend = SlowCancelBackend(
        reply("an answer"),
        [TurnStarted(None, None), TextDelta("slow start"), 30.0],
        [TurnStarted(None, None), TextDelta("fresh "), 0.3, *reply("reply")[1:]],
    )
    app = build_app(store, loop, backend)
    qtbot.addWidget(app.window)
    _send(app, "q")
    first = app.cards()[-1].message.id
    app.controller.regenerate(first)
    app.wait(lambda: "slow start" in app.cards()[-1].body.toPlainText(), "second reply streams")
    streaming = app.cards()[-1].message.id
    app.controller.regenerate(streaming)  # while it streams
    app.wait(lambda: "fresh" in app.cards()[-1].body.toPlainText(), "third reply streams")
    assert app.composer_streaming(), "Stop must stay while the new reply streams"
    app.idle()
    assert not app.composer_streaming()
    assert app.cards()[-1].body.toPlainText().strip() == "fresh reply"
    assert app.cards()[-1].message.status is MessageStatus.COMPLETE
    cancelled = store.get_message(streaming)
    assert cancelled is not None and cancelled.status is MessageStatus.CANCELLED
    assert app.shown_ids() == app.branch_ids()


def test_the_menu_acts_on_the_clicked_row_not_a_stale_selection() -> None:
    from desktop_app.ui.sidebar import menu_targets

    assert menu_targets("c", ["a", "b"]) == ["c"]  # clicked outside the selection
    assert menu_targets("b", ["a", "b"]) == ["a", "b"]  # inside what the user selected
    assert menu_targets("c", []) == ["c"]


def test_the_highlight_follows_the_open_chat_however_it_was_opened(
    qtbot: QtBot, loop: asyncio.AbstractEventLoop, store: SqliteConversationStore
) -> None:
    app = build_app(store, loop)
    qtbot.addWidget(app.window)
    ids = []
    for word in ("alpha", "beta", "gamma"):
        app.presenter.new_chat()
        _send(app, f"about {word}")
        ids.append(_open_id(app))
    sidebar = app.window.sidebar
    # The user selects two rows with Ctrl+click...
    for cid in ids[:2]:
        index = app.model.index(_row_of(app, cid))
        QTest.mouseClick(
            sidebar.list.viewport(),
            Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.ControlModifier,
            sidebar.list.visualRect(index).center(),
        )
    # ...then opens the third from search, and later from the keyboard.
    _search(app, "gamma")
    _click_row(app, 0)
    assert sidebar.selected_ids() == [ids[2]]
    app.window.previous_requested.emit()
    assert sidebar.selected_ids() == [app.controller.conversation_id]
    app.presenter.new_chat()
    assert sidebar.selected_ids() == []
    sidebar.trash_button.click()
    sidebar.trash_button.click()
    assert sidebar.selected_ids() == []
    _click_row(app, 0)
    sidebar.trash_button.click()
    sidebar.trash_button.click()
    assert sidebar.selected_ids() == [app.controller.conversation_id]


def test_hover_actions_never_move_the_text_and_the_version_counter_stays(
    qtbot: QtBot, loop: asyncio.AbstractEventLoop, store: SqliteConversationStore
) -> None:
    from PySide6.QtCore import QEvent, QPointF
    from PySide6.QtGui import QEnterEvent

    app = build_app(store, loop)
    qtbot.addWidget(app.window)
    _send(app, "q")
    app.controller.regenerate(app.cards()[-1].message.id)
    app.idle()
    user, answer = app.cards()
    assert answer._version_label.isVisible() and answer._version_label.text() == "2/2"
    body_top = answer.body.mapTo(answer, answer.body.rect().topLeft())
    height = answer.height()

    def hover(card: object) -> None:
        point = QPointF(5, 5)
        QApplication.sendEvent(card, QEnterEvent(point, point, point))  # type: ignore[arg-type]
        QApplication.sendEvent(card, QEvent(QEvent.Type.Leave))  # type: ignore[arg-type]
        QApplication.sendEvent(card, QEnterEvent(point, point, point))  # type: ignore[arg-type]

    hover(answer)
    app.settle()
    assert answer.toolbar.isVisible()
    assert answer.body.mapTo(answer, answer.body.rect().topLeft()) == body_top
    assert answer.height() == height
    answer.setFocus()
    hover(user)
    app.settle()
    assert user.toolbar.isVisible() and not answer.toolbar.isVisible()
    assert answer._version_label.isVisible()


def test_the_status_line_tells_the_last_real_outcome_and_elides(
    qtbot: QtBot, loop: asyncio.AbstractEventLoop, store: SqliteConversationStore
) -> None:
    from desktop_app.core.errors import NetworkError

    backend = ScriptedBackend([NetworkError()], reply("back again"))
    app = build_app(store, loop, backend)
    qtbot.addWidget(app.window)
    status = app.window.status
    _send(app, "hello?")
    assert status.full_text().startswith("Offline")
    _send(app, "hello?")
    assert status.full_text().startswith("Connected to")
    app.presenter.server_outcome("failing", "<b>x</b>" + "x" * 2000)
    app.window.resize(600, 400)
    app.settle()
    shown = status.elided_text()
    assert shown.endswith("…") and status.fontMetrics().horizontalAdvance(shown) <= status.width()
    assert "x" * 200 in status.toolTip()  # the whole text, escaped


def test_automatic_titles_follow_the_setting(
    qtbot: QtBot, loop: asyncio.AbstractEventLoop, store: SqliteConversationStore
) -> None:
    from desktop_app.core.conversation import UNTITLED

    app = build_app(store, loop)
    qtbot.addWidget(app.window)
    settings = app.presenter.settings
    settings.update(replace(settings.settings, auto_title=False))  # as Settings → Apply does
    _send(app, "Plans for the weekend")
    cid = app.controller.conversation_id
    assert cid is not None
    conversation = store.get_conversation(cid)
    assert conversation is not None and conversation.title == UNTITLED
    settings.update(replace(settings.settings, auto_title=True))
    app.presenter.new_chat()
    _send(app, "Plans for the holidays")
    other = store.get_conversation(app.controller.conversation_id or "")
    assert other is not None and other.title == "Plans for the holidays"


@pytest.mark.qt_log_ignore("This plugin does not support")  # popups, offscreen
def test_the_sidebar_menu_has_no_half_features_and_goes_away_when_closed(
    qtbot: QtBot, loop: asyncio.AbstractEventLoop, store: SqliteConversationStore
) -> None:
    from PySide6.QtCore import QCoreApplication, QEvent
    from PySide6.QtWidgets import QMenu

    app = build_app(store, loop)
    qtbot.addWidget(app.window)
    _send(app, "hello")
    sidebar = app.window.sidebar
    for _ in range(3):
        sidebar.list.customContextMenuRequested.emit(
            sidebar.list.visualRect(app.model.index(0)).center()
        )
        menus = sidebar.findChildren(QMenu, options=Qt.FindChildOption.FindDirectChildrenOnly)
        assert len(menus) == 1
        labels = [a.text() for a in menus[0].actions() if a.text()]
        assert labels == ["Rename", "Pin", "Export…", "Delete"]
        menus[0].close()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
    assert sidebar.findChildren(QMenu, options=Qt.FindChildOption.FindDirectChildrenOnly) == []


@pytest.mark.qt_log_ignore("This plugin does not support")  # popups, offscreen
def test_the_trash_has_a_heading_an_empty_state_and_delete_forever(
    qtbot: QtBot, loop: asyncio.AbstractEventLoop, store: SqliteConversationStore
) -> None:
    from PySide6.QtWidgets import QMenu

    app = build_app(store, loop)
    qtbot.addWidget(app.window)
    ids = []
    for word in ("one", "two"):
        app.presenter.new_chat()
        _send(app, f"chat {word}")
        ids.append(_open_id(app))
    sidebar = app.window.sidebar
    sidebar.delete_requested.emit([ids[0]])
    app.settle()
    width = sidebar.width()
    sidebar.trash_button.click()
    app.settle()
    assert sidebar.width() == width, "the Trash's buttons must not widen the sidebar"
    assert sidebar.trash_heading.isVisible() and sidebar.trash_note.isVisible()
    assert not sidebar.trash_empty.isVisible() and app.model.ids() == [ids[0]]
    sidebar.list.customContextMenuRequested.emit(
        sidebar.list.visualRect(app.model.index(0)).center()
    )
    [menu] = sidebar.findChildren(QMenu, options=Qt.FindChildOption.FindDirectChildrenOnly)
    [forever] = [a for a in menu.actions() if a.text() == "Delete forever"]
    forever.trigger()
    assert store.get_conversation(ids[0]) is None
    assert store.get_conversation(ids[1]) is not None  # not in the Trash: untouched
    assert sidebar.trash_empty.isVisible() and not sidebar.list.isVisible()
    assert not sidebar.empty_button.isEnabled()
    sidebar.trash_button.click()
    assert not sidebar.trash_heading.isVisible() and sidebar.list.isVisible()


def test_a_new_chat_gets_its_system_prompt_before_the_first_message(
    qtbot: QtBot, loop: asyncio.AbstractEventLoop, store: SqliteConversationStore
) -> None:
    from PySide6.QtWidgets import QDialogButtonBox

    from desktop_app.core.models import GenerationParams, Role
    from desktop_app.ui.conversation_settings import ConversationSettingsDialog

    app = build_app(store, loop)
    qtbot.addWidget(app.window)
    controller = app.controller
    dialog = ConversationSettingsDialog(
        app.history,
        app.presenter.settings,
        None,
        app.window,
        pending=controller.new_chat_settings,
        keep_pending=controller.keep_new_chat_settings,
    )
    box = dialog.findChild(QDialogButtonBox)
    assert box is not None
    save = box.button(QDialogButtonBox.StandardButton.Save)
    assert save.isEnabled()
    dialog.prompt.setPlainText("Answer like a pirate.")
    dialog.params.set_params(GenerationParams(temperature=0.2))
    save.click()
    app.window.header.model.setEditText("another-model")  # a model picked before sending too
    _send(app, "hello")
    sent = app.backend.requests[-1]
    assert sent.messages[0].role is Role.SYSTEM
    assert sent.messages[0].content == "Answer like a pirate."
    assert sent.params.temperature == 0.2
    conversation = store.get_conversation(app.controller.conversation_id or "")
    assert conversation is not None and conversation.system_prompt == "Answer like a pirate."
    assert conversation.model == "another-model"


def test_layout_holds_from_600x400_to_a_wide_window(
    qtbot: QtBot, loop: asyncio.AbstractEventLoop, store: SqliteConversationStore
) -> None:
    from desktop_app.ui.chat_view import READING_WIDTH_PX

    app = build_app(store, loop)
    qtbot.addWidget(app.window)
    _send(app, "A question with a long title that goes on and on about many things " * 2)
    window, header = app.window, app.window.header
    window.resize(600, 400)
    app.settle()
    assert header.title.isVisible() and header.title.width() >= 100
    assert header.title.elided_text().endswith("…")
    assert header.title.geometry().right() < header.model.geometry().left()
    assert not window.chat_view.horizontalScrollBar().isVisible()
    window.resize(1500, 900)
    app.settle()
    widths = [card.width() for card in app.cards()]
    assert widths and max(widths) <= READING_WIDTH_PX
    centre = window.chat_view.viewport().width() / 2
    card = app.cards()[0]
    assert abs(card.geometry().center().x() - centre) < 20


def test_first_run_offers_a_custom_server_and_tests_it_before_starting(
    qtbot: QtBot, loop: asyncio.AbstractEventLoop, store: SqliteConversationStore
) -> None:
    app = build_app(store, loop)
    qtbot.addWidget(app.window)
    app.window.show_welcome(True)
    welcome = app.window.welcome
    names = [welcome.preset.itemText(i) for i in range(welcome.preset.count())]
    assert names[-1] == "Custom server"
    welcome.preset.setCurrentIndex(names.index("Ollama"))
    welcome.base_url.setText("http://127.0.0.1:8000/v1")  # edited: no longer Ollama's URL
    assert welcome.server_name() == "127.0.0.1:8000"
    welcome.preset.setCurrentIndex(len(names) - 1)
    assert welcome.base_url.text() == ""
    welcome.base_url.setText("http://127.0.0.1:8081/v1")
    welcome.test.click()
    app.wait(lambda: "Connected" in welcome.test_result.text(), "the test result")
    assert welcome.test_result.text() == "Connected: 1 models available."
    configured: list[tuple[str, str, str, str]] = []
    welcome.configured.connect(lambda *a: configured.append(a))
    welcome.start.click()
    assert configured and configured[0][0] == "127.0.0.1:8081"


def test_export_all_and_import_from_the_window_off_the_ui_thread(
    qtbot: QtBot, loop: asyncio.AbstractEventLoop, store: SqliteConversationStore, tmp_path
) -> None:
    import json

    app = build_app(store, loop)
    qtbot.addWidget(app.window)
    for word in ("one", "two"):
        app.presenter.new_chat()
        _send(app, f"chat {word}")
    target = tmp_path / "all.json"
    _transfer_actions(app).export_all(target)
    app.wait(lambda: "Exported 2" in app.window.notices.text(), "the export notice")
    data = json.loads(target.read_text(encoding="utf-8"))
    assert len(data["conversations"]) == 2
    assert not target.with_name("all.json.partial").exists()
    chatgpt = tmp_path / "conversations.json"
    chatgpt.write_text(
        json.dumps(
            [
                {
                    "id": "g1",
                    "title": "Imported from ChatGPT",
                    "create_time": 1.7e9,
                    "update_time": 1.7e9,
                    "current_node": "n2",
                    "mapping": {
                        "n1": {
                            "id": "n1",
                            "parent": None,
                            "children": ["n2"],
                            "message": {
                                "id": "n1",
                                "author": {"role": "user"},
                                "content": {"content_type": "text", "parts": ["hi"]},
                                "create_time": 1.7e9,
                            },
                        },
                        "n2": {
                            "id": "n2",
                            "parent": "n1",
                            "children": [],
                            "message": {
                                "id": "n2",
                                "author": {"role": "assistant"},
                                "content": {"content_type": "text", "parts": ["hello"]},
                                "create_time": 1.7e9 + 1,
                            },
                        },
                    },
                }
            ]
        ),
        encoding="utf-8",
    )
    _transfer_actions(app).import_file(chatgpt)
    app.wait(lambda: "Imported 1" in app.window.notices.text(), "the import notice")
    titles = [app.model.index(r).data() for r in range(app.model.rowCount())]
    assert "Imported from ChatGPT" in titles  # shown without a restart
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    _transfer_actions(app).import_file(broken)
    app.wait(lambda: "Could not import" in app.window.notices.text(), "a clear sentence")


def test_chats_imported_by_another_process_appear_when_the_window_is_used_again(
    qtbot: QtBot, loop: asyncio.AbstractEventLoop, store: SqliteConversationStore
) -> None:
    from desktop_app.core.models import Conversation, Message, Role
    from desktop_app.store.conversations import open_database

    app = build_app(store, loop)
    qtbot.addWidget(app.window)
    _send(app, "mine")
    other, _ = open_database(store.path, verify=False)  # as the CLI would
    try:
        other.import_conversation(
            Conversation(id="cli-1", title="From the command line"),
            [Message("m1", "cli-1", Role.USER, "hello")],
        )
    finally:
        other.close()
    app.presenter.check_external_changes()
    titles = [app.model.index(r).data() for r in range(app.model.rowCount())]
    assert "From the command line" in titles


def test_a_failed_turn_in_a_chat_left_behind_never_fills_the_new_chats_composer(
    qtbot: QtBot, loop: asyncio.AbstractEventLoop, store: SqliteConversationStore
) -> None:
    """Seen once: after Ctrl+N, typing then Enter left text in the composer."""
    from desktop_app.core.errors import NetworkError

    backend = ScriptedBackend(reply("first"), [0.2, NetworkError()], reply("fine"))
    app = build_app(store, loop, backend)
    qtbot.addWidget(app.window)
    _send(app, "hello")
    chat_a = app.controller.conversation_id
    composer = app.window.composer
    composer.set_text("a question that will fail")
    composer._send()
    app.window.new_chat_requested.emit()  # Ctrl+N while it is still on its way
    composer.set_text("a new question")
    composer._send()
    app.idle()
    assert composer.text() == ""
    assert app.cards()[-1].body.toPlainText().strip() == "fine"
    assert store.get_draft(chat_a or "") == "a question that will fail"
    app.presenter.open(chat_a)
    assert composer.text() == "a question that will fail"


def test_a_link_no_browser_can_open_says_so_and_offers_to_copy_it(
    qtbot: QtBot,
    loop: asyncio.AbstractEventLoop,
    store: SqliteConversationStore,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import sys

    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QGuiApplication

    from desktop_app.ui import links

    # The opener starts, then fails, as xdg-open does with no browser configured.
    failing = [sys.executable, "-c", "import sys; sys.exit(3)"]
    monkeypatch.setattr(links, "_launcher", lambda: failing)
    app = build_app(store, loop)
    qtbot.addWidget(app.window)
    _send(app, "give me a link")
    app.cards()[-1]._link(QUrl("https://example.com/docs"))
    notices = app.window.notices
    app.wait(lambda: "No browser" in notices.text(), "the notice")
    assert notices.action_button.isVisible() and notices.action_button.text() == "Copy link"
    notices.action_button.click()
    assert QGuiApplication.clipboard().text() == "https://example.com/docs"


def test_an_unexpected_error_is_said_in_the_window_with_copy_details(
    qtbot: QtBot, loop: asyncio.AbstractEventLoop, store: SqliteConversationStore
) -> None:
    from PySide6.QtGui import QGuiApplication

    app = build_app(store, loop)
    qtbot.addWidget(app.window)
    app.presenter.report_unexpected("ValueError: boom", "Traceback …\nValueError: boom")
    notices = app.window.notices
    assert "Something went wrong (ValueError: boom)" in notices.text()
    assert notices.action_button.text() == "Copy details"
    notices.action_button.click()
    assert QGuiApplication.clipboard().text().startswith("Traceback")
