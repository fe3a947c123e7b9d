"""Pure value types shared by every layer.

They are frozen so a message handed to the UI, the store and the network
layer can never be changed behind another layer's back; changes make copies
with :func:`dataclasses.replace`.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from desktop_app.core.attachments import Attachment, ContentPart
from desktop_app.core.tools import ToolInfo


def new_id() -> str:
    """A globally unique id; stable across export/import so re-imports dedupe."""
    import uuid  # ~5 ms to import, and no id is made before the first frame

    return uuid.uuid4().hex


def now() -> float:
    """Wall-clock time in seconds since the epoch (UTC), the unit of every timestamp."""
    return time.time()


class Role(StrEnum):
    SYSTEM = "system"
    USER = "user"
    ASSISTANT = "assistant"
    TOOL = "tool"


class MessageStatus(StrEnum):
    """Lifecycle of a stored message.

    ``STREAMING`` rows left behind by a crash become ``INTERRUPTED`` on the
    next start, keeping their partial text.
    """

    STREAMING = "streaming"
    COMPLETE = "complete"
    CANCELLED = "cancelled"
    INTERRUPTED = "interrupted"
    ERROR = "error"


class FinishReason(StrEnum):
    STOP = "stop"
    LENGTH = "length"
    TOOL_CALLS = "tool_calls"
    FUNCTION_CALL = "function_call"
    CONTENT_FILTER = "content_filter"
    OTHER = "other"

    @classmethod
    def parse(cls, value: object) -> FinishReason | None:
        """Map a wire value to a reason; ``None`` while streaming.

        Providers invent values (``eos``, ``end_turn``, ``max_tokens``); the
        well-known synonyms map to ours and anything else becomes ``OTHER``
        rather than failing the reply.
        """
        if value is None or value == "":
            return None
        text = str(value).lower()
        synonyms = {
            "eos": cls.STOP,
            "end_turn": cls.STOP,
            "stop_sequence": cls.STOP,
            "max_tokens": cls.LENGTH,
            "model_length": cls.LENGTH,
            "tool_use": cls.TOOL_CALLS,
            "safety": cls.CONTENT_FILTER,
        }
        if text in synonyms:
            return synonyms[text]
        try:
            return cls(text)
        except ValueError:
            return cls.OTHER


@dataclass(frozen=True, slots=True)
class Usage:
    prompt_tokens: int = 0
    completion_tokens: int = 0
    total_tokens: int = 0

    def __add__(self, other: Usage) -> Usage:
        return Usage(
            self.prompt_tokens + other.prompt_tokens,
            self.completion_tokens + other.completion_tokens,
            self.total_tokens + other.total_tokens,
        )


@dataclass(frozen=True, slots=True)
class ToolCall:
    """A function the model asked to call. ``arguments`` is the raw JSON text."""

    id: str
    name: str
    arguments: str
    type: str = "function"


#: The values of ``reasoning_effort`` servers accept (OpenAI, OpenRouter, vLLM, Ollama).
REASONING_EFFORTS = ("low", "medium", "high")


@dataclass(frozen=True, slots=True)
class GenerationParams:
    """Per-conversation sampling settings; ``None`` means "server default"."""

    temperature: float | None = None
    top_p: float | None = None
    max_tokens: int | None = None
    seed: int | None = None
    stop: tuple[str, ...] = ()
    presence_penalty: float | None = None
    frequency_penalty: float | None = None
    json_mode: bool = False
    #: ``low`` / ``medium`` / ``high`` for thinking models; ``None`` sends nothing.
    reasoning_effort: str | None = None


@dataclass(frozen=True, slots=True)
class ChatMessage:
    """One message as sent to the API (no storage fields)."""

    role: Role
    content: str | None
    name: str | None = None
    tool_calls: tuple[ToolCall, ...] = ()
    tool_call_id: str | None = None
    #: Thinking echoed back; set only where a provider requires it (see core/conversation.py).
    reasoning_content: str | None = None
    # Attachments as content parts; when set they are sent as a list of parts
    # in place of ``content`` (which then stays the plain text, for logs/tests).
    parts: tuple[ContentPart, ...] = ()


@dataclass(frozen=True, slots=True)
class ChatRequest:
    model: str
    messages: tuple[ChatMessage, ...]
    params: GenerationParams = field(default_factory=GenerationParams)
    stream: bool = True
    user: str | None = None
    #: Chat Completions ``tools`` definitions (JSON objects), offered to the model.
    tools: tuple[dict[str, Any], ...] = ()


@dataclass(frozen=True, slots=True)
class Completion:
    """A whole (non-streamed) reply."""

    content: str
    finish_reason: FinishReason | None
    tool_calls: tuple[ToolCall, ...] = ()
    usage: Usage | None = None
    response_id: str | None = None
    model: str | None = None
    reasoning: str | None = None


@dataclass(frozen=True, slots=True)
class Message:
    """A stored message. ``parent_id`` links branches: siblings share a parent."""

    id: str
    conversation_id: str
    role: Role
    content: str
    parent_id: str | None = None
    status: MessageStatus = MessageStatus.COMPLETE
    finish_reason: FinishReason | None = None
    error: str | None = None
    model: str | None = None
    usage: Usage | None = None
    tool_calls: tuple[ToolCall, ...] = ()
    created_at: float = field(default_factory=now)
    first_token_ms: float | None = None
    duration_ms: float | None = None
    #: The model's thinking, kept apart from ``content`` and never sent back by default.
    reasoning: str | None = None
    #: How long the model thought (first thinking token to the answer's start).
    reasoning_ms: float | None = None
    attachments: tuple[Attachment, ...] = ()  # images and files sent with it (issue 15)
    #: A ``tool`` row: the call it answers, and what ran (issue 16; schema v5).
    tool_call_id: str | None = None
    tool_info: ToolInfo | None = None


@dataclass(frozen=True, slots=True)
class Conversation:
    id: str
    title: str
    created_at: float = field(default_factory=now)
    updated_at: float = field(default_factory=now)
    pinned: bool = False
    folder: str | None = None
    trashed_at: float | None = None
    model: str | None = None
    system_prompt: str | None = None
    params: GenerationParams = field(default_factory=GenerationParams)
    profile: str | None = None
    current_leaf_id: str | None = None
