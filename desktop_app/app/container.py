"""The composition root: the only module that knows every concrete class.

It builds the whole graph, each part once and complete: the services
(:meth:`Container.build`), the window over them (:func:`paint_window`,
:func:`wire_window`) and
the history commands' store (:func:`history_stores`). Dependencies go in
through constructors; nothing is patched or started afterwards, and nothing
else reaches for globals. Construction touches disk
(database, settings) but no network; the HTTP client is built inside the
running loop, on first use, by :class:`LazyChatBackend`.

Both halves are built in two steps so the window paints before most of the
app loads (docs/ARCHITECTURE.md, "Start-up"): :meth:`Foundation.open` and
:func:`paint_window` need only storage, settings and the window's widgets;
:meth:`Container.complete` and :func:`wire_window` bring in asyncio, the
chat, tool and task services, the controller and the presenter (~150 ms of
imports) and connect every widget, before the event loop hands the user's
input to anything. ``Container.build`` does both of its steps at once.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

from desktop_app.app.lazy_backend import LazyChatBackend, current_client_config, list_models_of
from desktop_app.app.paths import AppPaths
from desktop_app.core.notices import Notice, NoticeLevel
from desktop_app.core.settings import Profile, Settings
from desktop_app.services.history_service import HistoryService
from desktop_app.services.reporting import QueuedReporter
from desktop_app.services.secret_writes import SecretWrites
from desktop_app.services.settings_service import SettingsService
from desktop_app.store.backup import maybe_daily_backup
from desktop_app.store.conversations import SqliteConversationStore, open_database
from desktop_app.store.readonly import open_for_reading
from desktop_app.store.secrets import KeyringSecretStore
from desktop_app.store.settings_file import load_settings, save_settings

if TYPE_CHECKING:
    # What loads after the first frame (Container.complete, wire_window):
    # asyncio comes with the task manager and the chat service.
    # httpx costs ~100 ms to import: it loads after the window is on screen
    # (LazyChatBackend.prepare) or on an earlier send.
    # Qt and the UI load only for the window (paint_window, wire_window), never for the CLI.
    from PySide6.QtWidgets import QApplication

    from desktop_app.app.history_cli import HistoryStores
    from desktop_app.app.tasks import TaskManager
    from desktop_app.render.markdown import CodeTheme, MarkdownRenderer
    from desktop_app.services.chat_service import ChatService, TurnDefaults
    from desktop_app.services.tool_service import ToolService
    from desktop_app.tools.manager import McpManager
    from desktop_app.ui.chat_controller import ChatController
    from desktop_app.ui.conversations_model import ConversationsModel
    from desktop_app.ui.main_presenter import MainPresenter
    from desktop_app.ui.main_window import MainWindow
    from desktop_app.ui.style import ThemeManager

RUNNING_MARKER = ".running"


def _mcp_host() -> McpManager:
    """The MCP client, imported when a consented server first starts (not at launch)."""
    from desktop_app.tools.manager import McpManager

    return McpManager()


def save_tool_image(paths: AppPaths, message_id: str, index: int, mime: str, data: bytes) -> str:
    """A picture a tool returned, kept as a local file beside the history."""
    folder = paths.data_dir / "tool-images"
    folder.mkdir(parents=True, exist_ok=True)
    suffix = {"image/png": ".png", "image/jpeg": ".jpg", "image/gif": ".gif"}.get(mime, ".img")
    path = folder / f"{message_id}-{index}{suffix}"
    path.write_bytes(data)
    return str(path)


def turn_defaults(settings: SettingsService) -> TurnDefaults:
    """What a new turn uses unless its conversation says otherwise."""
    from desktop_app.services.chat_service import TurnDefaults

    return TurnDefaults(
        model=settings.effective_profile().default_model,
        system_prompt=settings.settings.default_system_prompt,
        params=settings.settings.default_params,
        image_turns=max(0, settings.settings.attach_image_turns),
    )


@dataclass(frozen=True)
class Foundation:
    """What the first frame needs: storage, settings and the history over them.

    Opening it imports no asyncio and nothing of the network, chat or tools
    (tests/unit/app/test_first_paint_imports.py keeps it so).
    """

    paths: AppPaths
    store: SqliteConversationStore
    settings: SettingsService
    history: HistoryService
    #: The message bridge: holds what start-up reports until the window attaches.
    reporter: QueuedReporter
    #: Where keys and other secrets live (the keyring, or memory for the session).
    secrets: SecretWrites
    #: The last run did not close cleanly: check the file (off the UI thread).
    needs_integrity_check: bool = False
    #: Replies a crash left streaming, marked interrupted as the history opened.
    interrupted: int = 0

    @classmethod
    def open(cls, paths: AppPaths, env: dict[str, str] | None = None) -> Foundation:
        """Open storage and settings (raises ``StorageError`` if history is unusable).

        Replies the last run left ``streaming`` are marked interrupted here,
        before anything (the window, a test, a script) can read them as live.
        """
        paths.ensure()
        # PRAGMA quick_check reads the whole file (5-19 s on a 1.9 GB history),
        # so it runs only when the last run did not close cleanly, and then
        # after the window is shown, on a worker thread (check_integrity). A
        # file that is not a database at all is still caught by the open itself.
        running = paths.data_dir / RUNNING_MARKER
        crashed = running.exists()
        store, recovered = open_database(
            paths.database, backups_dir=paths.backups_dir, verify=False
        )
        running.touch()
        reporter = QueuedReporter()
        if recovered is not None:  # said in the window, once there is one
            reporter.report(Notice.of_error(recovered, NoticeLevel.WARNING))

        def load() -> Settings:
            return load_settings(paths.settings_file)

        def save(settings: Settings) -> None:
            save_settings(paths.settings_file, settings)

        async def test(profile: Profile, key: str | None) -> list[str]:
            return await list_models_of(profile, key, settings.settings)

        secrets = SecretWrites(KeyringSecretStore(), reporter)
        settings = SettingsService(
            load, save, secrets, test, env=os.environ if env is None else env
        )
        history = HistoryService(store, reporter=reporter)
        return cls(
            paths=paths,
            store=store,
            settings=settings,
            history=history,
            reporter=reporter,
            secrets=secrets,
            needs_integrity_check=crashed,
            interrupted=history.recover_interrupted(),
        )


@dataclass(frozen=True)
class Container:
    """The services' graph, complete once built: nothing is set or started later."""

    foundation: Foundation
    tasks: TaskManager
    backend: LazyChatBackend
    chat: ChatService
    tools: ToolService

    @classmethod
    def build(cls, paths: AppPaths, env: dict[str, str] | None = None) -> Container:
        """Open storage and settings (raises ``StorageError`` if history is unusable)."""
        return cls.complete(Foundation.open(paths, env))

    @classmethod
    def complete(cls, foundation: Foundation) -> Container:
        """The rest of the graph over an open foundation (after the first frame)."""
        from desktop_app.app.tasks import TaskManager
        from desktop_app.services.chat_service import ChatService
        from desktop_app.services.tool_loop import ToolLoop
        from desktop_app.services.tool_service import ToolService
        from desktop_app.store.tool_config import TOOLS_NAME, ToolConfigFile

        paths, settings, store = foundation.paths, foundation.settings, foundation.store
        backend = LazyChatBackend(
            lambda: current_client_config(settings), ready=settings.secrets_ready
        )
        tools = ToolService(
            ToolConfigFile(paths.config_dir / TOOLS_NAME), foundation.secrets, _mcp_host
        )
        loop = ToolLoop(
            tools,
            store,
            round_limit=lambda: settings.settings.tool_round_limit,
            timeout=lambda: settings.settings.tool_timeout_s,
            save_image=partial(save_tool_image, paths),
        )
        return cls(
            foundation=foundation,
            tasks=TaskManager(),
            backend=backend,
            chat=ChatService(store, backend, lambda: turn_defaults(settings), tools=loop),
            tools=tools,
        )

    @property
    def paths(self) -> AppPaths:
        return self.foundation.paths

    @property
    def store(self) -> SqliteConversationStore:
        return self.foundation.store

    @property
    def settings(self) -> SettingsService:
        return self.foundation.settings

    @property
    def history(self) -> HistoryService:
        return self.foundation.history

    @property
    def reporter(self) -> QueuedReporter:
        return self.foundation.reporter

    @property
    def needs_integrity_check(self) -> bool:
        return self.foundation.needs_integrity_check

    @contextmanager
    def worker_store(self) -> Iterator[SqliteConversationStore]:
        """A second connection to the history, for a job on a worker thread."""
        store, _ = open_database(self.paths.database, verify=False)
        try:
            yield store
        finally:
            store.close()

    def check_integrity(self) -> list[str]:
        """What ``PRAGMA quick_check`` finds wrong; run it in ``asyncio.to_thread``."""
        from desktop_app.store.maintenance import integrity_problems

        return integrity_problems(self.paths.database)

    def daily_backup(self) -> None:
        settings = self.settings.settings
        if settings.backup_daily:
            maybe_daily_backup(self.paths.database, self.paths.backups_dir, settings.backup_keep)

    async def close(self) -> None:
        """Quit in order: cancel turns (stored as cancelled), close HTTP, close the DB."""
        await self.tasks.cancel_all()
        await self.tools.shutdown()  # every MCP server process ends with the app
        await self.backend.aclose()
        self.history.stop_retrying()
        self.store.close()
        (self.paths.data_dir / RUNNING_MARKER).unlink(missing_ok=True)


# ----------------------------------------------------------- history commands


def history_stores(paths: AppPaths) -> HistoryStores:
    """The history as ``export`` (read-only, as it is) and ``import``/``backup`` open it."""
    from desktop_app.app.history_cli import HistoryStores

    return HistoryStores(
        database=paths.database,
        backups_dir=paths.backups_dir,
        open_for_reading=partial(open_for_reading, paths.database),
        open_for_writing=partial(open_database, paths.database, backups_dir=paths.backups_dir),
    )


def run_history_command(args: argparse.Namespace, paths: AppPaths) -> int:
    """``export`` / ``import`` / ``backup``: no window, no Qt (``desktop_app.cli``)."""
    from desktop_app.app import history_cli

    return history_cli.run(args, history_stores(paths))


# ------------------------------------------------------------------ window


@dataclass(frozen=True)
class Shell:
    """The window as its first frame shows it: styled and filled, not yet wired."""

    theme: ThemeManager
    model: ConversationsModel
    main: MainWindow


@dataclass(frozen=True)
class Window:
    """The window and what drives it, every widget wired."""

    theme: ThemeManager
    model: ConversationsModel
    main: MainWindow
    controller: ChatController
    presenter: MainPresenter

    @property
    def shell(self) -> Shell:
        return Shell(self.theme, self.model, self.main)


def paint_window(f: Foundation, app: QApplication) -> Shell:
    """The styled window with the sidebar's first page and an empty new chat.

    It shows what ``MainPresenter.open(None)`` will show once wired, so the
    first frame is the window the user gets. The UI is imported here, not
    at the top, so the history commands that use this module never import
    Qt. Markdown and Pygments load on the first render, httpx on the first
    request.
    """
    from desktop_app.core.conversation import UNTITLED
    from desktop_app.core.history import NEW_CHAT_DRAFT
    from desktop_app.services.reporting import reporting
    from desktop_app.ui.conversations_model import ConversationsModel
    from desktop_app.ui.main_window import MainWindow

    theme = _install_look(app, f.settings.settings)
    model = ConversationsModel(
        fetch=f.history.list_page,
        count=f.history.count,
        # A rename the history refuses says why (the title stays as it was).
        rename=reporting(f.reporter, f.history.rename, None),
    )
    window = MainWindow(model)
    window.composer.set_send_key(f.settings.settings.send_key)
    window.apply_icons(theme.is_dark)
    theme.changed.connect(window.apply_icons)
    window.set_conversation_title(UNTITLED)
    window.header.set_model(f.settings.effective_profile().default_model)
    window.composer.set_text(f.history.get_draft(NEW_CHAT_DRAFT))
    model.reload()  # the first page of conversations
    return Shell(theme, model, window)


def wire_window(c: Container, shell: Shell) -> Window:
    """The controller, presenter and dialogs over a painted window, all connected.

    Runs before the event loop delivers any input (``app/main.py``), so a
    key pressed while this loads waits in the queue and reaches a wired window.
    """
    from desktop_app.services.model_caps import ModelCapabilities
    from desktop_app.services.window_transfer import WindowTransfer
    from desktop_app.ui.chat_controller import ChatController
    from desktop_app.ui.main_presenter import MainPresenter
    from desktop_app.ui.settings_windows import SettingsWindows
    from desktop_app.ui.tool_approval import ToolPrompter
    from desktop_app.ui.tools_switch import connect_tools_switch

    theme, model, window = shell.theme, shell.model, shell.main

    def code_theme() -> CodeTheme:
        from desktop_app.render.markdown import CodeTheme

        return CodeTheme.DARK if theme.is_dark else CodeTheme.LIGHT

    controller = ChatController(
        c.chat,
        c.history,
        _new_renderer,
        window.chat_view,
        c.tasks,
        window,
        reporter=c.reporter,
        settings=lambda: c.settings.settings,
        code_theme=code_theme,
        tool_prompter=ToolPrompter(window.chat_view, window.notices, window),
    )
    switch = connect_tools_switch(window, controller, c.tools)
    caps = ModelCapabilities(
        c.backend.model_info, lambda: c.settings.effective_profile().model_overrides
    )

    def rerender(_dark: bool) -> None:
        """Code colours follow the theme: re-render the open chat when it flips."""
        if not controller.is_streaming():
            controller.open(controller.conversation_id)

    theme.changed.connect(rerender)

    def settings_changed() -> None:
        c.backend.reconfigure()
        caps.forget()  # another server may know other models
        settings = c.settings.settings
        window.composer.set_send_key(settings.send_key)
        theme.set_font_size(settings.font_size, restyle=False)
        theme.apply(settings.theme)
        switch.refresh()

    dialogs = SettingsWindows(
        c.history, c.settings, window, controller, settings_changed, tools=c.tools
    )
    presenter = MainPresenter(
        window,
        model,
        controller,
        c.history,
        c.settings,
        c.tasks,
        on_settings_changed=settings_changed,
        open_settings=dialogs.open_settings,
        open_conversation_settings=dialogs.open_conversation_settings,
        list_models=c.backend.list_models,
        transfer=WindowTransfer(c.worker_store),
        reporter=c.reporter,
        caps=caps,
    )
    return Window(theme, model, window, controller, presenter)


def _new_renderer() -> MarkdownRenderer:
    """The one markdown renderer, made by the controller on its first render."""
    from desktop_app.render.markdown import MarkdownRenderer

    return MarkdownRenderer()


def _install_look(app: QApplication, settings: Settings) -> ThemeManager:
    from desktop_app.ui.i18n import install_translator
    from desktop_app.ui.style import ThemeManager

    install_translator(app, settings.language)
    theme = ThemeManager(app)
    theme.set_font_size(settings.font_size, restyle=False)
    theme.apply(settings.theme)
    return theme
