"""Reading what a server sent back, within bounds, and naming odd answers.

Split from ``client.py`` (the retry loop) so the size caps and the
"this is not a reply" sentences (redirects, HTML) read in one place.
Non-streamed bodies are read in pieces after decompression: a 2 MB gzip
response once took the app to 4.2 GB before ``json.loads`` saw it.
"""

from __future__ import annotations

import asyncio
import urllib.request
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING

import httpx

from desktop_app.api.errors_map import ErrorInfo, redact, status_error, transport_error
from desktop_app.core.errors import BadResponseError, ChatError, ResponseTooLargeError

if TYPE_CHECKING:
    from desktop_app.api.client import ClientConfig

ERROR_BODY_CAP = 64 * 1024
#: A whole (non-streamed) JSON body after decompression: a model list or one reply.
MAX_JSON_BODY = 16 * 2**20
#: What may follow ``[DONE]`` before the connection is given up instead of kept.
DRAIN_LIMIT = 64 * 1024
DRAIN_TIMEOUT_S = 0.25


async def drain_after_done(chunks: AsyncIterator[bytes]) -> None:
    """Read the rest of a streamed body after ``[DONE]`` so its connection is reused.

    httpx returns a connection to the pool only when the body was read to
    its end; closing right after ``[DONE]`` (before the chunked body's last
    chunk) dropped it, and every turn paid a new TCP/TLS handshake. A server
    that keeps talking past ``[DONE]`` costs at most a short wait, then the
    connection is dropped as before.
    """
    read = 0
    try:
        async with asyncio.timeout(DRAIN_TIMEOUT_S):
            async for chunk in chunks:
                read += len(chunk)
                if read > DRAIN_LIMIT:
                    return
    except (TimeoutError, httpx.HTTPError):
        return


async def read_json_body(response: httpx.Response, config: ClientConfig) -> bytes:
    """The decompressed body, refused past ``MAX_JSON_BODY`` (a 2 MB gzip became 4 GB)."""
    parts: list[bytes] = []
    size = 0
    try:
        async for chunk in response.aiter_bytes():
            size += len(chunk)
            if size > MAX_JSON_BODY:
                raise ResponseTooLargeError(
                    f"The server's reply passed {MAX_JSON_BODY // 2**20} MB once unpacked, "
                    "so the app stopped reading it. Check that the base URL points to an "
                    "OpenAI-compatible API.",
                    detail=f"body over {MAX_JSON_BODY} bytes",
                )
            parts.append(chunk)
    except httpx.HTTPError as exc:
        raise transport_error_or_bad(exc, str(response.url), config) from None
    return b"".join(parts)


def redirected(response: httpx.Response, secret: str) -> ChatError:
    """A 3xx is not a reply: say where the server sent us (redirects are not followed)."""
    where = response.headers.get("location", "").strip()
    target = _trim_url(redact(where, secret)) if where else "another address"
    return BadResponseError(
        f"The server redirected the request ({response.status_code}) to {target} instead "
        "of answering. Put the final address in the base URL in Settings.",
        detail=f"HTTP {response.status_code} redirect",
        status=response.status_code,
    )


def _trim_url(url: str) -> str:
    return url if len(url) <= 200 else url[:199] + "…"


def proxy_for(config: ClientConfig, url: str) -> str | None:
    """The proxy this request goes through: Settings first, then the environment."""
    if config.proxy:
        return config.proxy
    proxies = urllib.request.getproxies()
    scheme = httpx.URL(url).scheme
    return proxies.get(scheme) or proxies.get("all") or None


def html_reply(status: int) -> ChatError:
    return status_error(status, ErrorInfo(is_html=True))


def transport_error_or_bad(exc: httpx.HTTPError, url: str, config: ClientConfig) -> ChatError:
    if isinstance(exc, httpx.TransportError):
        return transport_error(
            exc, url, config.read_timeout, config.api_key, proxy=proxy_for(config, url)
        )
    return BadResponseError(detail=type(exc).__name__)


async def read_capped(response: httpx.Response) -> bytes:
    """Read at most 64 KB of an error body; a broken body just yields less."""
    parts: list[bytes] = []
    size = 0
    try:
        async for chunk in response.aiter_bytes():
            parts.append(chunk)
            size += len(chunk)
            if size >= ERROR_BODY_CAP:
                break
    except httpx.HTTPError:
        pass
    finally:
        await response.aclose()
    return b"".join(parts)
