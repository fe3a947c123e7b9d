"""The mutable state of one streaming reply: its text, timings and usage.

Kept apart from the chat service because it is on the per-token path: a
delta is one list append, and the text is joined only when it is needed
(a checkpoint, about once a second, or the end of the turn).
"""

from __future__ import annotations

from collections.abc import Callable

from desktop_app.core.events import (
    TextDelta,
    ToolCallDelta,
    TurnEvent,
    TurnFinished,
    TurnStarted,
    UsageReport,
)
from desktop_app.core.models import Message, Usage

CHECKPOINT_INTERVAL_S = 1.0


class TurnRun:
    """The mutable state of one streaming reply (text, timings, usage)."""

    def __init__(
        self,
        reply: Message,
        clock: Callable[[], float],
        prefix: str,
        earlier_usage: Usage | None = None,
    ) -> None:
        self.reply = reply
        self.prefix = prefix
        #: What the reply already cost before this run (a Continue adds to it).
        self.earlier_usage = earlier_usage
        self._clock = clock
        self._parts: list[str] = []
        self._tool_fragments = 0
        self.usage: Usage | None = None
        self.model = reply.model
        self.finished: TurnFinished | None = None
        self.started = clock()
        self.first_token_ms: float | None = None
        self._last_checkpoint = self.started
        self._dirty = False
        #: The disk refused a write of this reply (said once, via SavingPaused).
        self.saving_paused = False

    @property
    def text(self) -> str:
        """Everything so far; deltas are joined lazily (once per checkpoint)."""
        if len(self._parts) > 1:
            self._parts[:] = ["".join(self._parts)]
        return self.prefix + (self._parts[0] if self._parts else "")

    def has_new_output(self) -> bool:
        return any(self._parts) or self._tool_fragments > 0

    def apply(self, event: TurnEvent) -> None:
        if isinstance(event, TextDelta):
            if self.first_token_ms is None:
                self.first_token_ms = (self._clock() - self.started) * 1000
            self._parts.append(event.text)
            self._dirty = True
        elif isinstance(event, ToolCallDelta):
            self._tool_fragments += 1
        elif isinstance(event, UsageReport):
            self.usage = event.usage
        elif isinstance(event, TurnStarted):
            self.model = event.model or self.model
        elif isinstance(event, TurnFinished):
            self.finished = event
            self.usage = event.usage or self.usage
            self.model = event.model or self.model

    @property
    def total_usage(self) -> Usage | None:
        """This run's usage plus what the reply cost before (Continue)."""
        if self.earlier_usage is None or self.usage is None:
            return self.usage or self.earlier_usage
        return self.earlier_usage + self.usage

    def checkpoint_due(self) -> bool:
        now = self._clock()
        if self._dirty and now - self._last_checkpoint >= CHECKPOINT_INTERVAL_S:
            self._last_checkpoint = now
            self._dirty = False
            return True
        return False

    def duration_ms(self) -> float:
        return (self._clock() - self.started) * 1000
