"""Rows ↔ core types. JSON columns hold the small nested values (params, usage, tool calls)."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import asdict
from typing import Any

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


def params_to_json(params: GenerationParams) -> str:
    data = asdict(params)
    data["stop"] = list(params.stop)
    return json.dumps(data, separators=(",", ":"))


def params_from_json(text: str | None) -> GenerationParams:
    raw: Any = json.loads(text) if text else {}
    if not isinstance(raw, dict):
        return GenerationParams()
    raw["stop"] = tuple(raw.get("stop") or ())
    return GenerationParams(**raw)


def usage_to_json(usage: Usage | None) -> str | None:
    return None if usage is None else json.dumps(asdict(usage), separators=(",", ":"))


def usage_from_json(text: str | None) -> Usage | None:
    return None if not text else Usage(**json.loads(text))


def tool_calls_to_json(calls: tuple[ToolCall, ...] | list[ToolCall]) -> str | None:
    if not calls:
        return None
    return json.dumps([asdict(c) for c in calls], separators=(",", ":"))


def tool_calls_from_json(text: str | None) -> tuple[ToolCall, ...]:
    return () if not text else tuple(ToolCall(**c) for c in json.loads(text))


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
