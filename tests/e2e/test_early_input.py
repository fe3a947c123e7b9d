"""What the user types the moment the window appears is neither lost nor garbled.

The first frame is painted before the controller and presenter are wired
(``app/first_frame.py``); keys pressed in between wait in the queue with
``ExcludeUserInputEvents`` and reach the wired window. Typed at once, with
no wait for anything but the window being mapped, a question is sent whole.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.e2e.harness import App
from tests.e2e.test_interruptions import env_for
from tests.fakeserver.harness import FakeServer

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(120)]


def test_a_question_typed_as_the_window_maps_is_sent_whole(
    make_app: Callable[..., App], server: FakeServer
) -> None:
    app = make_app(env_for(server)).start()  # returns as soon as the window is mapped
    app.send("the early bird asks")
    reply = app.wait_reply(lambda m: m["status"] == "complete", "the reply to the early question")
    users = [m["content"] for m in app.messages() if m["role"] == "user"]
    assert users == ["the early bird asks"]
    assert "the early bird asks" in reply["content"]
    app.screenshot("01-early-question-answered")
    assert app.quit() == 0
