"""Text typed but not sent survives quitting, in a new chat and in a stored one."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.e2e.harness import App
from tests.e2e.test_interruptions import env_for
from tests.fakeserver.harness import FakeServer

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(120)]


def test_unsent_text_in_a_new_chat_is_there_after_restart(
    make_app: Callable[..., App], server: FakeServer
) -> None:
    app = make_app(env_for(server)).start()
    app.focus()
    app.type("half a thought, not sent yet")
    assert app.quit() == 0
    assert app.drafts() == ["half a thought, not sent yet"]

    app.start()
    before = app.frame()
    app.key("Return")  # the restored draft is in the composer: Enter sends it
    app.wait_painted(before, "the restored draft to be sent")
    reply = app.wait_reply(lambda m: m["status"] == "complete", "the reply to the draft")
    users = [m["content"] for m in app.messages() if m["role"] == "user"]
    assert users == ["half a thought, not sent yet"]
    assert reply["role"] == "assistant"
    app.screenshot("01-draft-sent-after-restart")
    assert app.quit() == 0
    assert app.drafts() == []
