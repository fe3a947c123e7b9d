"""Named, preemptive background tasks on the one asyncio loop.

Starting a task under a name that is still running cancels the old one
first: Stop, Regenerate and sending in another conversation all rely on that
instead of juggling task handles in widgets. Every task's exception is
logged from its done-callback, so nothing fails silently.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine
from typing import Any

log = logging.getLogger(__name__)


class TaskManager:
    """Owns every long-running coroutine the UI starts."""

    def __init__(self) -> None:
        self._tasks: dict[str, asyncio.Task[Any]] = {}

    def start(self, name: str, coro: Coroutine[Any, Any, Any]) -> asyncio.Task[Any]:
        """Run ``coro`` as ``name``, after cancelling a running task of that name.

        The new coroutine starts only once the old task has finished its
        cleanup: a turn stores its partial text as ``cancelled`` when
        cancelled, and a new turn of the same conversation must not race
        that write (Regenerate while a reply streams).
        """
        previous = self._tasks.get(name)
        if previous is not None and not previous.done():
            previous.cancel()
        else:
            previous = None
        task = asyncio.get_event_loop().create_task(_after(previous, coro), name=name)
        self._tasks[name] = task
        task.add_done_callback(lambda t: self._done(name, t))
        # Cancelled before its first step, the wrapper never ran: close the
        # coroutine, or Python warns it was never awaited (a no-op otherwise).
        task.add_done_callback(lambda _t: coro.close())
        return task

    def cancel(self, name: str) -> bool:
        """Request cancellation; True if a task of that name was running."""
        task = self._tasks.get(name)
        if task is None or task.done():
            return False
        task.cancel()
        return True

    def is_running(self, name: str) -> bool:
        task = self._tasks.get(name)
        return task is not None and not task.done()

    def is_running_besides_me(self, name: str) -> bool:
        """True if a task of that name runs other than the caller's own task.

        A turn asks this in its own cleanup: it is itself still running
        then, and what matters is whether a newer turn is waiting to run.
        """
        task = self._tasks.get(name)
        try:
            current = asyncio.current_task()
        except RuntimeError:  # a coroutine closed outside the loop (shutdown, GC)
            current = None
        return task is not None and not task.done() and task is not current

    def running_names(self) -> list[str]:
        return [n for n, t in self._tasks.items() if not t.done()]

    async def cancel_all(self, grace_s: float = 5.0) -> None:
        """Cancel everything and wait (bounded) for the tasks to finalise.

        Turns catch the cancellation and store their partial text as
        ``cancelled``; waiting here makes sure that write happens before the
        database closes.
        """
        tasks = [t for t in self._tasks.values() if not t.done()]
        for task in tasks:
            task.cancel()
        if tasks:
            await asyncio.wait(tasks, timeout=grace_s)

    def _done(self, name: str, task: asyncio.Task[Any]) -> None:
        if self._tasks.get(name) is task:
            del self._tasks[name]
        if task.cancelled():
            return
        error = task.exception()
        if error is not None:
            log.error("background task %s failed", name, exc_info=error)


async def _after(previous: asyncio.Task[Any] | None, coro: Coroutine[Any, Any, Any]) -> Any:
    """Await ``coro`` once ``previous`` is done; close it unstarted if cancelled first."""
    if previous is not None:
        try:
            await asyncio.wait([previous])
        except BaseException:
            coro.close()
            raise
    return await coro
