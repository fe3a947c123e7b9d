"""Named tasks: asking about them is safe even outside the running loop."""

from __future__ import annotations

from desktop_app.app.tasks import TaskManager


def test_asking_about_other_tasks_outside_a_running_loop_does_not_raise() -> None:
    """A turn's cleanup can run when its coroutine is closed after the loop stopped."""
    assert TaskManager().is_running_besides_me("turn:x") is False
