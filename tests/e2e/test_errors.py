"""Server errors end in a plain message, the typed text back, or a quiet retry."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.e2e.harness import App, wait_until
from tests.e2e.test_interruptions import chat_requests, env_for
from tests.fakeserver.harness import FakeServer

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(120)]


def fail_and_quit(app: App, server: FakeServer, text: str) -> list[dict[str, Any]]:
    """Send ``text``, wait for the server to answer it and the screen to settle, quit."""
    before = app.frame()
    app.send(text)
    wait_until(lambda: chat_requests(server), "the request to reach the server")
    wait_until(
        lambda: not [m for m in app.messages() if m["status"] == "streaming"],
        "the turn to end",
    )
    app.wait_painted(before, "the failure to be shown")
    app.screenshot("01-error-shown")
    assert app.quit() == 0
    return app.messages()


def test_wrong_key_says_so_and_keeps_the_text(
    make_app: Callable[..., App], make_server: Callable[..., FakeServer]
) -> None:
    server = make_server(require_key="sk-the-right-key")
    wrong = "sk-e2e-wrong-key-Zq81"
    app = make_app({**env_for(server), "AFARENSIS_API_KEY": wrong}).start()
    messages = fail_and_quit(app, server, "Hello with a bad key")
    assert [r["path"] for r in chat_requests(server)] == ["/v1/chat/completions"]
    assert not [m for m in messages if m["role"] == "assistant" and m["status"] == "complete"]
    assert "Hello with a bad key" in app.drafts()
    # The server echoes the token in its error body; the app must not repeat it.
    assert wrong not in app.all_logs()
    assert not [m for m in messages if wrong in (m["error"] or "")]


def test_rate_limit_is_retried_after_retry_after(
    make_app: Callable[..., App], server: FakeServer
) -> None:
    app = make_app(env_for(server)).start()
    app.send("Busy server [429once]")
    reply = app.wait_reply(lambda m: m["status"] == "complete", "the reply after the 429")
    app.screenshot("01-retried-reply")
    assert reply["finish_reason"] == "stop" and "Busy server" in reply["content"]
    first, second = chat_requests(server)
    assert second["ts"] - first["ts"] >= 0.9, "Retry-After: 1 was not honoured"


def test_html_500_gives_clean_error_and_text_back(
    make_app: Callable[..., App], server: FakeServer
) -> None:
    app = make_app(env_for(server)).start()
    messages = fail_and_quit(app, server, "Please fail [500html]")
    assert "Please fail [500html]" in app.drafts()
    assert not [m for m in messages if "<html" in (m["error"] or "").lower()]
    assert "<html" not in app.all_logs().lower()


def test_remote_images_and_html_are_never_fetched(
    make_app: Callable[..., App], server: FakeServer
) -> None:
    app = make_app(env_for(server)).start()
    before = app.frame()
    app.send("Show me pictures [images]")
    reply = app.wait_reply(lambda m: m["status"] == "complete", "the reply with images")
    assert "/img/x.png" in reply["content"]
    app.wait_painted(before, "the reply to be drawn")
    app.screenshot("01-images-reply")
    assert app.quit() == 0
    fetched = [r["path"] for r in server.requests() if r["method"] == "GET"]
    assert not [p for p in fetched if p.startswith("/img")], fetched
