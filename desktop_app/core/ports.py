"""The seams between the use cases and the outside world.

Services depend on these Protocols, never on httpx, sqlite3 or keyring, so a
test can hand in a scripted backend or an in-memory store, and the concrete
classes are chosen in one place (``app/container.py``).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Coroutine, Sequence
from typing import TYPE_CHECKING, Any, Protocol

from desktop_app.core.attachments import Attachment
from desktop_app.core.events import StreamEvent
from desktop_app.core.models import (
    ChatRequest,
    Completion,
    Conversation,
    FinishReason,
    Message,
    MessageStatus,
    ToolCall,
    Usage,
)
from desktop_app.core.notices import Notice
from desktop_app.core.tools import Grant, LaunchSpec, ServerConfig, ToolOutcome, ToolSpec

if TYPE_CHECKING:
    import asyncio  # only in annotations: the window paints before asyncio loads


class ChatBackend(Protocol):
    """An OpenAI-compatible Chat Completions server."""

    def stream_chat(self, request: ChatRequest) -> AsyncIterator[StreamEvent]:
        """Stream one reply; raises a :class:`~desktop_app.core.errors.ChatError`."""
        ...

    async def complete(self, request: ChatRequest) -> Completion:
        """One non-streamed reply (used for background titles)."""
        ...

    async def list_models(self) -> list[str]: ...


class ConversationStore(Protocol):
    """What a chat turn needs from the history database.

    Every write commits before it returns: a message the user sent is on disk
    before the request leaves.
    """

    def get_conversation(self, conversation_id: str) -> Conversation | None: ...

    def save_conversation(self, conversation: Conversation) -> None:
        """Insert or update (by id)."""
        ...

    def add_message(self, message: Message) -> None:
        """Insert a message and make it the conversation's current leaf."""
        ...

    def get_message(self, message_id: str) -> Message | None: ...

    def discard_unsaved(self, message_id: str) -> None:
        """Forget writes of this message that a full disk left queued (not yet saved).

        For a question handed back to the composer: saved later, it would be
        stored twice once the user sends it again.
        """
        ...

    def checkpoint_message(
        self, message_id: str, content: str, *, reasoning: str | None = None
    ) -> None:
        """Store the partial text of a streaming message."""
        ...

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
    ) -> None: ...

    def branch_path(self, leaf_id: str) -> list[Message]:
        """Messages from the root down to ``leaf_id`` (inclusive), oldest first."""
        ...

    def set_current_leaf(self, conversation_id: str, leaf_id: str | None) -> None: ...

    def delete_message(self, message_id: str) -> None:
        """Delete a message; its children are re-attached to its parent."""
        ...

    def get_draft(self, conversation_id: str) -> str:
        """The unsent composer text of a conversation ("" if none)."""
        ...

    def set_draft(self, conversation_id: str, text: str) -> None: ...

    def attachment_bytes(self, sha256: str) -> bytes | None:
        """An attachment's stored bytes by SHA-256 (``None`` once freed)."""
        ...

    def set_draft_attachments(self, key: str, attachments: Sequence[Attachment]) -> None:
        """Replace the attachments waiting in a composer (key as for drafts)."""
        ...


class SecretStore(Protocol):
    """Where API keys live: the OS keyring, or memory for this session only."""

    @property
    def is_secure(self) -> bool:
        """False when keys are only held in memory (no usable keyring)."""
        ...

    @property
    def backend_name(self) -> str: ...

    def get_key(self, profile_id: str) -> str | None: ...

    def set_key(self, profile_id: str, key: str) -> None: ...

    def delete_key(self, profile_id: str) -> None: ...


class TaskRunner(Protocol):
    """Named, preemptive background tasks (``app.tasks.TaskManager``).

    The UI starts and cancels work through this Protocol so that ``ui/``
    never imports ``app/``, which builds the UI (docs/ARCHITECTURE.md §1).
    """

    def start(self, name: str, coro: Coroutine[Any, Any, Any]) -> asyncio.Task[Any]:
        """Run ``coro`` as ``name`` once a running task of that name has been cancelled."""
        ...

    def cancel(self, name: str) -> bool:
        """Cancel the task called ``name``; True if one was running."""
        ...

    def is_running(self, name: str) -> bool:
        """Whether a task called ``name`` is running now."""
        ...

    def is_running_besides_me(self, name: str) -> bool:
        """Whether a task called ``name`` runs other than the caller's own task."""
        ...

    def running_names(self) -> list[str]:
        """The names of the tasks running now."""
        ...


class ToolHost(Protocol):
    """Runs MCP servers (``tools.manager.McpManager``). Only ever handed consented launches."""

    async def list_tools(self, spec: LaunchSpec) -> list[ToolSpec]: ...

    async def call(
        self, spec: LaunchSpec, tool: str, arguments: dict[str, Any], timeout_s: float
    ) -> ToolOutcome: ...

    async def stop_all(self) -> None: ...


class ToolConfigStore(Protocol):
    """Where the servers, the consents and the grants are kept (``store.tool_config``)."""

    def load_servers(self) -> list[ServerConfig]: ...

    def save_servers(self, servers: Sequence[ServerConfig]) -> None: ...

    def load_grants(self) -> list[Grant]: ...

    def save_grants(self, grants: Sequence[Grant]) -> None: ...


class Reporter(Protocol):
    """The one way to tell the user something (the message bridge).

    Services, presenters and controllers report; the window's notice bar
    shows. Until the window exists, notices wait in a queue
    (``services.reporting.QueuedReporter``), so a failure at start-up is
    still seen. Qt-free, so services can report without knowing a widget.
    """

    def report(self, notice: Notice) -> None:
        """Tell the user ``notice`` now, or as soon as there is a window."""
        ...
