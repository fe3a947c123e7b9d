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


class ScriptedBackend:
    """Each call to ``stream_chat`` plays the next script.

    A script is a list of events, ``ChatError`` instances (raised there) or
    floats (seconds to sleep, like a slow network).
    """

    def __init__(self, *scripts: Sequence[object]) -> None:
        self.scripts = list(scripts)
        self.requests: list[ChatRequest] = []

    async def stream_chat(self, request: ChatRequest) -> AsyncIterator[StreamEvent]:
        self.requests.append(request)
        script = self.scripts.pop(0) if self.scripts else reply("ok")
        for step in script:
            if isinstance(step, BaseException):  # ChatError, or a bug of any kind
                raise step
            if isinstance(step, float):
                await asyncio.sleep(step)
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
