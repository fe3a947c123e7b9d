"""The mutable state of one streaming reply: its text, timings and usage.

Kept apart from the chat service because it is on the per-token path: a
delta is one list append, and the text is joined only when it is needed
(a checkpoint, about once a second, or the end of the turn).
"""

from __future__ import annotations

from collections.abc import Callable

from desktop_app.core.events import (
    ReasoningDelta,
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
        reasoning_prefix: str = "",
    ) -> None:
        self.reply = reply
        self.prefix = prefix
        self.reasoning_prefix = reasoning_prefix
        #: What the reply already cost before this run (a Continue adds to it).
        self.earlier_usage = earlier_usage
        self._clock = clock
        self._parts: list[str] = []
        self._thinking: list[str] = []
        self.thinking_ms: float | None = None  # until the answer started (or so far)
        self._thinking_done = False
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

    @property
    def reasoning(self) -> str | None:
        """The thinking so far (a Continue's earlier thinking first); None if there was none."""
        if len(self._thinking) > 1:
            self._thinking[:] = ["".join(self._thinking)]
        text = self.reasoning_prefix + (self._thinking[0] if self._thinking else "")
        return text.strip() or None  # "<think>\n…\n</think>" leaves blank lines around

    @property
    def reasoning_ms(self) -> float | None:
        """How long it thought, a Continue's earlier thinking included."""
        earlier = self.reply.reasoning_ms if self.reasoning_prefix else None
        if self.thinking_ms is None:
            return earlier
        return self.thinking_ms + (earlier or 0.0)

    def has_new_output(self) -> bool:
        return any(self._parts) or any(self._thinking) or self._tool_fragments > 0

    def apply(self, event: TurnEvent) -> None:
        if isinstance(event, TextDelta):
            self._first_token()
            self._thinking_done = True
            self._parts.append(event.text)
            self._dirty = True
        elif isinstance(event, ReasoningDelta):
            self._first_token()
            if event.retracts_answer:
                self._parts.clear()  # it was thinking, streamed before its closing tag
                self._thinking_done = False
            self._thinking.append(event.text)
            if not self._thinking_done:
                self.thinking_ms = (self._clock() - self.started) * 1000
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

    def _first_token(self) -> None:
        if self.first_token_ms is None:
            self.first_token_ms = (self._clock() - self.started) * 1000

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
