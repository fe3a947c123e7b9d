"""The real main window with its presenter, controller and services, offscreen.

Built the way ``app/main.py`` builds it, over a real SQLite file, with only
the network replaced by :class:`ScriptedBackend`. The walk tests (crash
regressions, the randomized stateful test) drive it as a user would: through
the widgets' own signals and clicks, then check what is on screen against
what is in the store.
"""

from __future__ import annotations

import asyncio
import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QApplication

from desktop_app.app.container import turn_defaults
from desktop_app.app.tasks import TaskManager
from desktop_app.core.models import Message
from desktop_app.core.ports import SecretStore
from desktop_app.core.settings import Settings
from desktop_app.render.markdown import MarkdownRenderer
from desktop_app.services.chat_service import ChatService
from desktop_app.services.history_service import HistoryService
from desktop_app.services.reporting import QueuedReporter, reporting
from desktop_app.services.settings_service import SettingsService
from desktop_app.services.tool_loop import ToolLoop
from desktop_app.services.window_transfer import WindowTransfer
from desktop_app.store.conversations import SqliteConversationStore, open_database
from desktop_app.ui.chat_controller import ChatController
from desktop_app.ui.conversations_model import ConversationsModel
from desktop_app.ui.main_presenter import MainPresenter
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.message_view import MessageCard
from tests.unit.services.scripted_backend import ScriptedBackend
from tests.unit.services.test_settings_service import DictSecrets


@contextmanager
def _worker_store(path: Path) -> Iterator[SqliteConversationStore]:
    """What the composition root hands a worker thread: its own connection."""
    store, _ = open_database(path, verify=False)
    try:
        yield store
    finally:
        store.close()


@dataclass
class App:
    """The wired graph, and helpers that wait for it the way a user would."""

    window: MainWindow
    presenter: MainPresenter
    controller: ChatController
    history: HistoryService
    store: SqliteConversationStore
    backend: ScriptedBackend
    tasks: TaskManager
    model: ConversationsModel
    loop: asyncio.AbstractEventLoop
    _settles: int = 0

    def wait(self, condition: Callable[[], bool], what: str = "condition") -> None:
        """Run the loop until ``condition`` holds (readiness, never a fixed sleep)."""

        async def poll() -> None:
            for _ in range(2000):
                if condition():
                    return
                await asyncio.sleep(0.005)
            raise AssertionError(f"{what}: not reached in 10 s")

        self.loop.run_until_complete(poll())

    def idle(self) -> None:
        """Let the turns finish and every deferred step run, deletions included."""
        self.wait(lambda: not self.tasks.running_names(), "turns finished")
        self.settle()

    def settle(self) -> None:
        """Process posted events, deferred deletes and a GC pass, as time passing would."""
        self.loop.run_until_complete(asyncio.sleep(0.002))
        self.window.chat_view.finish_building()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
        QApplication.processEvents()
        # A full collection is what freed the stale card wrapper behind the
        # search-hit segfault; every fourth settle keeps the walk fast.
        self._settles += 1
        gc.collect(2 if self._settles % 4 == 0 else 1)
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)

    def cards(self) -> list[MessageCard]:
        return self.window.chat_view.cards()

    def shown_ids(self) -> list[str]:
        return [card.message.id for card in self.cards()]

    def branch_ids(self) -> list[str]:
        """The current branch of the open conversation, as the store has it."""
        cid = self.controller.conversation_id
        if cid is None:
            return []
        return [m.id for m in self.branch()]

    def version_labels(self) -> list[str]:
        """The ‹ n/m › text of each card on screen ("" where it is hidden)."""
        labels = []
        for card in self.cards():
            label = card._version_label
            labels.append(label.text() if not label.isHidden() else "")
        return labels

    def stored_version_labels(self) -> list[str]:
        """What each shown card's ‹ n/m › should say, from the store."""
        labels = []
        for card in self.cards():
            index, count = self.history.version_position(card.message.id)
            labels.append(f"{index}/{count}" if count > 1 else "")
        return labels

    def composer_streaming(self) -> bool:
        return bool(self.window.composer._streaming)

    def branch(self) -> list[Message]:
        cid = self.controller.conversation_id
        if cid is None:
            return []
        return list(self.store.current_branch_tail(cid, 1_000_000).messages)


def build_app(
    store: SqliteConversationStore,
    loop: asyncio.AbstractEventLoop,
    backend: ScriptedBackend | None = None,
    settings: Settings | None = None,
    secrets: SecretStore | None = None,
    tools: ToolLoop | None = None,
) -> App:
    """Wire window, presenter, controller and services like ``app/main.py`` does.

    ``secrets`` replaces the dict the keys are kept in (a keyring that blocks).
    """
    backend = backend or ScriptedBackend()
    history = HistoryService(store)
    tasks = TaskManager()
    saved: list[Settings] = [settings or Settings()]

    async def no_connection_test(profile: object, key: object) -> list[str]:
        return ["m1"]

    settings_service = SettingsService(
        lambda: saved[0], saved.append, secrets or DictSecrets(), no_connection_test, env={}
    )
    reporter = QueuedReporter()
    model = ConversationsModel(
        fetch=lambda offset, limit: history.list_page(offset, limit),
        count=history.count,
        rename=reporting(reporter, history.rename, None),
    )
    window = MainWindow(model)
    # What the composition root hands a turn (system prompt, parameters…), on the scripted model.
    chat = ChatService(
        store,
        backend,
        lambda: replace(turn_defaults(settings_service), model="scripted-model"),
        tools=tools,
    )
    renderer = MarkdownRenderer()
    controller = ChatController(
        chat,
        history,
        lambda: renderer,
        window.chat_view,
        tasks,
        window,
        reporter=reporter,
        settings=lambda: settings_service.settings,
    )
    presenter = MainPresenter(
        window,
        model,
        controller,
        history,
        settings_service,
        tasks,
        on_settings_changed=lambda: None,
        open_settings=lambda: None,
        open_conversation_settings=lambda: None,
        list_models=lambda: None,
        transfer=WindowTransfer(lambda: _worker_store(store.path)),
        reporter=reporter,
    )
    reporter.attach(window.notices)
    model.reload()
    window.resize(900, 640)
    window.show_welcome(False)
    window.show()
    presenter.open(None)
    return App(window, presenter, controller, history, store, backend, tasks, model, loop)
