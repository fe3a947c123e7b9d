"""The controller on the real qasync loop: streamed turns reach the view."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import pytest
from pytestqt.qtbot import QtBot

from desktop_app.app.tasks import TaskManager
from desktop_app.core.errors import AuthError
from desktop_app.core.events import TextDelta, TurnStarted
from desktop_app.core.models import MessageStatus, Role
from desktop_app.core.notices import Notice
from desktop_app.render.markdown import MarkdownRenderer
from desktop_app.services.chat_service import ChatService, TurnDefaults
from desktop_app.services.history_service import HistoryService
from desktop_app.store.conversations import SqliteConversationStore
from desktop_app.ui.chat_controller import ChatController
from desktop_app.ui.chat_view import ChatView
from tests.unit.services.scripted_backend import ScriptedBackend, reply


class Notices:
    """A reporter that keeps (level, text, action) of each notice, as the bar would show it."""

    def __init__(self) -> None:
        self.shown: list[tuple[str, str, str]] = []

    def report(self, notice: Notice) -> None:
        self.shown.append((notice.level, notice.text, notice.action))


def _controller(
    qtbot: QtBot,
    store: SqliteConversationStore,
    backend: ScriptedBackend,
    notices: Notices | None = None,
) -> tuple[ChatController, ChatView, TaskManager]:
    view = ChatView()
    qtbot.addWidget(view)
    view.resize(700, 500)
    view.show()
    tasks = TaskManager()
    service = ChatService(store, backend, lambda: TurnDefaults(model="m"))
    controller = ChatController(
        service,
        HistoryService(store),
        MarkdownRenderer(),
        view,
        tasks,
        reporter=notices or Notices(),
    )
    return controller, view, tasks


def _wait(loop: asyncio.AbstractEventLoop, condition: Callable[[], bool]) -> None:
    async def poll() -> None:
        for _ in range(500):
            if condition():
                return
            await asyncio.sleep(0.01)
        raise AssertionError("condition not met in 5 s")

    loop.run_until_complete(poll())


def test_send_streams_markdown_into_a_card_and_finishes(
    qtbot: QtBot, loop: asyncio.AbstractEventLoop, store: SqliteConversationStore
) -> None:
    backend = ScriptedBackend(reply("# Title\n\n", "Some **bold** ", "text.\n"))
    controller, view, tasks = _controller(qtbot, store, backend)
    states: list[bool] = []
    controller.streaming_changed.connect(states.append)
    controller.send("hello")
    _wait(loop, lambda: not tasks.running_names())
    cards = view.cards()
    assert [c.message.role for c in cards] == [Role.USER, Role.ASSISTANT]
    assert cards[1].message.status is MessageStatus.COMPLETE
    assert "Some bold text." in cards[1].body.toPlainText()
    assert "**" not in cards[1].body.toPlainText()
    assert states[0] is True and states[-1] is False
    assert controller.conversation_id is not None


def test_a_burst_of_deltas_repaints_a_few_times_not_per_token(
    qtbot: QtBot,
    loop: asyncio.AbstractEventLoop,
    store: SqliteConversationStore,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    burst = [TurnStarted(None, None)] + [TextDelta("word ") for _ in range(2000)]
    backend = ScriptedBackend([*burst, 0.1, *reply("end")[1:]])
    controller, view, tasks = _controller(qtbot, store, backend)
    from desktop_app.ui import message_view

    updates: list[int] = []
    original = message_view.MessageBody.apply_stream

    def counting(self: message_view.MessageBody, committed: str, pending: str) -> None:
        updates.append(1)
        original(self, committed, pending)

    monkeypatch.setattr(message_view.MessageBody, "apply_stream", counting)
    controller.send("go")
    _wait(loop, lambda: not tasks.running_names())
    assert 1 <= len(updates) <= 20, len(updates)
    assert view.cards()[1].body.toPlainText().count("word") == 2000


def test_failed_request_puts_text_back_and_says_why(
    qtbot: QtBot, loop: asyncio.AbstractEventLoop, store: SqliteConversationStore
) -> None:
    reporter = Notices()
    controller, view, tasks = _controller(qtbot, store, ScriptedBackend([AuthError()]), reporter)
    restored: list[str] = []
    notices = reporter.shown
    controller.restore_composer.connect(restored.append)
    controller.send("please keep me")
    _wait(loop, lambda: not tasks.running_names())
    assert restored == ["please keep me"]
    assert notices and notices[-1][0] == "error" and "API key" in notices[-1][1]
    assert notices[-1][2] == "open_settings"
    assert view.cards() == []


def test_stop_keeps_partial_text_marked_stopped(
    qtbot: QtBot, loop: asyncio.AbstractEventLoop, store: SqliteConversationStore
) -> None:
    script = [TurnStarted(None, None), TextDelta("partial answer"), 10.0]
    controller, view, tasks = _controller(qtbot, store, ScriptedBackend(script))
    controller.send("q")
    _wait(loop, lambda: len(view.cards()) == 2 and "partial" in view.cards()[1].body.toPlainText())
    controller.stop()
    _wait(loop, lambda: not tasks.running_names())
    reply_card = view.cards()[1]
    assert reply_card.message.status is MessageStatus.CANCELLED
    assert "Stopped." in reply_card.footer.text()
    assert "partial answer" in reply_card.body.toPlainText()


def test_regenerate_shows_version_navigation(
    qtbot: QtBot, loop: asyncio.AbstractEventLoop, store: SqliteConversationStore
) -> None:
    backend = ScriptedBackend(reply("one"), reply("two"))
    controller, view, tasks = _controller(qtbot, store, backend)
    controller.send("q")
    _wait(loop, lambda: not tasks.running_names())
    first = view.cards()[1].message.id
    controller.on_action("regenerate", first)
    _wait(loop, lambda: not tasks.running_names())
    controller.open(controller.conversation_id)
    card = view.cards()[-1]
    assert "two" in card.body.toPlainText()
    assert card._version_label.text() == "2/2"
    controller.on_action("prev-version", card.message.id)
    assert "one" in view.cards()[-1].body.toPlainText()


def test_continue_grows_the_same_card_and_clears_the_warning(
    qtbot: QtBot, loop: asyncio.AbstractEventLoop, store: SqliteConversationStore
) -> None:
    from desktop_app.core.models import FinishReason

    backend = ScriptedBackend(reply("cut ", reason=FinishReason.LENGTH), reply("and the rest"))
    controller, view, tasks = _controller(qtbot, store, backend)
    controller.send("q")
    _wait(loop, lambda: not tasks.running_names())
    card = view.cards()[1]
    assert "max-tokens" in card.footer.text()
    controller.on_action("continue", card.message.id)
    _wait(loop, lambda: not tasks.running_names())
    assert len(view.cards()) == 2
    assert "cut and the rest" in view.cards()[1].body.toPlainText()
    assert "max-tokens" not in view.cards()[1].footer.text()


def test_a_send_refused_before_storing_gives_the_text_back(
    qtbot: QtBot, loop: asyncio.AbstractEventLoop, store: SqliteConversationStore
) -> None:
    view = ChatView()
    qtbot.addWidget(view)
    tasks = TaskManager()
    service = ChatService(store, ScriptedBackend(), lambda: TurnDefaults(model=""))
    reporter = Notices()
    controller = ChatController(
        service, HistoryService(store), MarkdownRenderer(), view, tasks, reporter=reporter
    )
    restored: list[str] = []
    controller.restore_composer.connect(restored.append)
    controller.send("my question")
    _wait(loop, lambda: not tasks.running_names())
    notices = [text for _, text, _ in reporter.shown]
    assert restored == ["my question"]
    assert notices and "model" in notices[-1]
