"""Events a streamed chat turn produces, as plain values.

The API client yields the *stream* events (``TurnStarted`` … ``TurnFinished``);
the chat service adds the terminal outcomes (``TurnFailed``,
``TurnCancelled``) so the UI reacts to one closed set of types and never to
HTTP details.
"""

from __future__ import annotations

from dataclasses import dataclass

from desktop_app.core.errors import ChatError, StorageError
from desktop_app.core.models import FinishReason, ToolCall, Usage


@dataclass(frozen=True, slots=True)
class TurnStarted:
    """The first chunk arrived: the server accepted the request."""

    response_id: str | None
    model: str | None


@dataclass(frozen=True, slots=True)
class TextDelta:
    text: str


@dataclass(frozen=True, slots=True)
class ReasoningDelta:
    """A piece of the model's thinking, kept apart from the answer.

    ``retracts_answer`` is set once at most per reply: the text streamed so
    far as answer turned out to be thinking (a bare ``</think>`` came with no
    opening tag, as some chat templates emit). Consumers then drop the answer
    of this run and append ``text``, which repeats that answer text, to the
    thinking.
    """

    text: str
    retracts_answer: bool = False


@dataclass(frozen=True, slots=True)
class ToolCallDelta:
    """A fragment of a tool call; ``index`` identifies the call it extends."""

    index: int
    id: str | None
    name: str | None
    arguments: str


@dataclass(frozen=True, slots=True)
class UsageReport:
    usage: Usage


@dataclass(frozen=True, slots=True)
class TurnFinished:
    """The reply ended normally; tool calls are fully assembled here."""

    finish_reason: FinishReason | None
    tool_calls: tuple[ToolCall, ...] = ()
    usage: Usage | None = None
    response_id: str | None = None
    model: str | None = None


@dataclass(frozen=True, slots=True)
class TurnFailed:
    """The turn failed.

    ``restored_text`` is set when the request failed before any reply text
    arrived: the user's message was taken back out of the history and is
    returned for the composer, so re-sending does not duplicate it.
    """

    error: ChatError
    partial_text: str = ""
    restored_text: str | None = None


@dataclass(frozen=True, slots=True)
class TurnCancelled:
    partial_text: str = ""


@dataclass(frozen=True, slots=True)
class SavingPaused:
    """The disk refused a write of this reply: it streams on, held in memory.

    Sent once per reply. The queued writes are saved, in order, as soon as
    a write succeeds again (the app retries), so the reply ends up stored
    with the state it finished in; until then the screen, not the database,
    has its latest text.
    """

    error: StorageError


StreamEvent = TurnStarted | TextDelta | ReasoningDelta | ToolCallDelta | UsageReport | TurnFinished
TurnEvent = StreamEvent | TurnFailed | TurnCancelled | SavingPaused
