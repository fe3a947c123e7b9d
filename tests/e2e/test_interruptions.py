"""A reply cut short by the app dying or the server dying keeps every word so far."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.e2e.harness import App, wait_until
from tests.fakeserver.harness import FakeServer

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(120)]

LONG_TEXT_START = "alpha beta gamma delta"


def env_for(server: FakeServer) -> dict[str, str]:
    return {
        "AFARENSIS_API_KEY": "sk-e2e-env-key",
        "AFARENSIS_BASE_URL": server.base_url,
        "AFARENSIS_MODEL": "fake-model",
    }


def wait_partial(app: App) -> dict[str, object]:
    """A streaming reply whose partial text has been checkpointed to disk."""
    return app.wait_reply(
        lambda m: m["status"] == "streaming" and len(m["content"]) > 20,
        "a checkpoint of the streaming reply",
    )


def chat_requests(server: FakeServer) -> list[dict[str, Any]]:
    return [r for r in server.requests() if r["path"] == "/v1/chat/completions"]


def open_by_search(app: App, words: str) -> bytes:
    """Ctrl+K, type, Enter: the first hit opens; returns the settled screen."""
    app.key("ctrl+k")
    app.type(words)
    before = app.frame()
    app.key("Return")
    return app.wait_painted(before, f"the conversation '{words}' to open")


def link_in(app: App) -> tuple[int, int] | None:
    """Where the chat's lowest link is on screen now, or None while there is none."""
    try:
        return app.find_link(app.frame())
    except AssertionError:
        return None


def test_sigkill_mid_stream_keeps_partial_reply(
    make_app: Callable[..., App], server: FakeServer
) -> None:
    app = make_app(env_for(server)).start()
    app.send("Recite the Greek alphabet [slow:200] [long:200]")
    wait_partial(app)
    app.screenshot("01-streaming")
    app.sigkill()

    user = [m for m in app.messages() if m["role"] == "user"]
    assert [m["content"] for m in user] == ["Recite the Greek alphabet [slow:200] [long:200]"]

    app.start()
    reply = app.messages()[-1]
    assert reply["role"] == "assistant"
    assert reply["status"] == "interrupted"
    assert reply["content"].startswith(LONG_TEXT_START)
    open_by_search(app, "Recite the Greek")
    # Start-up work after a crash (the keyring and the integrity check, on
    # worker threads) may still repaint the window: wait for the card's Retry
    # link itself rather than trusting the first frame that held still.
    retry = wait_until(lambda: link_in(app), "the card's Retry link", 15, 0.1)
    app.screenshot("02-restarted-interrupted-with-retry")
    assert app.messages()[0]["content"] == user[0]["content"]

    app.click(*retry)
    chats = wait_until(
        lambda: c if len(c := chat_requests(server)) == 2 else None, "Retry to send the turn again"
    )
    assert chats[-1]["body"]["messages"][-1]["content"] == user[0]["content"]
    wait_partial(app)
    app.screenshot("03-retrying")
    assert app.quit() == 0  # quitting mid-stream keeps the text as "cancelled"
    assert app.messages()[-1]["status"] == "cancelled"


def test_server_killed_mid_stream_keeps_partial_reply(
    make_app: Callable[..., App], server: FakeServer
) -> None:
    app = make_app(env_for(server)).start()
    app.send("Keep talking [slow:150] [long:200]")
    wait_partial(app)
    server.kill()
    reply = app.wait_reply(lambda m: m["status"] != "streaming", "the reply to be finalized")
    app.screenshot("01-server-gone")
    assert reply["status"] == "interrupted", reply
    assert reply["content"].startswith(LONG_TEXT_START)
    users = [m["content"] for m in app.messages() if m["role"] == "user"]
    assert users == ["Keep talking [slow:150] [long:200]"]
    assert app.quit() == 0
    after = app.messages()[-1]
    assert after["status"] == "interrupted"
    assert after["content"].startswith(reply["content"])
