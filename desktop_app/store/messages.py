"""Messages and branches: the tree half of the history store.

A conversation is a tree: editing or regenerating adds a sibling under the
same parent, so no earlier version is ever overwritten. The conversation's
``current_leaf_id`` picks the branch on screen; branch paths are walked with
recursive CTEs from the leaf upwards (a primary-key lookup per step), which
lets "newest 50 of a 2,000-message chat" stop after 50 steps.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

from desktop_app.core.history import MessagePage
from desktop_app.core.models import FinishReason, Message, MessageStatus, ToolCall, Usage
from desktop_app.store.attachments import insert_message_attachments, with_attachments
from desktop_app.store.db import Database
from desktop_app.store.rows import (
    MESSAGE_COLUMNS,
    message_from_row,
    message_values,
    tool_calls_to_json,
    usage_to_json,
)

_PLACEHOLDERS = ", ".join("?" * len(MESSAGE_COLUMNS.split(",")))
INSERT_MESSAGE = f"INSERT INTO messages ({MESSAGE_COLUMNS}) VALUES ({_PLACEHOLDERS})"  # noqa: S608

# Walk from a start message up to the root, nearest first; LIMIT stops early.
# A crafted file may hold a parent_id cycle: the walk then never reaches a root,
# so it is bounded by the conversation's message count (no branch in a tree is
# longer) and stays inside the start's conversation. `_walk_up` drops repeats.
_UPWARD = f"""
WITH RECURSIVE
start(conversation_id) AS (SELECT conversation_id FROM messages WHERE id = :start),
bound(n) AS (SELECT count(*) FROM messages
             WHERE conversation_id = (SELECT conversation_id FROM start)),
up(id, parent_id, depth) AS (
    SELECT id, parent_id, 0 FROM messages WHERE id = :start
    UNION ALL
    SELECT m.id, m.parent_id, up.depth + 1 FROM messages m JOIN up ON m.id = up.parent_id
    WHERE up.depth + 1 < (SELECT n FROM bound)
      AND m.conversation_id = (SELECT conversation_id FROM start)
    LIMIT :limit)
SELECT {", ".join("m." + c.strip() for c in MESSAGE_COLUMNS.split(","))}
FROM up JOIN messages m ON m.id = up.id ORDER BY up.depth DESC
"""  # noqa: S608

# UNION (not UNION ALL) visits each message once, so a cycle cannot loop.
_NEWEST_LEAF = """
WITH RECURSIVE down(id) AS (
    SELECT :start UNION
    SELECT m.id FROM messages m JOIN down ON m.parent_id = down.id)
SELECT m.id FROM down JOIN messages m ON m.id = down.id
WHERE NOT EXISTS (SELECT 1 FROM messages c WHERE c.parent_id = m.id)
ORDER BY m.created_at DESC, m.seq DESC LIMIT 1
"""

_UNLIMITED = -1


class MessageOps:
    """Message reads and writes; mixed into :class:`SqliteConversationStore`."""

    _db: Database

    # ----------------------------------------------------------------- writes

    def add_message(self, message: Message) -> None:
        """Insert and make it the current leaf, committed before returning."""

        def op(conn: sqlite3.Connection) -> None:
            conn.execute(INSERT_MESSAGE, message_values(message))
            insert_message_attachments(conn, message.id, message.attachments)
            conn.execute(
                "UPDATE conversations SET current_leaf_id = ?, "
                "updated_at = max(updated_at, ?) WHERE id = ?",
                (message.id, message.created_at, message.conversation_id),
            )

        self._db.write(op, key=f"add:{message.id}")

    def discard_unsaved(self, message_id: str) -> None:
        """Forget this message's queued, never-saved writes (see ``ConversationStore``)."""
        self._db.discard(f"{kind}:{message_id}" for kind in ("add", "checkpoint", "finalize"))

    def checkpoint_message(
        self, message_id: str, content: str, *, reasoning: str | None = None
    ) -> None:
        """Store a streaming reply's partial text; a newer unsaved one replaces an older."""

        def op(conn: sqlite3.Connection) -> None:
            if reasoning is None:
                conn.execute("UPDATE messages SET content = ? WHERE id = ?", (content, message_id))
            else:
                conn.execute(
                    "UPDATE messages SET content = ?, reasoning = ? WHERE id = ?",
                    (content, reasoning, message_id),
                )

        self._db.write(op, key=f"checkpoint:{message_id}", durable=False)

    def finalize_message(
        self,
        message_id: str,
        *,
        status: MessageStatus,
        content: str,
        finish_reason: FinishReason | None = None,
        usage: Usage | None = None,
        tool_calls: Sequence[ToolCall] = (),
        error: str | None = None,
        model: str | None = None,
        first_token_ms: float | None = None,
        duration_ms: float | None = None,
        reasoning: str | None = None,
        reasoning_ms: float | None = None,
    ) -> None:
        values = (
            status.value,
            content,
            None if finish_reason is None else finish_reason.value,
            usage_to_json(usage),
            tool_calls_to_json(list(tool_calls)),
            error,
            model,
            first_token_ms,
            duration_ms,
            reasoning,
            reasoning_ms,
            message_id,
        )

        def op(conn: sqlite3.Connection) -> None:
            conn.execute(
                "UPDATE messages SET status = ?, content = ?, finish_reason = ?, usage = ?, "
                "tool_calls = ?, error = ?, model = coalesce(?, model), first_token_ms = ?, "
                "duration_ms = ?, reasoning = ?, reasoning_ms = ? WHERE id = ?",
                values,
            )

        self._db.write(op, key=f"finalize:{message_id}")

    def set_current_leaf(self, conversation_id: str, leaf_id: str | None) -> None:
        def op(conn: sqlite3.Connection) -> None:
            conn.execute(
                "UPDATE conversations SET current_leaf_id = ? WHERE id = ?",
                (leaf_id, conversation_id),
            )

        self._db.write(op, key=f"leaf:{conversation_id}")

    def delete_message(self, message_id: str) -> None:
        """Delete one message; its children move up to its parent."""
        doomed = self.get_message(message_id)
        if doomed is None:
            return

        def op(conn: sqlite3.Connection) -> None:
            conn.execute(
                "UPDATE messages SET parent_id = ? WHERE parent_id = ?",
                (doomed.parent_id, message_id),
            )
            conn.execute(
                "UPDATE conversations SET current_leaf_id = ? WHERE current_leaf_id = ?",
                (doomed.parent_id, message_id),
            )
            conn.execute("DELETE FROM messages WHERE id = ?", (message_id,))

        self._db.write(op)

    def mark_interrupted_on_start(self) -> int:
        """Rows a crash left ``streaming`` become ``interrupted``, text kept."""
        changed = 0

        def op(conn: sqlite3.Connection) -> None:
            nonlocal changed
            changed = conn.execute(
                "UPDATE messages SET status = ? WHERE status = 'streaming'",
                (MessageStatus.INTERRUPTED.value,),
            ).rowcount

        self._db.write(op)
        return changed

    # ------------------------------------------------------------------ reads

    def get_message(self, message_id: str) -> Message | None:
        row = self._db.conn.execute(
            f"SELECT {MESSAGE_COLUMNS} FROM messages WHERE id = ?",  # noqa: S608
            (message_id,),
        ).fetchone()
        return None if row is None else with_attachments(self._db.conn, [message_from_row(row)])[0]

    def branch_path(self, leaf_id: str) -> list[Message]:
        """Root … ``leaf_id``, oldest first."""
        return self._walk_up(leaf_id, _UNLIMITED)

    def branch_tail(self, leaf_id: str, limit: int) -> MessagePage:
        """The newest ``limit`` messages of the branch ending at ``leaf_id``."""
        return self._page(self._walk_up(leaf_id, limit))

    def branch_page_before(self, message_id: str, limit: int) -> MessagePage:
        """The ``limit`` messages just above ``message_id`` on its branch (lazy loading)."""
        first = self.get_message(message_id)
        if first is None or first.parent_id is None:
            return MessagePage((), False)
        return self._page(self._walk_up(first.parent_id, limit))

    def current_branch_tail(self, conversation_id: str, limit: int = 50) -> MessagePage:
        """What the chat view shows first when a conversation opens."""
        row = self._db.conn.execute(
            "SELECT current_leaf_id FROM conversations WHERE id = ?", (conversation_id,)
        ).fetchone()
        if row is None or row[0] is None:
            return MessagePage((), False)
        return self.branch_tail(row[0], limit)

    def siblings(self, message_id: str) -> list[Message]:
        """All versions at this message's place (itself included), oldest first."""
        msg = self.get_message(message_id)
        if msg is None:
            return []
        if msg.parent_id is None:
            where, args = "conversation_id = ? AND parent_id IS NULL", (msg.conversation_id,)
        else:
            where, args = "parent_id = ?", (msg.parent_id,)
        rows = self._db.conn.execute(
            f"SELECT {MESSAGE_COLUMNS} FROM messages WHERE {where} ORDER BY created_at, seq",  # noqa: S608
            args,
        ).fetchall()
        return with_attachments(self._db.conn, [message_from_row(r) for r in rows])

    def newest_leaf_under(self, message_id: str) -> str:
        row = self._db.conn.execute(_NEWEST_LEAF, {"start": message_id}).fetchone()
        return message_id if row is None else str(row[0])

    def switch_branch(self, message_id: str) -> str:
        """Show the version ``message_id``: its newest descendant becomes the current leaf."""
        msg = self.get_message(message_id)
        if msg is None:
            raise KeyError(message_id)
        leaf = self.newest_leaf_under(message_id)
        self.set_current_leaf(msg.conversation_id, leaf)
        return leaf

    def conversation_messages(self, conversation_id: str) -> list[Message]:
        """Every message of every branch, in insertion order (export)."""
        rows = self._db.conn.execute(
            f"SELECT {MESSAGE_COLUMNS} FROM messages WHERE conversation_id = ? ORDER BY seq",  # noqa: S608
            (conversation_id,),
        ).fetchall()
        return with_attachments(self._db.conn, [message_from_row(r) for r in rows])

    def _walk_up(self, start: str, limit: int) -> list[Message]:
        rows = self._db.conn.execute(_UPWARD, {"start": start, "limit": limit}).fetchall()
        path = [message_from_row(r) for r in rows]
        seen: set[str] = set()
        nearest_first: list[Message] = []
        for m in reversed(path):  # a cycle shows up as a repeated id: stop there
            if m.id in seen:
                break
            seen.add(m.id)
            nearest_first.append(m)
        return with_attachments(self._db.conn, nearest_first[::-1])

    @staticmethod
    def _page(messages: list[Message]) -> MessagePage:
        # In a cycle the oldest message's parent is already on the page: no more to load.
        oldest_parent = messages[0].parent_id if messages else None
        has_more = oldest_parent is not None and all(m.id != oldest_parent for m in messages)
        return MessagePage(tuple(messages), has_more)
