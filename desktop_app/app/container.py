"""The composition root: the only module that knows every concrete class.

It builds the object graph once and hands dependencies in through
constructors; nothing else reaches for globals. Construction touches disk
(database, settings) but no network; the HTTP client is built inside the
running loop by :meth:`Container.start_network`.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from desktop_app.app.paths import AppPaths
from desktop_app.core.errors import DatabaseRecoveredError
from desktop_app.core.events import StreamEvent
from desktop_app.core.models import ChatRequest, Completion
from desktop_app.core.settings import Profile, Settings
from desktop_app.services.history_service import HistoryService
from desktop_app.services.settings_service import SettingsService
from desktop_app.store.backup import maybe_daily_backup
from desktop_app.store.conversations import SqliteConversationStore, open_database
from desktop_app.store.secrets import KeyringSecretStore
from desktop_app.store.settings_file import load_settings, save_settings

if TYPE_CHECKING:
    # httpx and markdown/pygments cost ~100 ms to import: they are loaded
    # after the window is on screen (start_network, renderer). So does
    # asyncio (~40 ms): the chat service and the task manager are made once
    # the window has painted.
    from desktop_app.api.client import ChatClient, ClientConfig
    from desktop_app.app.tasks import TaskManager
    from desktop_app.render.markdown import MarkdownRenderer
    from desktop_app.services.chat_service import ChatService, TurnDefaults

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
    cost ~100 ms; the app pre-builds it right after the window shows, and a
    send that comes earlier builds it then. Satisfies ``core.ports.ChatBackend``.
    """

    def __init__(self, make: Callable[[], ChatClient]) -> None:
        self._make = make
        self.client: ChatClient | None = None

    def get(self) -> ChatClient:
        if self.client is None:
            self.client = self._make()
        return self.client

    def stream_chat(self, request: ChatRequest) -> AsyncIterator[StreamEvent]:
        return self.get().stream_chat(request)

    async def complete(self, request: ChatRequest) -> Completion:
        return await self.get().complete(request)

    async def list_models(self) -> list[str]:
        return await self.get().list_models()


@dataclass
class Container:
    paths: AppPaths
    store: SqliteConversationStore
    settings: SettingsService
    history: HistoryService
    recovered: DatabaseRecoveredError | None = None
    backend: LazyChatBackend | None = None
    chat: ChatService | None = field(default=None)
    _renderer: MarkdownRenderer | None = field(default=None, repr=False)
    _tasks: TaskManager | None = field(default=None, repr=False)

    @property
    def tasks(self) -> TaskManager:
        """The named background tasks, made on first use (it imports asyncio)."""
        if self._tasks is None:
            from desktop_app.app.tasks import TaskManager

            self._tasks = TaskManager()
        return self._tasks

    @property
    def renderer(self) -> MarkdownRenderer:
        """The one markdown renderer, created on first use (after the window shows)."""
        if self._renderer is None:
            from desktop_app.render.markdown import MarkdownRenderer

            self._renderer = MarkdownRenderer()
        return self._renderer

    @classmethod
    def build(cls, paths: AppPaths, env: dict[str, str] | None = None) -> Container:
        """Open storage and settings (raises ``StorageError`` if history is unusable)."""
        paths.ensure()
        # PRAGMA quick_check reads the whole file (5-19 s on a 1.9 GB history),
        # so it runs only when the last run did not close cleanly. A file that
        # is not a database at all is still caught by the open itself.
        running = paths.data_dir / RUNNING_MARKER
        verify = running.exists()
        store, recovered = open_database(
            paths.database, backups_dir=paths.backups_dir, verify=verify
        )
        running.touch()
        secrets = KeyringSecretStore()

        def load() -> Settings:
            return load_settings(paths.settings_file)

        def save(settings: Settings) -> None:
            save_settings(paths.settings_file, settings)

        holder: list[SettingsService] = []

        async def test(profile: Profile, key: str | None) -> list[str]:
            return await list_models_of(profile, key, holder[0].settings)

        settings = SettingsService(
            load, save, secrets, test, env=os.environ if env is None else env
        )
        holder.append(settings)
        return cls(
            paths=paths,
            store=store,
            settings=settings,
            history=HistoryService(store),
            recovered=recovered,
        )

    def start_network(self) -> ChatService:
        """The chat service over a backend whose HTTP client is built on first use."""

        def make_client() -> ChatClient:
            from desktop_app.api.client import ChatClient

            return ChatClient(self.current_client_config())

        from desktop_app.services.chat_service import ChatService

        self.backend = LazyChatBackend(make_client)
        self.chat = ChatService(self.store, self.backend, self.turn_defaults)
        return self.chat

    @property
    def client(self) -> ChatClient | None:
        """The HTTP client if it has been built."""
        return self.backend.client if self.backend is not None else None

    def current_client_config(self) -> ClientConfig:
        profile = self.settings.effective_profile()
        return client_config(profile, self.settings.api_key(profile.id), self.settings.settings)

    def reconfigure_client(self) -> None:
        """After a settings or key change: same transport, new URL/key/headers."""
        if self.client is not None:
            self.client.configure(self.current_client_config())

    @contextmanager
    def worker_store(self) -> Iterator[SqliteConversationStore]:
        """A second connection to the history, for a job on a worker thread."""
        store, _ = open_database(self.paths.database, verify=False)
        try:
            yield store
        finally:
            store.close()

    def turn_defaults(self) -> TurnDefaults:
        from desktop_app.services.chat_service import TurnDefaults

        settings = self.settings.settings
        return TurnDefaults(
            model=self.settings.effective_profile().default_model,
            system_prompt=settings.default_system_prompt,
            params=settings.default_params,
        )

    def daily_backup(self) -> None:
        settings = self.settings.settings
        if settings.backup_daily:
            maybe_daily_backup(self.paths.database, self.paths.backups_dir, settings.backup_keep)

    async def close(self) -> None:
        """Quit in order: cancel turns (stored as cancelled), close HTTP, close the DB."""
        if self._tasks is not None:
            await self._tasks.cancel_all()
        if self.client is not None:
            await self.client.aclose()
        self.store.close()
        (self.paths.data_dir / RUNNING_MARKER).unlink(missing_ok=True)
