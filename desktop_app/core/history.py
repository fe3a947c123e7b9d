"""Value types for browsing history: sidebar rows, pages, search hits.

They live in ``core`` (not ``store``) so the UI and services can hold them
without importing the SQLite layer; the store builds them, everyone else
only reads them.
"""

from __future__ import annotations

from dataclasses import dataclass

from desktop_app.core.models import Message, Role

#: The draft key of the chat not stored yet ("New chat").
NEW_CHAT_DRAFT = ""

#: A snippet is a run of segments; ``True`` marks text that matched the query,
#: so the UI can bold it without parsing markup out of untrusted text.
Snippet = tuple[tuple[str, bool], ...]


@dataclass(frozen=True, slots=True)
class ConversationSummary:
    """One sidebar row: enough to draw it, nothing that costs a join."""

    id: str
    title: str
    created_at: float
    updated_at: float
    pinned: bool = False
    folder: str | None = None
    trashed_at: float | None = None
    model: str | None = None


@dataclass(frozen=True, slots=True)
class MessagePage:
    """A slice of one branch, oldest first.

    ``has_more`` says whether older messages exist above ``messages[0]`` so
    the chat view knows whether to offer (or lazily load) an earlier page.
    """

    messages: tuple[Message, ...]
    has_more: bool


@dataclass(frozen=True, slots=True)
class SearchFilters:
    """Narrow a search. ``None`` / empty means "no limit"."""

    since: float | None = None
    until: float | None = None
    roles: tuple[Role, ...] = ()
    conversation_id: str | None = None
    include_trashed: bool = False
    #: Also find words in the models' thinking (answers only by default).
    include_reasoning: bool = False


@dataclass(frozen=True, slots=True)
class SearchHit:
    """A match, ranked best first.

    ``message_id`` is ``None`` when the conversation's title matched.
    ``position`` is the message's 0-based index among its conversation's
    messages in creation order, so the view can page straight to it.
    """

    conversation_id: str
    conversation_title: str
    message_id: str | None
    role: Role | None
    created_at: float
    snippet: Snippet
    position: int = 0

    @property
    def snippet_text(self) -> str:
        return "".join(text for text, _ in self.snippet)


@dataclass(frozen=True, slots=True)
class ImportCounts:
    """What one import stored (a value both the store and the services speak)."""

    imported: int
    skipped: int  # conversation id already stored: importing twice does not duplicate
    renamed: int = 0  # messages given a new id because theirs was taken
