"""The one HTTP client: Chat Completions streaming, retries and error mapping.

``ChatClient`` is built once at start-up (creating an ``httpx.AsyncClient``
costs 18–35 ms of SSL set-up) and re-pointed with :meth:`ChatClient.configure`
when the user edits Settings. It implements
:class:`desktop_app.core.ports.ChatBackend`, so nothing above ``api/`` ever
sees httpx.

Retry rule: only before the first byte of a reply body. Once a reply has
started, a broken stream raises :class:`StreamInterruptedError` and the chat
service keeps the partial text; silently re-asking would bill the user twice
and show a different answer. A chat request that timed out waiting for the
answer is not sent again either: the server has it and may be running it; only
a status that says "try later" (429/5xx, with Retry-After) is retried.
"""

from __future__ import annotations

import asyncio
import json
import random
import ssl
from collections.abc import AsyncGenerator, AsyncIterator, Awaitable, Callable, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

import httpx

from desktop_app import __version__
from desktop_app.api.errors_map import (
    RETRYABLE_STATUSES,
    ErrorInfo,
    parse_error_body,
    parse_retry_after,
    redact,
    status_error,
    stream_error,
    transport_error,
    unexpected_error,
)
from desktop_app.api.model_info import probe_model
from desktop_app.api.responses import (
    drain_after_done,
    html_reply,
    proxy_for,
    read_capped,
    read_json_body,
    redirected,
)
from desktop_app.api.transports import Transports
from desktop_app.api.turn import StreamTurn
from desktop_app.api.wire import (
    build_chat_body,
    normalize_base_url,
    parse_completion,
    parse_models,
)
from desktop_app.core.capabilities import ModelInfo
from desktop_app.core.errors import (
    BadResponseError,
    ChatError,
    ConfigError,
    NotFoundError,
)
from desktop_app.core.events import StreamEvent
from desktop_app.core.models import ChatRequest, Completion

__all__ = ["USER_AGENT", "ChatClient", "ClientConfig"]

USER_AGENT = f"afarensis-chat/{__version__}"
MAX_RETRY_AFTER_S = 60.0
BACKOFF_BASE_S = 0.5
BACKOFF_CAP_S = 8.0

OnRetry = Callable[[ChatError, float], None]
JsonObj = dict[str, Any]


@dataclass(frozen=True)
class ClientConfig:
    """Where and how to reach one server. ``api_key`` never shows in ``repr``."""

    base_url: str
    api_key: str = field(default="", repr=False)
    # Hidden too: providers such as Azure put their key in a custom header.
    extra_headers: Mapping[str, str] = field(default_factory=dict, repr=False)
    # Hidden: ``http://user:password@host`` carries a password.
    proxy: str | None = field(default=None, repr=False)
    ca_bundle: str | None = None
    connect_timeout: float = 10.0
    read_timeout: float = 120.0
    max_retries: int = 2


class ChatClient:
    """An OpenAI-compatible Chat Completions backend over one ``httpx.AsyncClient``.

    ``sleep`` and ``rand`` are injectable so tests can check back-off without
    waiting; ``on_retry(error, delay_s)`` lets the UI say "retrying in N s".
    """

    def __init__(
        self,
        config: ClientConfig,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        sleep: Callable[[float], Awaitable[object]] = asyncio.sleep,
        rand: Callable[[], float] = random.random,
        on_retry: OnRetry | None = None,
    ) -> None:
        self._config = config
        self._transport = transport
        self._sleep = sleep
        self._rand = rand
        self.on_retry = on_retry
        self._setup_error: ChatError | None = None
        self._http = Transports(self._build_http(config))
        # Server quirks learned from a 400 ("no stream_options", "wants
        # max_completion_tokens"), remembered until the base URL changes.
        self._quirks: set[str] = set()

    def __repr__(self) -> str:
        return f"ChatClient({self._config!r})"

    @property
    def config(self) -> ClientConfig:
        return self._config

    def configure(self, config: ClientConfig) -> None:
        """Apply new settings; rebuild the transport only if proxy or CA changed."""
        old = self._config
        self._config = config
        if old.base_url != config.base_url:
            self._quirks.clear()
        if (old.proxy, old.ca_bundle) != (config.proxy, config.ca_bundle):
            # A stream may still run on the old client: closed once idle.
            self._http.replace(self._build_http(config))

    @property
    def open_transports(self) -> int:
        """HTTP clients not closed yet (replaced ones close once idle)."""
        return self._http.open_count

    async def aclose(self) -> None:
        await self._http.aclose()

    # ------------------------------------------------------------- public API

    async def stream_chat(self, request: ChatRequest) -> AsyncIterator[StreamEvent]:
        """Yield TurnStarted, deltas, UsageReport, then exactly one TurnFinished.

        Every failure is a ``ChatError``: anything else becomes one here, so a
        turn always ends with a sentence instead of staying ``streaming``.
        """
        inner = self._stream_chat(request)
        try:
            async for event in inner:
                yield event
        except ChatError:
            raise
        except Exception as exc:
            raise unexpected_error(exc) from None
        finally:
            await inner.aclose()  # closes the response now, even when cancelled

    async def _stream_chat(self, request: ChatRequest) -> AsyncGenerator[StreamEvent, None]:
        url = self._url("/chat/completions")
        turn = StreamTurn(self._config.api_key)
        async with self._open(
            url,
            lambda: self._chat_body(request, stream=True),
            model=request.model,
            accept="text/event-stream",
            stream=True,
        ) as response:
            content_type = response.headers.get("content-type", "").lower()
            if "event-stream" not in content_type and "json" in content_type:
                # The server ignored stream=true and sent one whole body.
                for event in turn.feed_whole(await self._read_json(response)):
                    yield event
            else:
                if "html" in content_type:
                    raise html_reply(response.status_code)
                chunks = response.aiter_bytes()
                try:
                    async for chunk in chunks:
                        for event in turn.feed_bytes(chunk):
                            yield event
                        if turn.done:
                            break
                    else:
                        for event in turn.feed_eof():
                            yield event
                except httpx.HTTPError as exc:
                    raise turn.broken(exc, url, self._config.read_timeout) from None
                if turn.done:
                    await drain_after_done(chunks)  # keeps the connection for the next turn
        for event in turn.assembler.flush():
            yield event
        yield turn.assembler.finish()

    async def complete(self, request: ChatRequest) -> Completion:
        """One whole reply (``stream: false``), e.g. for background titles."""
        try:
            return await self._complete(request)
        except ChatError:
            raise
        except Exception as exc:
            raise unexpected_error(exc) from None

    async def _complete(self, request: ChatRequest) -> Completion:
        url = self._url("/chat/completions")
        async with self._open(
            url,
            lambda: self._chat_body(request, stream=False),
            model=request.model,
            accept="application/json",
        ) as response:
            payload = await self._read_json(response)
        if isinstance(payload.get("error"), dict | str):
            raise stream_error(payload, self._config.api_key)
        return parse_completion(payload)

    async def list_models(self) -> list[str]:
        """The server's model ids; every failure is a ``ChatError``."""
        try:
            return await self._list_models()
        except ChatError:
            raise
        except Exception as exc:
            raise unexpected_error(exc) from None

    async def _list_models(self) -> list[str]:
        url = self._url("/models")
        try:
            async with self._open(url, None, model=None, accept="application/json") as response:
                payload = await self._read_json(response)
        except NotFoundError as exc:
            raise NotFoundError(
                "This server does not list its models (404). Check the base URL in "
                "Settings, or type the model name by hand.",
                detail=exc.detail,
                status=404,
            ) from None
        return parse_models(payload)

    async def model_info(self, model: str) -> ModelInfo:
        """What the server says ``model`` can take (vision, context); unknown on any failure."""
        try:
            headers = self._headers("application/json")
            http = self._http.acquire()
            try:
                return await probe_model(
                    http, normalize_base_url(self._config.base_url), model, headers
                )
            finally:
                self._http.release(http)
        except Exception:  # a probe never fails a turn: unknown is a fine answer
            return ModelInfo()

    # --------------------------------------------------------------- plumbing

    def _build_http(self, config: ClientConfig) -> httpx.AsyncClient:
        verify: ssl.SSLContext | bool = True  # never False: TLS is always verified
        self._setup_error = None
        if config.ca_bundle:
            try:
                verify = ssl.create_default_context(cafile=config.ca_bundle)
            except (OSError, ssl.SSLError):
                self._setup_error = ConfigError(
                    f"The CA bundle {config.ca_bundle} could not be read as PEM certificates. "
                    "Fix the path in Settings or clear it."
                )
        if self._transport is not None:
            return httpx.AsyncClient(transport=self._transport, verify=verify)
        return httpx.AsyncClient(verify=verify, trust_env=True, proxy=config.proxy or None)

    def _url(self, path: str) -> str:
        return normalize_base_url(self._config.base_url) + path

    def _headers(self, accept: str) -> dict[str, str]:
        headers = {"User-Agent": USER_AGENT, "Accept": accept}
        key = self._config.api_key.strip()
        if key:
            if not key.isascii() or not key.isprintable() or " " in key:
                raise ConfigError(
                    "The API key contains spaces, line breaks or non-ASCII characters. "
                    "Paste it again in Settings."
                )
            headers["Authorization"] = f"Bearer {key}"
        headers.update(self._config.extra_headers)
        return headers

    def _timeout(self) -> httpx.Timeout:
        cfg = self._config
        return httpx.Timeout(
            connect=cfg.connect_timeout,
            read=cfg.read_timeout,
            write=max(30.0, cfg.connect_timeout),
            pool=cfg.connect_timeout,
        )

    def _chat_body(self, request: ChatRequest, *, stream: bool) -> JsonObj:
        return build_chat_body(
            request,
            stream=stream,
            include_usage="no_stream_options" not in self._quirks,
            use_max_completion_tokens="max_completion_tokens" in self._quirks,
        )

    def _learn_quirk(self, status: int, info: ErrorInfo, body: JsonObj | None) -> bool:
        """Recognise a 400 that one changed field fixes; True means "send again"."""
        if body is None:
            return False
        text = info.message.lower()
        if (
            status in (400, 422)
            and "stream_options" in text
            and "stream_options" in body
            and "no_stream_options" not in self._quirks
        ):
            self._quirks.add("no_stream_options")
            return True
        if (
            status == 400
            and "max_tokens" in body
            and "max_tokens" in text
            and any(w in text for w in ("max_completion_tokens", "unsupported", "not supported"))
            and "max_completion_tokens" not in self._quirks
        ):
            self._quirks.add("max_completion_tokens")
            return True
        return False

    def _backoff(self, attempt: int) -> float:
        """0.5 s × 2^n capped at 8 s, minus up to 25 % jitter so clients spread out."""
        delay: float = min(BACKOFF_BASE_S * 2**attempt, BACKOFF_CAP_S)
        return delay * (1 - 0.25 * self._rand())

    @asynccontextmanager
    async def _open(
        self,
        url: str,
        make_body: Callable[[], JsonObj] | None,
        *,
        model: str | None,
        accept: str,
        stream: bool = False,
    ) -> AsyncIterator[httpx.Response]:
        """Send with retries; yield a successful response, closing it afterwards.

        Closing matters for cancellation: when the consuming task is cancelled
        the ``finally`` closes the response, which drops the connection so the
        server stops generating at once.
        """
        attempt = 0
        key = self._config.api_key
        while True:
            if self._setup_error is not None:
                raise self._setup_error
            body = make_body() if make_body is not None else None
            http = self._http.acquire()
            request = http.build_request(
                "POST" if body is not None else "GET",
                url,
                json=body,
                headers=self._headers(accept),
                timeout=self._timeout(),
            )
            try:
                response = await http.send(request, stream=True)
            except httpx.TransportError as exc:
                self._http.release(http)
                error = transport_error(
                    exc, url, self._config.read_timeout, key, proxy=proxy_for(self._config, url)
                )
                if body is not None and isinstance(exc, httpx.ReadTimeout):
                    # The request was sent: asking again could run (and bill) it twice.
                    raise error from None
                delay = self._backoff(attempt)
            else:
                try:
                    if 300 <= response.status_code < 400:
                        await response.aclose()
                        raise redirected(response, key)
                    if response.status_code < 400:
                        try:
                            yield response
                        finally:
                            await response.aclose()
                        return
                    raw = await read_capped(response)
                finally:
                    self._http.release(http)
                status = response.status_code
                info = parse_error_body(raw, response.headers.get("content-type", ""), key)
                if self._learn_quirk(status, info, body):
                    continue
                retry_after = parse_retry_after(response.headers)
                error = status_error(status, info, model=model, retry_after=retry_after)
                retryable = status in RETRYABLE_STATUSES or status >= 500
                if not retryable or "quota" in info.tags:
                    raise error
                if retry_after is not None and retry_after > MAX_RETRY_AFTER_S:
                    raise error
                delay = retry_after if retry_after is not None else self._backoff(attempt)
            if attempt >= self._config.max_retries:
                raise error
            attempt += 1
            if self.on_retry is not None:
                self.on_retry(error, delay)
            await self._sleep(delay)

    async def _read_json(self, response: httpx.Response) -> JsonObj:
        content_type = response.headers.get("content-type", "").lower()
        if "html" in content_type:
            raise html_reply(response.status_code)
        raw = await read_json_body(response, self._config)
        try:
            payload = json.loads(raw)
        except (ValueError, RecursionError):  # deep nesting raises RecursionError
            raise BadResponseError(
                "The server's reply is not valid JSON. Check that the base URL points "
                "to an OpenAI-compatible API.",
                detail=redact(raw[:200].decode("utf-8", "replace"), self._config.api_key),
            ) from None
        if isinstance(payload, list):
            return {"data": payload}
        if not isinstance(payload, dict):
            raise BadResponseError(detail="reply JSON is not an object")
        return payload
