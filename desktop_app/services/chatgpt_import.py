"""ChatGPT's ``conversations.json``: every branch of each conversation, as ours.

Each conversation has a ``mapping`` of nodes (``parent``, ``children``,
``message``) and a ``current_node``; empty or hidden system nodes are dropped
and their children attached to the nearest kept ancestor.

Thinking models (o1, o3, GPT-5 Thinking) leave ``thoughts`` nodes (and a
``reasoning_recap`` saying how long) between the question and the answer:
they are not messages of their own but the answer's thinking, so their text
and duration are carried down to the next assistant message.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import replace
from typing import Any

from desktop_app.core.models import Conversation, FinishReason, Message, MessageStatus, Role
from desktop_app.services.import_fields import optional_text, timestamp

_CHATGPT_ROLES = {"user": Role.USER, "assistant": Role.ASSISTANT, "system": Role.SYSTEM}
_CHATGPT_ROLES["tool"] = Role.TOOL


def _chatgpt_text(message: dict[str, Any]) -> str:
    content = message.get("content") or {}
    if isinstance(content.get("text"), str):
        return str(content["text"])
    parts = []
    for part in content.get("parts") or ():
        if isinstance(part, str):
            parts.append(part)
        elif isinstance(part, dict):
            parts.append(str(part.get("text") or _placeholder(part)))
    return "\n".join(parts)


Thought = tuple[str, float | None]  # thinking text, its duration in ms


def _thought_of(message: Any, inherited: Thought | None) -> Thought | None:
    """A ``thoughts``/``reasoning_recap`` node's thinking (added to what came before)."""
    if not isinstance(message, dict):
        return None
    content = message.get("content") or {}
    kind = content.get("content_type") if isinstance(content, dict) else None
    if kind not in ("thoughts", "reasoning_recap"):
        return None
    text, ms = inherited or ("", None)
    if kind == "thoughts":
        pieces = []
        for thought in content.get("thoughts") or ():
            if isinstance(thought, dict):
                title, body = thought.get("summary"), thought.get("content")
                pieces += [f"**{title}**" if isinstance(title, str) and title else ""]
                pieces += [body if isinstance(body, str) else ""]
        text = "\n\n".join(p for p in [text, *pieces] if p)
    seconds = (message.get("metadata") or {}).get("finished_duration_sec")
    if isinstance(seconds, int | float) and not isinstance(seconds, bool):
        ms = float(seconds) * 1000
    return text, ms


def _placeholder(part: dict[str, Any]) -> str:
    """A named stand-in for an image or file: ChatGPT's JSON holds only a pointer to it."""
    kind = str(part.get("content_type") or "attachment")
    pointer = part.get("asset_pointer")
    if kind == "image_asset_pointer" and isinstance(pointer, str) and pointer:
        name = pointer.rsplit("/", 1)[-1]
        size = ""
        width, height = part.get("width"), part.get("height")
        if isinstance(width, int) and isinstance(height, int):
            size = f", {width}×{height}"
        return f"[image {name}{size}: not included in conversations.json]"
    return f"[{kind}]"


def _chatgpt_message(
    node_id: str, message: Any, conversation_id: str, parent: str | None, fallback: float
) -> Message | None:
    """One kept message, or ``None`` for the empty root and hidden system notes."""
    if not isinstance(message, dict):
        return None
    role = _CHATGPT_ROLES.get(str((message.get("author") or {}).get("role")))
    text = _chatgpt_text(message)
    meta = message.get("metadata") or {}
    if role is None or (role is Role.SYSTEM and not text.strip()):
        return None
    if meta.get("is_visually_hidden_from_conversation"):
        return None
    finish = FinishReason.parse((meta.get("finish_details") or {}).get("type"))
    done = message.get("status") in (None, "finished_successfully")
    return Message(
        id=node_id,
        conversation_id=conversation_id,
        role=role,
        content=text,
        parent_id=parent,
        status=MessageStatus.COMPLETE if done else MessageStatus.INTERRUPTED,
        finish_reason=finish if role is Role.ASSISTANT else None,
        model=optional_text(meta, "model_slug"),
        created_at=timestamp(message.get("create_time") or fallback),
    )


def _chatgpt_id(raw: dict[str, Any]) -> str:
    """ChatGPT's own id when present; else a hash, so re-imports still dedupe."""
    given = raw.get("conversation_id") or raw.get("id")
    if given:
        return str(given)
    key = json.dumps([raw.get("title"), raw.get("create_time")], default=str)
    return "chatgpt-" + hashlib.sha256(key.encode()).hexdigest()[:32]


def chatgpt_conversation(raw: Any) -> tuple[Conversation, list[Message]] | None:
    """Every branch of one ChatGPT conversation; its ``current_node`` becomes our leaf."""
    if not isinstance(raw, dict) or not isinstance(raw.get("mapping"), dict):
        return None
    mapping: dict[str, Any] = raw["mapping"]
    cid = _chatgpt_id(raw)
    created = timestamp(raw.get("create_time") or 0.0)
    kept: dict[str, str | None] = {}  # node id -> nearest kept message id (itself if kept)
    messages: list[Message] = []
    carried: dict[str, Thought] = {}  # node id -> thinking waiting for its answer
    roots = [n for n, v in mapping.items() if (v or {}).get("parent") not in mapping]
    stack = list(reversed(roots))
    while stack:  # parents before children, so each child finds its nearest kept ancestor
        node_id = stack.pop()
        if node_id in kept:  # a malformed file with a cycle or a shared child
            continue
        node = mapping.get(node_id) or {}
        parent = kept.get(str(node.get("parent")))
        inherited = carried.get(str(node.get("parent")))
        thought = _thought_of(node.get("message"), inherited)
        msg = None
        if thought is None:
            msg = _chatgpt_message(node_id, node.get("message"), cid, parent, created)
        if msg is not None and msg.role is Role.ASSISTANT and inherited and inherited[0]:
            msg = replace(msg, reasoning=inherited[0], reasoning_ms=inherited[1])
        if msg is not None:
            messages.append(msg)
        elif (carry := thought or inherited) is not None:
            carried[node_id] = carry
        kept[node_id] = node_id if msg is not None else parent
        stack.extend(c for c in reversed(node.get("children") or ()) if c in mapping)
    conversation = Conversation(
        id=cid,
        title=str(raw.get("title") or "Imported chat"),
        created_at=created,
        updated_at=timestamp(raw.get("update_time") or created),
        model=optional_text(raw, "default_model_slug"),
        current_leaf_id=kept.get(str(raw.get("current_node"))),
    )
    return conversation, messages
