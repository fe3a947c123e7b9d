"""The chat backend the app talks through, with its HTTP client built late.

httpx and the TLS context load after the window's first paint, so the
backend is a thin object over a client it builds on first use; the
composition root (``app/container.py``) hands it a function that says what
to connect to, read anew at each (re)configuration.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from typing import TYPE_CHECKING

from desktop_app.core.settings import Profile, Settings
from desktop_app.services.settings_service import SettingsService

if TYPE_CHECKING:
    from desktop_app.api.client import ChatClient, ClientConfig
    from desktop_app.core.capabilities import ModelInfo
    from desktop_app.core.events import StreamEvent
    from desktop_app.core.models import ChatRequest, Completion


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

    A request made before the client exists first awaits ``ready`` (the
    start-up keyring read, ``SettingsService.secrets_ready``), so the key and
    header secrets come from memory, never from a locked keyring read on the
    window's thread.
    """

    def __init__(
        self,
        config: Callable[[], ClientConfig],
        ready: Callable[[], Awaitable[None]] | None = None,
    ) -> None:
        self._config = config
        self._ready = ready
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

    async def _ready_client(self) -> ChatClient:
        if self._client is None and self._ready is not None:
            await self._ready()
        return self._get()

    def stream_chat(self, request: ChatRequest) -> AsyncIterator[StreamEvent]:
        if self._client is not None or self._ready is None:
            return self._get().stream_chat(request)  # the usual case: no layer per event
        return self._stream_when_ready(request)

    async def _stream_when_ready(self, request: ChatRequest) -> AsyncIterator[StreamEvent]:
        """The first request, made before the client exists: after the keyring read."""
        stream = (await self._ready_client()).stream_chat(request)
        try:
            async for event in stream:
                yield event
        finally:
            aclose = getattr(stream, "aclose", None)  # the client's is an async generator
            if aclose is not None:
                await aclose()  # a turn that stops closes the client's stream at once

    async def complete(self, request: ChatRequest) -> Completion:
        return await (await self._ready_client()).complete(request)

    async def list_models(self) -> list[str]:
        return await (await self._ready_client()).list_models()

    async def model_info(self, model: str) -> ModelInfo:
        return await (await self._ready_client()).model_info(model)


def current_client_config(settings: SettingsService) -> ClientConfig:
    """The active profile's connection, with environment overrides and its key."""
    profile = settings.effective_profile()
    return client_config(profile, settings.api_key(profile.id), settings.settings)
