"""Make one imported conversation a well-formed tree before it reaches the store.

Why: an import file is untrusted. A message naming another conversation's id
would be appended to a real chat; a parent_id cycle or a parent that is not in
the conversation leaves a branch with no root. Every message is stamped with
the conversation it was listed under, and every bad parent link is cut (the
message becomes a root), so the conversation stays readable and nothing is
dropped. Duplicate ids inside one conversation keep the first.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from desktop_app.core.models import Conversation, Message


@dataclass(frozen=True, slots=True)
class Repaired:
    conversation: Conversation
    messages: list[Message]
    reparented: int  # links cut: a missing or foreign parent, or one closing a cycle
    duplicates: int  # messages listed twice under the same id (the first is kept)


def _unique(conversation_id: str, messages: Sequence[Message]) -> tuple[list[Message], int]:
    seen: set[str] = set()
    out: list[Message] = []
    for m in messages:
        if m.id in seen:
            continue
        seen.add(m.id)
        out.append(
            m
            if m.conversation_id == conversation_id
            else replace(m, conversation_id=conversation_id)
        )
    return out, len(messages) - len(out)


def _cut_links(messages: list[Message]) -> tuple[dict[str, str | None], int]:
    """Parent per id with missing parents and cycle-closing links set to ``None``."""
    parent: dict[str, str | None] = {m.id: m.parent_id for m in messages}
    cut = 0
    for m in messages:
        if m.parent_id is not None and m.parent_id not in parent:
            parent[m.id] = None
            cut += 1
    done: set[str] = set()  # ids whose chain is known to reach a root
    for m in messages:
        path: list[str] = []
        on_path: set[str] = set()
        node: str | None = m.id
        while node is not None and node not in done:
            if node in on_path:  # the link into `node` from the path's end closes a loop
                parent[path[-1]] = None
                cut += 1
                break
            path.append(node)
            on_path.add(node)
            node = parent[node]
        done.update(path)
    return parent, cut


def repair(conversation: Conversation, messages: Sequence[Message]) -> Repaired:
    """The conversation and its messages, made safe to insert as one tree."""
    unique, duplicates = _unique(conversation.id, messages)
    parent, cut = _cut_links(unique)
    fixed = [
        m if parent[m.id] == m.parent_id else replace(m, parent_id=parent[m.id]) for m in unique
    ]
    leaf = conversation.current_leaf_id
    if leaf is not None and leaf not in parent:
        leaf = max(fixed, key=lambda m: m.created_at).id if fixed else None
        conversation = replace(conversation, current_leaf_id=leaf)
    return Repaired(conversation, fixed, cut, duplicates)
