"""Chat Completions JSON ↔ core types.

Pure functions and one small state machine, no I/O. Everything read from a
server goes through tolerant accessors: providers add keys, send ``null``
where OpenAI sends a string, skip ``usage``, send an empty ``choices`` list or
omit ``index`` on tool calls, and none of that may fail a reply.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from desktop_app.api.reasoning import PieceKind, ThinkSplitter, reasoning_field
from desktop_app.core.attachments import ContentPart, ImagePart
from desktop_app.core.errors import ConfigError
from desktop_app.core.events import (
    ReasoningDelta,
    StreamEvent,
    TextDelta,
    ToolCallDelta,
    TurnFinished,
    TurnStarted,
    UsageReport,
)
from desktop_app.core.models import (
    REASONING_EFFORTS,
    ChatMessage,
    ChatRequest,
    Completion,
    FinishReason,
    ToolCall,
    Usage,
)

__all__ = [
    "StreamAssembler",
    "build_chat_body",
    "normalize_base_url",
    "parse_completion",
    "parse_models",
    "parse_usage",
]

JsonObj = dict[str, Any]


def normalize_base_url(url: str) -> str:
    """Return the API root that ``/chat/completions`` and ``/models`` hang off.

    People paste ``http://localhost:11434``, ``…/v1/``, or the full
    ``…/v1/chat/completions`` from a provider's docs. A bare host gets ``/v1``;
    a URL that already has a path (``https://openrouter.ai/api/v1``) is kept as
    is, so we never produce ``/v1/v1``.
    """
    text = url.strip()
    if not text:
        raise ConfigError("The server address (base URL) is empty. Enter it in Settings.")
    if "://" not in text:
        text = "http://" + text
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ConfigError(
            f"The server address {url.strip()!r} is not an http(s) URL. "
            "Enter e.g. http://localhost:11434/v1 in Settings."
        )
    path = parts.path.rstrip("/")
    for suffix in ("/chat/completions", "/completions", "/models"):
        if path.endswith(suffix):
            path = path[: -len(suffix)].rstrip("/")
            break
    if not path:
        path = "/v1"
    return f"{parts.scheme}://{parts.netloc}{path}"


# ------------------------------------------------------------------ requests


def _part_json(part: ContentPart) -> JsonObj:
    if isinstance(part, ImagePart):
        return {"type": "image_url", "image_url": {"url": part.url}}
    return {"type": "text", "text": part.text}


def _message_json(message: ChatMessage) -> JsonObj:
    content: object = message.content
    if message.parts:
        content = [_part_json(p) for p in message.parts]
    out: JsonObj = {"role": str(message.role), "content": content}
    if message.name:
        out["name"] = message.name
    if message.tool_calls:
        out["tool_calls"] = [
            {
                "id": call.id,
                "type": call.type,
                "function": {"name": call.name, "arguments": call.arguments},
            }
            for call in message.tool_calls
        ]
    if message.tool_call_id:
        out["tool_call_id"] = message.tool_call_id
    if message.reasoning_content:
        out["reasoning_content"] = message.reasoning_content
    return out


def build_chat_body(
    request: ChatRequest,
    *,
    stream: bool,
    include_usage: bool = True,
    use_max_completion_tokens: bool = False,
) -> JsonObj:
    """The JSON body of ``POST /chat/completions``; unset parameters are left out.

    Leaving them out (rather than sending ``null``) lets each server apply its
    own defaults and keeps strict servers from rejecting unknown nulls.
    """
    p = request.params
    body: JsonObj = {
        "model": request.model,
        "messages": [_message_json(m) for m in request.messages],
        "n": 1,
        "stream": stream,
    }
    optional: JsonObj = {
        "temperature": p.temperature,
        "top_p": p.top_p,
        "seed": p.seed,
        "presence_penalty": p.presence_penalty,
        "frequency_penalty": p.frequency_penalty,
        "user": request.user,
    }
    body.update({k: v for k, v in optional.items() if v is not None})
    if p.max_tokens is not None:
        key = "max_completion_tokens" if use_max_completion_tokens else "max_tokens"
        body[key] = p.max_tokens
    if p.stop:
        body["stop"] = list(p.stop)
    if p.json_mode:
        body["response_format"] = {"type": "json_object"}
    if p.reasoning_effort in REASONING_EFFORTS:
        body["reasoning_effort"] = p.reasoning_effort
    if request.tools:
        body["tools"] = list(request.tools)
    if stream and include_usage:
        body["stream_options"] = {"include_usage": True}
    return body


# ----------------------------------------------------------------- responses


def _obj(value: object) -> JsonObj:
    return value if isinstance(value, dict) else {}


def _str_or_none(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


def _int(value: object) -> int:
    if isinstance(value, bool):
        return 0
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value)
    return 0


def parse_usage(value: object) -> Usage | None:
    """``usage`` object → :class:`Usage`; ``None`` when absent or not an object."""
    if not isinstance(value, Mapping):
        return None
    prompt = _int(value.get("prompt_tokens", value.get("input_tokens")))
    completion = _int(value.get("completion_tokens", value.get("output_tokens")))
    total = _int(value.get("total_tokens")) or prompt + completion
    return Usage(prompt, completion, total)


def _first_choice(payload: JsonObj) -> JsonObj:
    choices = payload.get("choices")
    if isinstance(choices, list):
        for choice in choices:
            if isinstance(choice, dict) and _int(choice.get("index", 0)) == 0:
                return choice
    return {}


class _CallParts:
    __slots__ = ("arguments", "id", "name")

    def __init__(self) -> None:
        self.id = ""
        self.name = ""
        self.arguments: list[str] = []

    def build(self) -> ToolCall:
        return ToolCall(self.id, self.name, "".join(self.arguments), type="function")


class StreamAssembler:
    """Fold streamed ``chat.completion.chunk`` payloads into core events.

    ``feed()`` returns the events one chunk produces, in order;
    ``finish()`` builds the single ``TurnFinished`` with the tool calls put
    together from their fragments. ``text`` keeps the whole reply so far, so
    the client can tell an interruption with partial text from one without.
    """

    def __init__(self) -> None:
        self.started = False
        self.response_id: str | None = None
        self.model: str | None = None
        self.finish_reason: FinishReason | None = None
        self.usage: Usage | None = None
        self._text: list[str] = []
        self._reasoning: list[str] = []
        self._splitter = ThinkSplitter()
        self._calls: dict[int, _CallParts] = {}
        self._legacy: _CallParts | None = None

    @property
    def text(self) -> str:
        return "".join(self._text)

    @property
    def reasoning(self) -> str:
        return "".join(self._reasoning)

    @property
    def has_text(self) -> bool:
        """Any reply text so far, thinking included (a partial reply worth keeping)."""
        return bool(self._text) or bool(self._reasoning)

    def feed(self, payload: JsonObj) -> list[StreamEvent]:
        events: list[StreamEvent] = []
        if self.response_id is None:
            self.response_id = _str_or_none(payload.get("id"))
        if self.model is None:
            self.model = _str_or_none(payload.get("model"))
        if not self.started:
            self.started = True
            events.append(TurnStarted(self.response_id, self.model))
        choice = _first_choice(payload)
        delta = _obj(choice.get("delta")) or _obj(choice.get("message"))
        thought = reasoning_field(delta)
        if thought:
            self._splitter.stop_watching()
            self._reasoning.append(thought)
            events.append(ReasoningDelta(thought))
        content = delta.get("content")
        if isinstance(content, str) and content:
            self._split(self._splitter.feed(content), events)
        tool_calls = delta.get("tool_calls")
        if isinstance(tool_calls, list):
            for position, raw in enumerate(tool_calls):
                if isinstance(raw, dict):
                    events.append(self._tool_fragment(raw, position))
        function_call = delta.get("function_call")
        if isinstance(function_call, dict):
            events.append(self._legacy_fragment(function_call))
        reason = FinishReason.parse(choice.get("finish_reason"))
        if reason is not None:
            self.finish_reason = reason
        usage = parse_usage(payload.get("usage"))
        if usage is not None and usage != self.usage:
            self.usage = usage
            events.append(UsageReport(usage))
        return events

    def _split(self, pieces: list[tuple[PieceKind, str]], events: list[StreamEvent]) -> None:
        retract = False
        for kind, text in pieces:
            if kind is PieceKind.RETRACT:
                self._text.clear()
                retract = True
            elif kind is PieceKind.REASONING:
                self._reasoning.append(text)
                events.append(ReasoningDelta(text, retracts_answer=retract))
                retract = False
            else:
                self._text.append(text)
                events.append(TextDelta(text))

    def flush(self) -> list[StreamEvent]:
        """Text held back while it could have been the start of a tag, at the end."""
        events: list[StreamEvent] = []
        self._split(self._splitter.finish(), events)
        return events

    def _tool_fragment(self, raw: JsonObj, position: int) -> ToolCallDelta:
        index = raw.get("index")
        index = index if isinstance(index, int) and not isinstance(index, bool) else position
        parts = self._calls.setdefault(index, _CallParts())
        function = _obj(raw.get("function"))
        call_id = _str_or_none(raw.get("id"))
        name = _str_or_none(function.get("name"))
        arguments = function.get("arguments")
        # Some providers send the arguments as an object instead of JSON text.
        if isinstance(arguments, dict | list):
            arguments = json.dumps(arguments)
        arguments = arguments if isinstance(arguments, str) else ""
        if call_id and not parts.id:
            parts.id = call_id
        if name and not parts.name:
            parts.name = name
        parts.arguments.append(arguments)
        return ToolCallDelta(index, call_id, name, arguments)

    def _legacy_fragment(self, function_call: JsonObj) -> ToolCallDelta:
        """The pre-tools ``function_call`` delta, reported as tool call 0."""
        parts = self._legacy = self._legacy or _CallParts()
        name = _str_or_none(function_call.get("name"))
        arguments = function_call.get("arguments")
        arguments = arguments if isinstance(arguments, str) else ""
        if name and not parts.name:
            parts.name = name
        parts.arguments.append(arguments)
        return ToolCallDelta(0, None, name, arguments)

    @property
    def tool_calls(self) -> tuple[ToolCall, ...]:
        calls = [self._calls[i].build() for i in sorted(self._calls)]
        if self._legacy is not None:
            calls.append(self._legacy.build())
        return tuple(calls)

    def finish(self) -> TurnFinished:
        return TurnFinished(
            finish_reason=self.finish_reason,
            tool_calls=self.tool_calls,
            usage=self.usage,
            response_id=self.response_id,
            model=self.model,
        )


def parse_completion(payload: JsonObj) -> Completion:
    """A whole ``chat.completion`` body → :class:`Completion`."""
    assembler = StreamAssembler()
    assembler.feed(payload)
    assembler.flush()
    return Completion(
        content=assembler.text,
        finish_reason=assembler.finish_reason,
        tool_calls=assembler.tool_calls,
        usage=assembler.usage,
        response_id=assembler.response_id,
        model=assembler.model,
        reasoning=assembler.reasoning or None,
    )


def parse_models(payload: object) -> list[str]:
    """``GET /models`` → sorted unique ids; tolerates a bare list and ``models`` key."""
    items: object = payload
    if isinstance(payload, dict):
        items = payload.get("data", payload.get("models", []))
    ids: set[str] = set()
    if isinstance(items, list):
        for item in items:
            if isinstance(item, str) and item:
                ids.add(item)
            elif isinstance(item, dict):
                model_id = _str_or_none(item.get("id")) or _str_or_none(item.get("name"))
                if model_id:
                    ids.add(model_id)
    return sorted(ids)
