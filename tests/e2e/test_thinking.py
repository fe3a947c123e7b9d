"""A thinking model in the real window: every wire format shows, stores and sends the same.

Per format the question is typed into the window; while the model thinks (no
answer text yet) the window keeps painting, so it never looks hung; at the
end the answer is stored without the thinking, the thinking beside it, and
the next request carries only the answer.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.e2e.harness import App, wait_until
from tests.e2e.test_interruptions import chat_requests, env_for
from tests.fakeserver.harness import FakeServer
from tests.fakeserver.thinking import FORMATS, THOUGHT

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(180)]


def _stored(app: App) -> tuple[str, str, str | None, float | None]:
    rows: list[tuple[str, str, str | None, float | None]] = app.query(
        "SELECT status, content, reasoning, reasoning_ms FROM messages "
        "WHERE role = 'assistant' ORDER BY seq DESC LIMIT 1"
    )
    return rows[0] if rows else ("", "", None, None)


def _finished(app: App) -> tuple[str, str, str | None, float | None] | None:
    row = _stored(app)
    return row if row[0] == "complete" else None


@pytest.mark.parametrize("fmt", FORMATS)
def test_each_format_shows_thinking_then_the_answer_and_stores_them_apart(
    make_app: Callable[..., App], server: FakeServer, fmt: str
) -> None:
    app = make_app(env_for(server)).start()
    app.send(f"Why is the sky blue? [think:{fmt}] [slow:300]")
    # About 4 s of thinking before the first answer token: the window must keep
    # changing meanwhile (the block streams, its timer runs), never look hung.
    wait_until(lambda: _stored(app)[0] == "streaming", "the reply row")
    before = app.frame()
    wait_until(lambda: app.frame() != before, "the thinking to be painted", timeout=3)
    assert _stored(app)[1] == "", "the answer came before the thinking was shown"
    app.screenshot(f"01-{fmt}-thinking")
    _status, content, reasoning, reasoning_ms = wait_until(
        lambda: _finished(app), "the finished reply", timeout=40
    )
    assert content.startswith("Hello! You said: **Why is the sky blue?**")
    assert "Pondering" not in content and "think>" not in content
    assert reasoning == THOUGHT
    assert reasoning_ms is not None and reasoning_ms > 0
    app.screenshot(f"02-{fmt}-answered")
    app.send("Thanks")
    wait_until(lambda: len(chat_requests(server)) == 2, "the second request")
    sent = chat_requests(server)[-1]["body"]["messages"]
    assistant = [m for m in sent if m["role"] == "assistant"]
    assert [m["content"] for m in assistant] == [content]
    assert all("reasoning_content" not in m for m in assistant)


def test_length_while_thinking_keeps_the_thinking_and_says_so(
    make_app: Callable[..., App], server: FakeServer
) -> None:
    app = make_app(env_for(server)).start()
    app.send("A hard one [think:reasoning_content] [length]")
    _status, content, reasoning, _ = wait_until(lambda: _finished(app), "the cut-off reply")
    assert content == "" and reasoning == THOUGHT
    app.screenshot("01-length-while-thinking")
    frame = app.frame()
    app.click(*app.find_link(frame))  # "Raise the limit and retry"
    wait_until(lambda: len(chat_requests(server)) == 2, "the retried request")
    assert chat_requests(server)[-1]["body"]["max_tokens"] == 8192
