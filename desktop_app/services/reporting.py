"""The reporting port's one implementation outside the UI: a queue until the window.

The composition root builds one :class:`QueuedReporter` before anything
else, hands it to every service and presenter, and attaches the window's
notice bar once the window exists. What was reported before (a damaged
history moved aside, replies interrupted last time) is then shown in order.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ParamSpec, TypeVar

from desktop_app.core.errors import AfarensisError
from desktop_app.core.notices import Notice
from desktop_app.core.ports import Reporter

P = ParamSpec("P")
T = TypeVar("T")


class QueuedReporter:
    """Satisfies ``core.ports.Reporter``; forwards to a sink once one is attached."""

    def __init__(self) -> None:
        self._pending: list[Notice] = []
        self._sink: Reporter | None = None

    def report(self, notice: Notice) -> None:
        if self._sink is None:
            self._pending.append(notice)
        else:
            self._sink.report(notice)

    def attach(self, sink: Reporter) -> None:
        """From now on notices go to ``sink``; the queued ones go there first, in order."""
        self._sink = sink
        pending, self._pending = self._pending, []
        for notice in pending:
            sink.report(notice)

    @property
    def pending(self) -> tuple[Notice, ...]:
        """What waits for a window (for tests and the self-check)."""
        return tuple(self._pending)


def reporting(reporter: Reporter, action: Callable[P, T], fallback: T) -> Callable[P, T]:
    """``action``, with a typed error it raises reported instead of escaping.

    A user action (pin, rename, delete…) that fails ends in its sentence on
    the notice bar and returns ``fallback``; without this it would escape
    into a Qt slot and reach only the log.
    """

    def guarded(*args: P.args, **kwargs: P.kwargs) -> T:
        try:
            return action(*args, **kwargs)
        except AfarensisError as error:
            reporter.report(Notice.of_error(error, retry=False))
            return fallback

    return guarded
