"""A scripted stand-in for the network: yields the events a server would."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Sequence

from desktop_app.core.events import (
    ReasoningDelta,
    StreamEvent,
    TextDelta,
    TurnFinished,
    TurnStarted,
)
from desktop_app.core.models import ChatRequest, Completion, FinishReason, Usage


class Hold:
    """A script step where the stream waits until the test opens the gates.

    A slow network modelled by a clock (a float step) ends at a moment that
    depends on how busy the machine is; a hold ends when the test says so,
    so what runs after each step of a randomized walk is the same on every
    replay (hypothesis requires that of its preconditions).
    """


HOLD = Hold()


class ScriptedBackend:
    """Each call to ``stream_chat`` plays the next script.

    A script is a list of events, ``ChatError`` instances (raised there),
    floats (seconds to sleep, like a slow network) or ``HOLD`` (wait for
    ``open_gates``).
    """

    def __init__(self, *scripts: Sequence[object]) -> None:
        self.scripts = list(scripts)
        self.requests: list[ChatRequest] = []
        self._gates: list[asyncio.Event] = []

    @property
    def held(self) -> int:
        """How many streams wait at a closed gate now."""
        return sum(not gate.is_set() for gate in self._gates)

    def open_gates(self) -> None:
        """Let every held stream go on."""
        for gate in self._gates:
            gate.set()

    async def _hold(self) -> None:
        gate = asyncio.Event()
        self._gates.append(gate)
        try:
            await gate.wait()
        finally:
            self._gates.remove(gate)

    async def stream_chat(self, request: ChatRequest) -> AsyncIterator[StreamEvent]:
        self.requests.append(request)
        script = self.scripts.pop(0) if self.scripts else reply("ok")
        for step in script:
            if isinstance(step, BaseException):  # ChatError, or a bug of any kind
                raise step
            if isinstance(step, float):
                await asyncio.sleep(step)
                continue
            if isinstance(step, Hold):
                await self._hold()
                continue
            assert isinstance(step, TurnStarted | TextDelta | ReasoningDelta | TurnFinished)
            yield step

    async def complete(self, request: ChatRequest) -> Completion:
        self.requests.append(request)
        return Completion("A title", FinishReason.STOP)

    async def list_models(self) -> list[str]:
        return ["m1", "m2"]


def reply(*parts: str, reason: FinishReason = FinishReason.STOP) -> list[object]:
    return [
        TurnStarted("r1", "scripted-model"),
        *[TextDelta(p) for p in parts],
        TurnFinished(reason, usage=Usage(5, len(parts), 5 + len(parts)), model="scripted-model"),
    ]
