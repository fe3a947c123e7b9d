"""Store fixtures: a real SQLite file in a temp dir, and small builders."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop_app.core.models import Conversation, Message, MessageStatus, Role, new_id
from desktop_app.store.conversations import SqliteConversationStore, open_database


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "history.sqlite3"


@pytest.fixture
def store(db_path: Path) -> Iterator[SqliteConversationStore]:
    opened, notice = open_database(db_path, backups_dir=db_path.parent / "backups")
    assert notice is None
    yield opened
    opened.close()


def make_conversation(
    store: SqliteConversationStore, title: str = "Chat", **fields: object
) -> Conversation:
    conversation = Conversation(id=new_id(), title=title, **fields)  # type: ignore[arg-type]
    store.save_conversation(conversation)
    return conversation


def add(
    store: SqliteConversationStore,
    conversation: Conversation,
    content: str,
    parent: Message | None = None,
    role: Role = Role.USER,
    status: MessageStatus = MessageStatus.COMPLETE,
    created_at: float | None = None,
) -> Message:
    extra = {} if created_at is None else {"created_at": created_at}
    message = Message(
        id=new_id(),
        conversation_id=conversation.id,
        role=role,
        content=content,
        parent_id=None if parent is None else parent.id,
        status=status,
        **extra,  # type: ignore[arg-type]
    )
    store.add_message(message)
    return message


def chain(
    store: SqliteConversationStore, conversation: Conversation, texts: list[str]
) -> list[Message]:
    """A linear user/assistant exchange; returns the messages oldest first."""
    out: list[Message] = []
    for i, text in enumerate(texts):
        role = Role.USER if i % 2 == 0 else Role.ASSISTANT
        out.append(add(store, conversation, text, out[-1] if out else None, role))
    return out
