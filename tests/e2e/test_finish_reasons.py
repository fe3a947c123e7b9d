"""Replies that end for a reason the user must see: length, content filter, tool calls."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from tests.e2e.harness import App, wait_until
from tests.e2e.test_interruptions import env_for
from tests.fakeserver.harness import FakeServer
from tests.fakeserver.replies import LENGTH_FIRST, LENGTH_REST

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(120)]


def test_length_then_continue(make_app: Callable[..., App], server: FakeServer) -> None:
    app = make_app(env_for(server)).start()
    app.send("Write a long story [length]")
    cut = app.wait_reply(lambda m: m["status"] == "complete", "the cut-off reply")
    assert cut["finish_reason"] == "length"
    assert cut["content"] == LENGTH_FIRST
    app.screenshot("01-cut-off-with-continue")
    app.click(*app.find_link(app.frame()))  # "Continue", the first link of the footer
    done = app.wait_reply(
        lambda m: m["finish_reason"] == "stop" and m["status"] == "complete",
        "the continued reply",
    )
    assert done["id"] == cut["id"], "Continue must extend the same reply"
    assert done["content"].replace(" ", "") == (LENGTH_FIRST + LENGTH_REST).replace(" ", "")
    assert len([m for m in app.messages() if m["role"] == "assistant"]) == 1
    # What the user sees: the footer's Continue link goes away with the warning.
    wait_until(lambda: not has_link(app), "the cut-off footer to go", timeout=5)
    app.screenshot("02-continued")


def has_link(app: App) -> bool:
    try:
        app.find_link(app.frame())
    except AssertionError:
        return False
    return True


def test_content_filter_notice(make_app: Callable[..., App], server: FakeServer) -> None:
    app = make_app(env_for(server)).start()
    app.send("Something edgy [filter]")
    reply = app.wait_reply(lambda m: m["status"] == "complete", "the filtered reply")
    assert reply["finish_reason"] == "content_filter"
    app.screenshot("01-content-filter-notice")


def test_tool_calls_card(make_app: Callable[..., App], server: FakeServer) -> None:
    app = make_app(env_for(server)).start()
    app.send("What is the weather in Paris? [tool]")
    reply = app.wait_reply(lambda m: m["status"] == "complete", "the tool-call reply")
    assert reply["finish_reason"] == "tool_calls"
    calls = json.loads(reply["tool_calls"])
    names = json.dumps(calls)
    assert "get_weather" in names and "get_time" in names
    assert "Paris" in names
    app.screenshot("01-tool-call-card")
