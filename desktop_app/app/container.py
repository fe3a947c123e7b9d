"""The composition root: the only module that knows every concrete class.

It builds the whole graph, each part once and complete: the services
(:meth:`Container.build`), the window over them (:func:`build_window`) and
the history commands' store (:func:`history_stores`). Dependencies go in
through constructors; nothing is patched or started afterwards, and nothing
else reaches for globals. Construction touches disk
(database, settings) but no network; the HTTP client is built inside the
running loop, on first use, by :class:`LazyChatBackend`.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

from desktop_app.app.paths import AppPaths
from desktop_app.app.tasks import TaskManager
from desktop_app.core.capabilities import ModelInfo
from desktop_app.core.events import StreamEvent
from desktop_app.core.models import ChatRequest, Completion
from desktop_app.core.notices import Notice, NoticeLevel
from desktop_app.core.settings import Profile, Settings
from desktop_app.services.chat_service import ChatService, TurnDefaults
from desktop_app.services.history_service import HistoryService
from desktop_app.services.reporting import QueuedReporter
from desktop_app.services.settings_service import SettingsService
from desktop_app.services.tool_loop import ToolLoop
from desktop_app.services.tool_service import ToolService
from desktop_app.store.backup import maybe_daily_backup
from desktop_app.store.conversations import SqliteConversationStore, open_database
from desktop_app.store.readonly import open_for_reading
from desktop_app.store.secrets import KeyringSecretStore
from desktop_app.store.settings_file import load_settings, save_settings
from desktop_app.store.tool_config import TOOLS_NAME, ToolConfigFile

if TYPE_CHECKING:
    # httpx costs ~100 ms to import: it loads after the window is on screen
    # (LazyChatBackend.prepare) or on an earlier send.
    # Qt and the UI load only for the window (build_window), never for the CLI.
    from PySide6.QtWidgets import QApplication

    from desktop_app.api.client import ChatClient, ClientConfig
    from desktop_app.app.history_cli import HistoryStores
    from desktop_app.render.markdown import CodeTheme, MarkdownRenderer
    from desktop_app.tools.manager import McpManager
    from desktop_app.ui.chat_controller import ChatController
    from desktop_app.ui.conversations_model import ConversationsModel
    from desktop_app.ui.main_presenter import MainPresenter
    from desktop_app.ui.main_window import MainWindow
    from desktop_app.ui.style import ThemeManager

RUNNING_MARKER = ".running"


def client_config(profile: Profile, key: str | None, settings: Settings) -> ClientConfig:
    from desktop_app.api.client import ClientConfig

    return ClientConfig(
        base_url=profile.base_url,
        api_key=key or "",
        extra_headers=dict(profile.extra_headers),
        proxy=profile.proxy,
        ca_bundle=profile.ca_bundle,
        read_timeout=settings.read_timeout_s,
    )


async def list_models_of(profile: Profile, key: str | None, settings: Settings) -> list[str]:
    """The connection test: a short-lived client for a profile being edited."""
    from desktop_app.api.client import ChatClient

    client = ChatClient(client_config(profile, key, settings))
    try:
        return await client.list_models()
    finally:
        await client.aclose()


class LazyChatBackend:
    """The chat backend, with the HTTP client built on first use.

    httpx's import and ``AsyncClient`` construction (SSL context, certifi)
    cost ~100 ms; the app builds it right after the window shows
    (:meth:`prepare`), and a send that comes earlier builds it then. Callers
    never ask whether it exists: reconfiguring or closing a client not built
    yet is nothing to do. Satisfies ``core.ports.ChatBackend``.
    """

    def __init__(self, config: Callable[[], ClientConfig]) -> None:
        self._config = config
        self._client: ChatClient | None = None

    def _get(self) -> ChatClient:
        if self._client is None:
            from desktop_app.api.client import ChatClient

            self._client = ChatClient(self._config())
        return self._client

    def prepare(self) -> None:
        """Build the client now (after the first paint), not on the first send."""
        self._get()

    def reconfigure(self) -> None:
        """After a settings or key change: same transport, new URL/key/headers."""
        if self._client is not None:
            self._client.configure(self._config())

    async def aclose(self) -> None:
        if self._client is not None:
            await self._client.aclose()

    def stream_chat(self, request: ChatRequest) -> AsyncIterator[StreamEvent]:
        return self._get().stream_chat(request)

    async def complete(self, request: ChatRequest) -> Completion:
        return await self._get().complete(request)

    async def list_models(self) -> list[str]:
        return await self._get().list_models()

    async def model_info(self, model: str) -> ModelInfo:
        return await self._get().model_info(model)


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


def current_client_config(settings: SettingsService) -> ClientConfig:
    """The active profile's connection, with environment overrides and its key."""
    profile = settings.effective_profile()
    return client_config(profile, settings.api_key(profile.id), settings.settings)


def turn_defaults(settings: SettingsService) -> TurnDefaults:
    """What a new turn uses unless its conversation says otherwise."""
    return TurnDefaults(
        model=settings.effective_profile().default_model,
        system_prompt=settings.settings.default_system_prompt,
        params=settings.settings.default_params,
        image_turns=max(0, settings.settings.attach_image_turns),
    )


@dataclass(frozen=True)
class Container:
    """The services' graph, complete once built: nothing is set or started later."""

    paths: AppPaths
    store: SqliteConversationStore
    settings: SettingsService
    history: HistoryService
    tasks: TaskManager
    #: The message bridge: holds what start-up reports until the window attaches.
    reporter: QueuedReporter
    backend: LazyChatBackend
    chat: ChatService
    tools: ToolService
    #: The last run did not close cleanly: check the file (off the UI thread).
    needs_integrity_check: bool = False

    @classmethod
    def build(cls, paths: AppPaths, env: dict[str, str] | None = None) -> Container:
        """Open storage and settings (raises ``StorageError`` if history is unusable)."""
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

        secrets = KeyringSecretStore()
        settings = SettingsService(
            load, save, secrets, test, env=os.environ if env is None else env
        )
        backend = LazyChatBackend(lambda: current_client_config(settings))
        tools = ToolService(ToolConfigFile(paths.config_dir / TOOLS_NAME), secrets, _mcp_host)
        loop = ToolLoop(
            tools,
            store,
            round_limit=lambda: settings.settings.tool_round_limit,
            timeout=lambda: settings.settings.tool_timeout_s,
            save_image=partial(save_tool_image, paths),
        )
        return cls(
            paths=paths,
            store=store,
            settings=settings,
            history=HistoryService(store),
            tasks=TaskManager(),
            reporter=reporter,
            backend=backend,
            chat=ChatService(store, backend, lambda: turn_defaults(settings), tools=loop),
            tools=tools,
            needs_integrity_check=crashed,
        )

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
class Window:
    """The window and what drives it, wired in one go before it shows."""

    theme: ThemeManager
    model: ConversationsModel
    main: MainWindow
    controller: ChatController
    presenter: MainPresenter


def build_window(c: Container, app: QApplication) -> Window:
    """Build the window over the services: every widget wired before ``show()``.

    The UI is imported here, not at the top, so the history commands that
    use this module never import Qt. Markdown and Pygments load on the
    first render (after the first paint), httpx on the first request.
    """
    from desktop_app.services.model_caps import ModelCapabilities
    from desktop_app.services.reporting import reporting
    from desktop_app.services.window_transfer import WindowTransfer
    from desktop_app.ui.chat_controller import ChatController
    from desktop_app.ui.conversations_model import ConversationsModel
    from desktop_app.ui.main_presenter import MainPresenter
    from desktop_app.ui.main_window import MainWindow
    from desktop_app.ui.settings_windows import SettingsWindows
    from desktop_app.ui.tool_approval import ToolPrompter
    from desktop_app.ui.tools_switch import connect_tools_switch

    theme = _install_look(app, c.settings.settings)
    model = ConversationsModel(
        fetch=c.history.list_page,
        count=c.history.count,
        # A rename the history refuses says why (the title stays as it was).
        rename=reporting(c.reporter, c.history.rename, None),
    )
    window = MainWindow(model)
    window.composer.set_send_key(c.settings.settings.send_key)
    window.apply_icons(theme.is_dark)
    theme.changed.connect(window.apply_icons)

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
