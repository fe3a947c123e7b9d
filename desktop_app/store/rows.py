"""Rows ↔ core types. JSON columns hold the small nested values (params, usage, tool calls)."""

from __future__ import annotations

import json
import logging
import sqlite3
from typing import Any

from desktop_app.core.codec import FieldError, decode, decode_many, encode
from desktop_app.core.history import ConversationSummary
from desktop_app.core.models import (
    Conversation,
    FinishReason,
    GenerationParams,
    Message,
    MessageStatus,
    Role,
    ToolCall,
    Usage,
)
from desktop_app.core.tools import ToolInfo

log = logging.getLogger(__name__)

CONVERSATION_COLUMNS = (
    "id, title, created_at, updated_at, pinned, folder, trashed_at, model, "
    "system_prompt, params, profile, current_leaf_id"
)
SUMMARY_COLUMNS = "id, title, created_at, updated_at, pinned, folder, trashed_at, model"
MESSAGE_COLUMNS = (
    "id, conversation_id, parent_id, role, content, status, finish_reason, error, "
    "model, usage, tool_calls, created_at, first_token_ms, duration_ms, "
    "reasoning, reasoning_ms, tool_call_id, tool_info"
)


def _dumps(data: Any) -> str:
    return json.dumps(data, separators=(",", ":"))


def _loads(text: str, what: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        log.warning("unreadable %s in the history: %r", what, text[:80])
        return None


def params_to_json(params: GenerationParams) -> str:
    return _dumps(encode(params))


def params_from_json(text: str | None) -> GenerationParams:
    """A row's parameters; ones this version cannot read fall back to the defaults."""
    raw = _loads(text, "parameters") if text else {}
    try:
        return decode(GenerationParams, raw)
    except FieldError as error:
        log.warning("generation parameters in the history not understood: %s", error)
        return GenerationParams()


def usage_to_json(usage: Usage | None) -> str | None:
    return None if usage is None else _dumps(encode(usage))


def usage_from_json(text: str | None) -> Usage | None:
    """A row's token counts; None when absent or unreadable (they are only shown)."""
    if not text:
        return None
    try:
        return decode(Usage, _loads(text, "usage"))
    except FieldError as error:
        log.warning("token usage in the history not understood: %s", error)
        return None


def tool_calls_to_json(calls: tuple[ToolCall, ...] | list[ToolCall]) -> str | None:
    return _dumps(encode(calls)) if calls else None


def tool_calls_from_json(text: str | None) -> tuple[ToolCall, ...]:
    if not text:
        return ()
    try:
        return decode_many(ToolCall, _loads(text, "tool calls"), "tool_calls")
    except FieldError as error:
        log.warning("tool calls in the history not understood: %s", error)
        return ()


def conversation_values(c: Conversation) -> tuple[object, ...]:
    return (
        c.id,
        c.title,
        c.created_at,
        c.updated_at,
        int(c.pinned),
        c.folder,
        c.trashed_at,
        c.model,
        c.system_prompt,
        params_to_json(c.params),
        c.profile,
        c.current_leaf_id,
    )


def conversation_from_row(row: sqlite3.Row | tuple[Any, ...]) -> Conversation:
    return Conversation(
        id=row[0],
        title=row[1],
        created_at=row[2],
        updated_at=row[3],
        pinned=bool(row[4]),
        folder=row[5],
        trashed_at=row[6],
        model=row[7],
        system_prompt=row[8],
        params=params_from_json(row[9]),
        profile=row[10],
        current_leaf_id=row[11],
    )


def summary_from_row(row: tuple[Any, ...]) -> ConversationSummary:
    """Columns in :data:`SUMMARY_COLUMNS` order, which is the dataclass's field order."""
    rid, title, created, updated, pinned, folder, trashed, model = row[:8]
    return ConversationSummary(rid, title, created, updated, bool(pinned), folder, trashed, model)


def message_values(m: Message) -> tuple[object, ...]:
    return (
        m.id,
        m.conversation_id,
        m.parent_id,
        m.role.value,
        m.content,
        m.status.value,
        None if m.finish_reason is None else m.finish_reason.value,
        m.error,
        m.model,
        usage_to_json(m.usage),
        tool_calls_to_json(m.tool_calls),
        m.created_at,
        m.first_token_ms,
        m.duration_ms,
        m.reasoning,
        m.reasoning_ms,
        m.tool_call_id,
        None if m.tool_info is None else m.tool_info.to_json(),
    )


def message_from_row(row: tuple[Any, ...]) -> Message:
    return Message(
        id=row[0],
        conversation_id=row[1],
        parent_id=row[2],
        role=Role(row[3]),
        content=row[4],
        status=MessageStatus(row[5]),
        finish_reason=None if row[6] is None else FinishReason(row[6]),
        error=row[7],
        model=row[8],
        usage=usage_from_json(row[9]),
        tool_calls=tool_calls_from_json(row[10]),
        created_at=row[11],
        first_token_ms=row[12],
        duration_ms=row[13],
        reasoning=row[14],
        reasoning_ms=row[15],
        tool_call_id=row[16],
        tool_info=ToolInfo.from_json(row[17]),
    )
