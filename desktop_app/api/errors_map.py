"""HTTP statuses, error bodies and transport failures → typed, readable errors.

Every message is built from the status, the server's JSON ``message`` (trimmed
and with the API key redacted) or a sentence of our own — never from raw HTML
or a traceback, so what the UI shows is always something a person can act on.
"""

from __future__ import annotations

import email.utils
import json
import math
import re
import ssl
import time
from collections.abc import Mapping
from dataclasses import dataclass
from http import HTTPStatus

import httpx

from desktop_app.core.errors import (
    AuthError,
    BadRequestError,
    BadResponseError,
    ChatError,
    ConfigError,
    ContextTooLongError,
    ImageInputError,
    NetworkError,
    NotFoundError,
    PermissionDeniedError,
    QuotaExceededError,
    RateLimitedError,
    RequestTimeoutError,
    ResponseTooLargeError,
    ServerError,
)

__all__ = [
    "ErrorInfo",
    "parse_error_body",
    "parse_retry_after",
    "redact",
    "status_error",
    "stream_error",
    "transport_error",
    "unexpected_error",
]

MAX_SHOWN_MESSAGE = 300
RETRYABLE_STATUSES = frozenset({408, 409, 429})

# Key-like tokens a server may echo back ("Incorrect API key provided: sk-…").
_KEY_PATTERN = re.compile(r"\b(sk|pk|rk|gsk|xai|key)-[A-Za-z0-9_\-*.]{8,}")
# What servers say when a model without vision gets an image: OpenAI ("image_url
# is only supported by certain models"), llama.cpp ("image input is not
# supported"), Ollama/LM Studio ("does not support images"), vLLM (multimodal).
_IMAGE_PATTERN = re.compile(
    r"image_url is only supported|image input is not supported|does not support images?"
    r"|not a multimodal model|vision is not supported|images? (?:are|is) not supported"
    r"|unsupported content type.{0,20}image",
    re.IGNORECASE,
)

_CONTEXT_PATTERN = re.compile(
    r"context[_ ]length|context window|maximum context|too many tokens|prompt is too long"
    r"|reduce the length",
    re.IGNORECASE,
)


def redact(text: str, secret: str | None) -> str:
    """Remove the API key (and anything shaped like a key) from ``text``."""
    if secret:
        text = text.replace(secret, "[redacted]")
    return _KEY_PATTERN.sub("[redacted]", text)


@dataclass(frozen=True, slots=True)
class ErrorInfo:
    """What an error body said, already redacted and trimmed."""

    message: str = ""
    code: str = ""
    type: str = ""
    is_html: bool = False

    @property
    def tags(self) -> str:
        return f"{self.code} {self.type}".lower()


def _trim(text: str) -> str:
    text = " ".join(text.split())
    if len(text) > MAX_SHOWN_MESSAGE:
        text = text[: MAX_SHOWN_MESSAGE - 1].rstrip() + "…"
    return text


def parse_error_body(
    body: bytes | str | object, content_type: str, secret: str | None
) -> ErrorInfo:
    """Read ``{"error": {...}}``, ``{"error": "..."}``, ``{"message": ...}`` or plain text."""
    if isinstance(body, bytes):
        body = body.decode("utf-8", "replace")
    obj: object = body
    if isinstance(body, str):
        stripped = body.lstrip()[:200].lower()
        if "html" in content_type.lower() or stripped.startswith(("<!doctype", "<html")):
            return ErrorInfo(is_html=True)
        try:
            obj = json.loads(body)
        except ValueError:
            return ErrorInfo(message=_trim(redact(body, secret)))
    if isinstance(obj, list) and obj:  # some gateways wrap the error in a list
        obj = obj[0]
    if not isinstance(obj, Mapping):
        return ErrorInfo()
    error = obj.get("error", obj)
    if isinstance(error, str):
        return ErrorInfo(message=_trim(redact(error, secret)))
    if not isinstance(error, Mapping):
        return ErrorInfo()
    message = error.get("message") or error.get("detail") or obj.get("message") or ""
    return ErrorInfo(
        message=_trim(redact(str(message), secret)),
        # code and type are server text too, and end up in the error's detail.
        code=_trim(redact(str(error.get("code") or ""), secret)),
        type=_trim(redact(str(error.get("type") or ""), secret)),
    )


def parse_retry_after(headers: Mapping[str, str], now: float | None = None) -> float | None:
    """Seconds to wait from ``retry-after-ms`` or ``Retry-After`` (seconds or HTTP date)."""
    lowered = {k.lower(): v for k, v in headers.items()}
    raw_ms = lowered.get("retry-after-ms")
    if raw_ms:
        try:
            return _finite_wait(float(raw_ms) / 1000)
        except ValueError:
            pass
    raw = lowered.get("retry-after")
    if not raw:
        return None
    try:
        return _finite_wait(float(raw))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(raw)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


def _finite_wait(seconds: float) -> float | None:
    """A wait a server asked for, or None when it is not a number (``inf``, ``nan``).

    ``round(inf)`` raised an untyped ``OverflowError`` in the retry message.
    """
    if not math.isfinite(seconds):
        return None
    return max(0.0, seconds)


def _phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


def _with_server_text(base: str, info: ErrorInfo) -> str:
    return f"{base} The server said: {info.message}" if info.message else base


def status_error(
    status: int,
    info: ErrorInfo,
    *,
    model: str | None = None,
    retry_after: float | None = None,
) -> ChatError:
    """The typed error for an HTTP error status."""
    detail = f"HTTP {status} {_phrase(status)}; code={info.code or '-'} type={info.type or '-'}"
    head = f"{status} {_phrase(status)}"

    def make(cls: type[ChatError], base: str | None = None) -> ChatError:
        text = _with_server_text(base or cls.default_message, info)
        return cls(text, detail=detail, status=status)

    if info.is_html:
        if status >= 500:
            return ServerError(
                f"The server returned an error page ({head}) instead of a reply. "
                "It may be down or overloaded; try again in a moment.",
                detail=detail,
                status=status,
            )
        return BadResponseError(
            f"The server returned a web page ({head}) instead of an API reply. "
            "Check that the base URL points to an OpenAI-compatible API.",
            detail=detail,
            status=status,
        )
    if "insufficient_quota" in info.tags or "quota" in info.code.lower():
        return make(QuotaExceededError)
    if status == 429:
        text = None
        if info.message:
            wait = f" Try again in {max(1, round(retry_after))} s." if retry_after else ""
            text = _with_server_text(f"The server is rate-limiting requests (429).{wait}", info)
        return RateLimitedError(text, retry_after=retry_after, detail=detail, status=status)
    if status in (400, 413, 422) and (
        "context_length" in info.tags or _CONTEXT_PATTERN.search(info.message)
    ):
        return make(ContextTooLongError)
    if status in (400, 415, 422, 500) and _IMAGE_PATTERN.search(info.message):
        return make(ImageInputError)
    simple: dict[int, type[ChatError]] = {401: AuthError, 403: PermissionDeniedError}
    if status in simple:
        return make(simple[status])
    if status == 404:
        name = f"“{model}”" if model else "this model"
        return make(
            NotFoundError,
            f"The server could not find {name} (404). Choose another model, "
            "or check the base URL in Settings.",
        )
    if status in (408, 504):
        return make(
            RequestTimeoutError, f"The server gave up waiting ({head}). Try again in a moment."
        )
    if status >= 500:
        return make(
            ServerError, f"The server had an internal problem ({head}). Try again in a moment."
        )
    return make(BadRequestError, f"The server refused the request ({head}).")


def stream_error(payload: object, secret: str | None) -> ChatError:
    """An ``{"error": …}`` object that arrived inside an otherwise good stream."""
    info = parse_error_body(payload, "application/json", secret)
    error = payload.get("error") if isinstance(payload, Mapping) else None
    code = error.get("code") if isinstance(error, Mapping) else None
    status = code if isinstance(code, int) and 400 <= code < 600 else None
    if status is not None and status != 500:
        return status_error(status, info)
    if "context_length" in info.tags:
        return status_error(400, info)
    return ServerError(
        _with_server_text("The server reported an error in the middle of the reply.", info),
        detail=f"stream error; code={info.code or '-'} type={info.type or '-'}",
    )


def _proxy_host(proxy: str) -> str:
    """The proxy's host and port, never its credentials."""
    try:
        parsed = httpx.URL(proxy if "://" in proxy else f"http://{proxy}")
    except (httpx.InvalidURL, ValueError):
        return "in your settings"
    return f"{parsed.host}:{parsed.port}" if parsed.port else parsed.host


def _protocol_error(host: str, text: str, detail: str) -> ChatError:
    """The server answered, but not in readable HTTP: not an internet problem."""
    if "receive buffer too long" in text or "too large" in text or "too long" in text:
        return BadResponseError(
            f"{host} sent response headers too large to read, so the reply was refused. "
            "Check the base URL, or ask the server's operator.",
            detail=detail,
        )
    return BadResponseError(
        f"{host} answered with something that is not valid HTTP. Check that the base URL "
        "and port point to an OpenAI-compatible API.",
        detail=detail,
    )


def unexpected_error(exc: Exception) -> ChatError:
    """Any other failure of a request, as a typed error with a sentence.

    Without this a ``RecursionError`` (deeply nested JSON), ``OverflowError``,
    ``UnicodeEncodeError`` (a non-ASCII header value) or ``MemoryError``
    escaped the client and left the reply ``streaming`` with no message.
    Only the exception's type goes to ``detail``: its text may quote a header.
    """
    detail = f"unexpected {type(exc).__name__}"
    if isinstance(exc, UnicodeEncodeError):
        return ConfigError(
            "A header or the API key in Settings contains characters HTTP cannot send "
            "(only plain ASCII works). Fix it in Settings.",
            detail=detail,
        )
    if isinstance(exc, RecursionError):
        return BadResponseError(
            "The server's reply is nested too deeply to read. Check that the base URL "
            "points to an OpenAI-compatible API.",
            detail=detail,
        )
    if isinstance(exc, MemoryError):
        return ResponseTooLargeError(
            "The server's reply was too large for the memory available, so the app "
            "stopped reading it.",
            detail=detail,
        )
    return BadResponseError(
        "The server's reply could not be handled. Retry; if it keeps happening, the "
        "server is sending something unusual.",
        detail=detail,
    )


def _chain(exc: BaseException) -> list[BaseException]:
    seen: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in seen:
        seen.append(current)
        current = current.__cause__ or current.__context__
    return seen


def transport_error(
    exc: httpx.TransportError,
    url: str,
    read_timeout: float,
    secret: str | None = None,
    *,
    proxy: str | None = None,
) -> ChatError:
    """A connection-level failure → a specific, readable error.

    ``proxy`` is the proxy the request went through, if any: a refused
    connection then is the proxy's, not the server's.
    """
    host = httpx.URL(url).host or url
    chain = _chain(exc)
    text = " ".join(str(e) for e in chain).lower()
    detail = _trim(redact(f"{type(exc).__name__}: {exc}", secret))
    if isinstance(exc, httpx.RemoteProtocolError) and any(
        word in text for word in ("receive buffer too long", "illegal", "malformed", "invalid")
    ):
        return _protocol_error(host, text, detail)
    if (
        proxy
        and (isinstance(exc, httpx.ProxyError | httpx.ConnectError))
        and ("refused" in text or "errno 111" in text or isinstance(exc, httpx.ProxyError))
    ):
        proxy_host = _proxy_host(proxy)
        return NetworkError(
            f"The proxy {proxy_host} refused the connection or could not reach {host}. "
            "Check the proxy setting (Settings, or HTTPS_PROXY in the environment).",
            detail=detail,
        )
    if isinstance(exc, httpx.ConnectTimeout):
        return RequestTimeoutError(
            f"Could not connect to {host}: it did not answer in time. Check the address "
            "and your connection, then retry.",
            detail=detail,
        )
    if isinstance(exc, httpx.TimeoutException):
        return RequestTimeoutError(
            f"The server sent nothing for {read_timeout:g} s. Retry, or raise the read "
            "timeout in Settings for slow models.",
            detail=detail,
        )
    if any(isinstance(e, ssl.SSLCertVerificationError) for e in chain) or ("certificate" in text):
        return NetworkError(
            f"The secure connection to {host} failed because of a certificate problem: "
            "its TLS certificate could not be verified. If the server uses a private "
            "certificate authority, set its CA bundle in Settings.",
            detail=detail,
        )
    if any(isinstance(e, ssl.SSLError) for e in chain) or "ssl" in text or "tls" in text:
        return NetworkError(
            f"The secure (TLS) connection to {host} could not be set up. Check that the "
            "address uses the right scheme (http or https) and port.",
            detail=detail,
        )
    if (
        "name or service not known" in text
        or "nodename nor servname" in text
        or "getaddrinfo" in text
        or "temporary failure in name resolution" in text
        or "no address associated" in text
    ):
        return NetworkError(
            f"Could not find the server “{host}” (DNS lookup failed). Check the base URL "
            "and your internet connection.",
            detail=detail,
        )
    if "refused" in text or "errno 111" in text:
        return NetworkError(
            f"Nothing is accepting connections at {host} (connection refused). Is the "
            "server running, and is the port in the base URL right?",
            detail=detail,
        )
    if isinstance(exc, httpx.ProxyError) or "proxy" in text:
        return NetworkError(
            "The proxy could not connect to the server. Check the proxy setting.",
            detail=detail,
        )
    return NetworkError(
        f"The connection to {host} failed. Check your internet connection and retry.",
        detail=detail,
    )
