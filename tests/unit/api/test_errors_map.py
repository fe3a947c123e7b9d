"""Statuses and bodies become the right typed error with a readable message."""

from __future__ import annotations

import email.utils

import httpx
import pytest

from desktop_app.api.errors_map import (
    parse_error_body,
    parse_retry_after,
    redact,
    status_error,
    stream_error,
    transport_error,
)
from desktop_app.core import errors as e

KEY = "sk-live-abcdefghijklmnop1234"


def _err(status: int, body: object, ctype: str = "application/json", **kw: object) -> e.ChatError:
    import json

    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    return status_error(status, parse_error_body(raw, ctype, KEY), **kw)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("status", "body", "kind"),
    [
        (400, {"error": {"message": "bad temperature"}}, e.BadRequestError),
        (
            400,
            {"error": {"message": "too long", "code": "context_length_exceeded"}},
            e.ContextTooLongError,
        ),
        (
            400,
            {"error": {"message": "This model's maximum context length is 4096 tokens"}},
            e.ContextTooLongError,
        ),
        (401, {"error": {"message": "nope"}}, e.AuthError),
        (403, {"error": "forbidden"}, e.PermissionDeniedError),
        (404, {"error": {"code": "model_not_found"}}, e.NotFoundError),
        (429, {"error": {"type": "insufficient_quota", "message": "quota"}}, e.QuotaExceededError),
        (429, {"error": {"message": "slow down"}}, e.RateLimitedError),
        (500, {"error": {"message": "boom"}}, e.ServerError),
        (503, b"overloaded", e.ServerError),
        (504, {}, e.RequestTimeoutError),
    ],
)
def test_status_mapping(status: int, body: object, kind: type[e.ChatError]) -> None:
    error = _err(status, body, model="gpt-x")
    assert type(error) is kind
    assert error.status == status


def test_server_message_is_shown_trimmed() -> None:
    error = _err(400, {"error": {"message": "temperature must be <= 2 " + "x" * 1000}})
    assert "temperature must be <= 2" in error.message
    assert len(error.message) < 420


def test_404_names_the_model() -> None:
    assert "gpt-x" in _err(404, {"error": {"message": "no"}}, model="gpt-x").message


@pytest.mark.parametrize(
    ("status", "phrase"), [(500, "Internal Server Error"), (502, "Bad Gateway")]
)
def test_html_error_page_never_shows_html(status: int, phrase: str) -> None:
    page = b"<!DOCTYPE html><html><body><h1>502 Bad Gateway</h1><script>x</script></body></html>"
    error = _err(status, page, "text/html")
    assert isinstance(error, e.ServerError)
    assert f"error page ({status} {phrase})" in error.message
    assert "<" not in error.message


def test_rate_limit_carries_retry_after() -> None:
    error = _err(429, {"error": {"message": "slow"}}, retry_after=3.0)
    assert isinstance(error, e.RateLimitedError)
    assert error.retry_after == 3.0
    assert "3 s" in error.message


def test_key_is_redacted_from_server_messages() -> None:
    error = _err(401, {"error": {"message": f"Incorrect API key provided: {KEY}"}})
    assert KEY not in error.message
    assert KEY not in repr(error)
    assert "[redacted]" in error.message
    assert redact("token sk-other-ZZZZZZZZZZZZ here", None) == "token [redacted] here"


def test_stream_error_object() -> None:
    error = stream_error({"error": {"message": "model crashed", "type": "server_error"}}, KEY)
    assert isinstance(error, e.ServerError)
    assert "model crashed" in error.message
    ctx = stream_error({"error": {"code": "context_length_exceeded", "message": "long"}}, KEY)
    assert isinstance(ctx, e.ContextTooLongError)


def test_retry_after_forms() -> None:
    assert parse_retry_after({"retry-after-ms": "1500"}) == 1.5
    assert parse_retry_after({"Retry-After": "7"}) == 7.0
    date = email.utils.formatdate(1_000_030, usegmt=True)
    assert parse_retry_after({"Retry-After": date}, now=1_000_000) == pytest.approx(30, abs=1)
    assert parse_retry_after({"Retry-After": "soon"}) is None
    assert parse_retry_after({}) is None


def _connect_error(text: str) -> httpx.ConnectError:
    return httpx.ConnectError(text)


@pytest.mark.parametrize(
    ("exc", "kind", "words"),
    [
        (_connect_error("[Errno 111] Connection refused"), e.NetworkError, "connection refused"),
        (_connect_error("[Errno -2] Name or service not known"), e.NetworkError, "DNS"),
        (
            _connect_error("[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed"),
            e.NetworkError,
            "certificate problem",
        ),
        (httpx.ConnectTimeout("timed out"), e.RequestTimeoutError, "did not answer"),
        (httpx.ReadTimeout("timed out"), e.RequestTimeoutError, "120 s"),
    ],
)
def test_transport_errors_are_specific(exc: httpx.TransportError, kind: type, words: str) -> None:
    error = transport_error(exc, "https://api.example.com/v1/chat/completions", 120, KEY)
    assert type(error) is kind
    assert words in error.message
    assert "api.example.com" in error.message or kind is e.RequestTimeoutError


def test_error_code_and_type_are_redacted_like_the_message() -> None:
    key = "sk-live-0123456789abcdefghij"
    body = {"error": {"message": "no", "code": f"bad {key}", "type": f"t-{key}"}}
    info = parse_error_body(body, "application/json", key)
    assert key not in info.code and key not in info.type
    error = status_error(400, info)
    assert key not in (error.detail or "") and key not in str(error)


@pytest.mark.parametrize("headers", [{"retry-after-ms": "inf"}, {"Retry-After": "nan"}])
def test_infinite_retry_after_is_ignored_not_an_overflow(headers: dict[str, str]) -> None:
    wait = parse_retry_after(headers)
    assert wait is None
    error = status_error(429, parse_error_body({"error": "slow"}, "", None), retry_after=wait)
    assert isinstance(error, e.RateLimitedError)


@pytest.mark.parametrize(
    "message",
    [
        "Invalid content type. image_url is only supported by certain models.",
        "image input is not supported - hint: if this is unexpected, you may need to provide "
        "the mmproj",
        "Model does not support images. Please use a model that does.",
        "registry.ollama.ai/library/llama3.2:latest does not support images",
    ],
)
def test_a_refused_image_is_recognised_and_explained(message: str) -> None:
    error = _err(400, {"error": {"message": message}})
    assert isinstance(error, e.ImageInputError) and error.action is e.Action.CHOOSE_MODEL
    assert error.message.startswith("This model does not accept images.")
    assert message in error.message  # the server's own words follow


def test_an_unrelated_400_about_images_in_prose_is_a_plain_bad_request() -> None:
    error = _err(400, {"error": {"message": "temperature must be at most 2 (see images docs)"}})
    assert type(error) is e.BadRequestError
