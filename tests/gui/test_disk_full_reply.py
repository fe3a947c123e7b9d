"""The disk fills while a reply streams: the user keeps reading, is told once,
and the reply is stored complete once space returns (issue 11 item 11)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
from pytestqt.qtbot import QtBot

from desktop_app.app.tasks import TaskManager
from desktop_app.core.events import StreamEvent, TextDelta, TurnFinished, TurnStarted
from desktop_app.core.models import ChatRequest, FinishReason, MessageStatus
from desktop_app.core.notices import Notice
from desktop_app.render.markdown import MarkdownRenderer
from desktop_app.services import history_service
from desktop_app.services.chat_service import ChatService, TurnDefaults
from desktop_app.services.history_service import HistoryService
from desktop_app.store.conversations import SqliteConversationStore
from desktop_app.ui.chat_controller import ChatController
from desktop_app.ui.chat_view import ChatView
from tests.gui.test_chat_controller import _wait
from tests.unit.services.scripted_backend import ScriptedBackend

PARTS = [f"Sentence number {i}. " for i in range(8)]


class FillsTheDisk(ScriptedBackend):
    """Streams PARTS; after the third the history's disk refuses every write."""

    def __init__(self, store: SqliteConversationStore) -> None:
        super().__init__()
        self.store = store

    async def stream_chat(self, request: ChatRequest) -> AsyncIterator[StreamEvent]:
        yield TurnStarted("r", "m")
        for i, part in enumerate(PARTS):
            if i == 3:
                self.store._db.conn.execute("PRAGMA query_only = ON")
            yield TextDelta(part)
            await asyncio.sleep(0)
        yield TurnFinished(FinishReason.STOP)


class Notes:
    """What the controller tells the user, as (level, text)."""

    def __init__(self) -> None:
        self.said: list[tuple[str, str]] = []

    def report(self, notice: Notice) -> None:
        self.said.append((notice.level.value, notice.text))


def test_a_full_disk_mid_reply_keeps_the_text_on_screen_and_saves_it_later(
    qtbot: QtBot,
    loop: asyncio.AbstractEventLoop,
    store: SqliteConversationStore,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(history_service, "SAVE_RETRY_S", 0.02)
    view = ChatView()
    qtbot.addWidget(view)
    view.show()
    tasks = TaskManager()
    ticks = iter(range(100_000))
    service = ChatService(
        store, FillsTheDisk(store), lambda: TurnDefaults(model="m"), clock=lambda: next(ticks)
    )
    reporter = Notes()
    controller = ChatController(
        service, HistoryService(store), MarkdownRenderer(), view, tasks, reporter=reporter
    )
    notices = reporter.said
    updated: list[str] = []
    controller.conversation_updated.connect(updated.append)
    controller.send("Tell me")
    _wait(loop, lambda: not tasks.is_running(f"turn:{controller.conversation_id}"))
    reply_card = view.cards()[-1]
    # The whole reply is still on screen, though the store has an older text.
    assert reply_card.body.toPlainText().strip() == "".join(PARTS).strip()
    paused = [t for k, t in notices if "saving is paused" in t]
    assert len(paused) == 1 and not any(k == "error" for k, _ in notices)
    assert store.pending_writes > 0
    store._db.conn.execute("PRAGMA query_only = OFF")  # space again
    _wait(loop, lambda: store.pending_writes == 0 and not tasks.running_names())
    stored = store.get_message(reply_card.message.id)
    assert stored is not None and stored.status is MessageStatus.COMPLETE
    assert stored.content == "".join(PARTS)
    assert any("Saving resumed" in t for _, t in notices)
    assert updated[-1] == controller.conversation_id  # the sidebar shows the saved title
    saved = store.get_conversation(controller.conversation_id)
    assert saved is not None and saved.title == "Tell me"
