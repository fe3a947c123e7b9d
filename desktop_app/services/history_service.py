"""Browsing and curating history: the one door the UI uses to reach the store.

The UI never imports ``store/`` (docs/ARCHITECTURE.md §1); it asks this service for
pages, hits and versions, so the Qt layer stays thin and these rules are
tested without a display.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Concatenate, ParamSpec, Protocol, TypeVar

from desktop_app.core.attachments import Attachment
from desktop_app.core.conversation import UNTITLED, raised_max_tokens, total_usage_tokens
from desktop_app.core.errors import StorageError
from desktop_app.core.history import (
    ConversationSummary,
    ImportCounts,
    MessagePage,
    SearchFilters,
    SearchHit,
)
from desktop_app.core.models import Conversation, GenerationParams, Message, new_id
from desktop_app.core.notices import Notice
from desktop_app.core.ports import ConversationStore, Reporter

if TYPE_CHECKING:
    import asyncio

FOCUS_CONTEXT = 10
#: Seconds between tries to save what a full disk refused.
SAVE_RETRY_S = 5.0
#: The task that retries writes refused outside a turn (a turn's own is the controller's).
SAVE_RETRY_TASK = "history-save-retry"
#: Said once a write the disk refused outside a turn (a draft, a rename, a pin) is saved.
SAVED_AGAIN = "Saving resumed: everything is in your history now."

P = ParamSpec("P")
T = TypeVar("T")


class HistoryStore(ConversationStore, Protocol):
    """The store operations browsing needs, beyond a chat turn's."""

    def list_conversations(
        self, offset: int = 0, limit: int = 50, *, trashed: bool = False, folder: str | None = None
    ) -> list[ConversationSummary]: ...

    def count_conversations(self, *, trashed: bool = False, folder: str | None = None) -> int: ...

    def rename(self, conversation_id: str, title: str) -> None: ...

    def set_pinned(self, conversation_id: str, pinned: bool) -> None: ...

    def get_draft_attachments(self, key: str) -> tuple[Attachment, ...]: ...

    def attachment_thumbnail(self, sha256: str) -> bytes | None: ...

    def set_folder(self, conversation_id: str, folder: str | None) -> None: ...

    def trash(self, conversation_ids: list[str]) -> None: ...

    def restore(self, conversation_ids: list[str]) -> None: ...

    def empty_trash(self, *, compact: bool = True) -> int: ...

    def compact_after_trash(self) -> None: ...

    @property
    def pending_writes(self) -> int: ...

    def retry_pending(self) -> bool: ...

    def erase_trashed(self, conversation_ids: list[str]) -> int: ...

    def data_version(self) -> int: ...

    def search(
        self, query: str, filters: SearchFilters | None = None, limit: int = 50
    ) -> list[SearchHit]: ...

    def current_branch_tail(self, conversation_id: str, limit: int = 50) -> MessagePage: ...

    def branch_page_before(self, message_id: str, limit: int) -> MessagePage: ...

    def siblings(self, message_id: str) -> list[Message]: ...

    def switch_branch(self, message_id: str) -> str: ...

    def mark_interrupted_on_start(self) -> int: ...

    def conversation_messages(self, conversation_id: str) -> list[Message]: ...

    def import_conversations(
        self, items: Sequence[tuple[Conversation, Sequence[Message]]]
    ) -> ImportCounts: ...


def _retried_if_refused(
    method: Callable[Concatenate[HistoryService, P], T],
) -> Callable[Concatenate[HistoryService, P], T]:
    """A write that a full disk refused is retried in the background until it lands.

    The store keeps a refused write queued, and the caller still gets the
    error (its sentence promises "the app will save again when it can"):
    without a retry a draft, rename or pin waited for the next write.
    """

    def write(self: HistoryService, /, *args: P.args, **kwargs: P.kwargs) -> T:
        try:
            return method(self, *args, **kwargs)
        except StorageError:
            self.retry_refused()
            raise

    write.__name__, write.__doc__ = method.__name__, method.__doc__
    return write


class HistoryService:
    """The UI's door to history.

    Args:
        store: The history.
        reporter: With one, a write a full disk refused is retried in the
            background until it lands, and then that is said (the app's
            composition root gives one; tests of other rules need not).
    """

    def __init__(self, store: HistoryStore, *, reporter: Reporter | None = None) -> None:
        self._seen_version: int | None = None
        self._store = store
        self._reporter = reporter
        #: Its own task, not a ``TaskManager`` one: the history is opened before
        #: the task manager exists (the window paints before asyncio loads).
        self._retry: asyncio.Task[None] | None = None

    @property
    def retrying(self) -> bool:
        """Whether refused writes are being retried in the background now."""
        return self._retry is not None and not self._retry.done()

    def retry_refused(self) -> None:
        """Start retrying the store's queue, unless empty, retrying, or outside the loop."""
        if self._reporter is None or not self._store.pending_writes or self.retrying:
            return
        import asyncio  # here too: main opens the history before asyncio loads

        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return  # no loop (a command-line run): the next write flushes the queue
        self._retry = loop.create_task(self._saved_later(), name=SAVE_RETRY_TASK)

    def stop_retrying(self) -> None:
        """Before the history closes (quitting asked about what is still unsaved)."""
        if self._retry is not None:
            self._retry.cancel()

    async def _saved_later(self) -> None:
        await self.save_when_possible()
        if self._reporter is not None:
            self._reporter.report(Notice.info(SAVED_AGAIN))

    # ------------------------------------------------------------- sidebar

    def list_page(
        self, offset: int, limit: int, trashed: bool = False
    ) -> list[ConversationSummary]:
        return self._store.list_conversations(offset, limit, trashed=trashed)

    def count(self, trashed: bool = False) -> int:
        return self._store.count_conversations(trashed=trashed)

    def search(
        self, text: str, limit: int = 100, *, include_reasoning: bool = False
    ) -> list[SearchHit]:
        """Hits for any text the user typed (never raises on odd input).

        Answers only, unless ``include_reasoning`` (Settings) asks to look in
        the models' thinking too.
        """
        if not text.strip():
            return []
        return self._store.search(text, SearchFilters(include_reasoning=include_reasoning), limit)

    @_retried_if_refused
    def rename(self, conversation_id: str, title: str) -> None:
        self._store.rename(conversation_id, title.strip() or UNTITLED)

    @_retried_if_refused
    def set_pinned(self, conversation_id: str, pinned: bool) -> None:
        self._store.set_pinned(conversation_id, pinned)

    @_retried_if_refused
    def set_folder(self, conversation_id: str, folder: str) -> None:
        self._store.set_folder(conversation_id, folder or None)

    @_retried_if_refused
    def trash(self, conversation_ids: list[str]) -> None:
        self._store.trash(conversation_ids)

    @_retried_if_refused
    def restore(self, conversation_ids: list[str]) -> None:
        self._store.restore(conversation_ids)

    @_retried_if_refused
    def empty_trash(self) -> int:
        """Erase the Trash now; the slow index rewrite is :meth:`compact_after_trash`."""
        return self._store.empty_trash(compact=False)

    async def save_when_possible(self, interval_s: float | None = None) -> None:
        """Retry what a full disk refused until it is saved (a background task).

        Each try is one write attempt on the loop thread; between tries the
        loop is free. Returns once nothing is left unsaved.
        """
        import asyncio  # not at the top: the window paints before asyncio loads

        while not self._store.retry_pending():  # noqa: ASYNC110 - a disk has no event
            await asyncio.sleep(SAVE_RETRY_S if interval_s is None else interval_s)

    async def compact_after_trash(self) -> None:
        """Rewrite the search index and empty the WAL off the loop thread.

        FTS ``optimize`` and a TRUNCATE checkpoint take seconds on a large
        history; the store runs them on a connection of its own.
        """
        import asyncio

        await asyncio.to_thread(self._store.compact_after_trash)

    @_retried_if_refused
    def erase_trashed(self, conversation_ids: list[str]) -> int:
        """Delete forever: only conversations that are in the Trash."""
        return self._store.erase_trashed(conversation_ids)

    def changed_elsewhere(self) -> bool:
        """True once after another process (or a worker) wrote to the history."""
        version = self._store.data_version()
        changed = self._seen_version is not None and version != self._seen_version
        self._seen_version = version
        return changed

    def recover_interrupted(self) -> int:
        """Replies left ``streaming`` by a crash become ``interrupted`` (kept)."""
        return self._store.mark_interrupted_on_start()

    # ------------------------------------------------------- conversations

    @_retried_if_refused
    def create_conversation(
        self, model: str | None = None, system_prompt: str | None = None
    ) -> str:
        conversation = Conversation(
            id=new_id(), title=UNTITLED, model=model or None, system_prompt=system_prompt
        )
        self._store.save_conversation(conversation)
        return conversation.id

    def get_conversation(self, conversation_id: str) -> Conversation | None:
        return self._store.get_conversation(conversation_id)

    @_retried_if_refused
    def update_settings(
        self,
        conversation_id: str,
        *,
        model: str | None,
        system_prompt: str | None,
        params: GenerationParams,
    ) -> None:
        conversation = self._store.get_conversation(conversation_id)
        if conversation is None:
            return
        self._store.save_conversation(
            replace(conversation, model=model or None, system_prompt=system_prompt, params=params)
        )

    @_retried_if_refused
    def raise_token_limit(self, conversation_id: str, base: GenerationParams) -> int | None:
        """Store a higher max-tokens limit for this chat (its own params, else ``base``)."""
        conversation = self._store.get_conversation(conversation_id)
        if conversation is None:
            return None
        own = conversation.params if conversation.params != GenerationParams() else base
        limit = raised_max_tokens(own.max_tokens)
        self._store.save_conversation(replace(conversation, params=replace(own, max_tokens=limit)))
        return limit

    def newest_messages(
        self, conversation_id: str, limit: int, around: str | None = None
    ) -> MessagePage:
        """The newest page; with ``around``, a page reaching back to that message.

        A search hit may sit on another branch or far up a long chat: its
        branch is made current and the page starts a few messages above it.
        """
        if around is None:
            return self._store.current_branch_tail(conversation_id, limit)
        target = self._store.get_message(around)
        if target is None or target.conversation_id != conversation_id:
            return self._store.current_branch_tail(conversation_id, limit)
        conversation = self._store.get_conversation(conversation_id)
        leaf = conversation.current_leaf_id if conversation else None
        path = self._store.branch_path(leaf) if leaf else []
        if around not in {m.id for m in path}:
            leaf = self._store.switch_branch(around)
            path = self._store.branch_path(leaf)
        index = next(i for i, m in enumerate(path) if m.id == around)
        start = max(0, min(index - FOCUS_CONTEXT, len(path) - limit))
        return MessagePage(tuple(path[start:]), start > 0)

    def older_messages(self, conversation_id: str, oldest_id: str, limit: int) -> MessagePage:
        del conversation_id
        return self._store.branch_page_before(oldest_id, limit)

    # ------------------------------------------------------------- messages

    def get_message(self, message_id: str) -> Message | None:
        return self._store.get_message(message_id)

    def message_text(self, message_id: str) -> str | None:
        message = self._store.get_message(message_id)
        return None if message is None else message.content

    @_retried_if_refused
    def delete_message(self, message_id: str) -> None:
        self._store.delete_message(message_id)

    def version_position(self, message_id: str) -> tuple[int, int]:
        """(1-based index, count) among the versions at this message's place."""
        siblings = self._store.siblings(message_id)
        ids = [m.id for m in siblings]
        return (ids.index(message_id) + 1 if message_id in ids else 1, max(1, len(ids)))

    @_retried_if_refused
    def switch_version(self, message_id: str, step: int) -> bool:
        """Show the previous/next version; False at either end."""
        ids = [m.id for m in self._store.siblings(message_id)]
        if message_id not in ids:
            return False
        target = ids.index(message_id) + step
        if not 0 <= target < len(ids):
            return False
        self._store.switch_branch(ids[target])
        return True

    def usage_totals(self, conversation_id: str) -> tuple[int, int]:
        """(prompt, completion) tokens over the branch on screen."""
        conversation = self._store.get_conversation(conversation_id)
        if conversation is None or conversation.current_leaf_id is None:
            return 0, 0
        return total_usage_tokens(self._store.branch_path(conversation.current_leaf_id))

    def export_markdown(self, conversation_id: str, reasoning: str = "details") -> str:
        """One conversation as Markdown a person can read (no keys, ever)."""
        from desktop_app.services import transfer  # export code: loaded on first use

        return transfer.export_markdown(self._store, conversation_id, reasoning=reasoning)

    def markdown_filename(self, conversation_id: str) -> str:
        from desktop_app.services import transfer

        return transfer.markdown_filename(self._store, conversation_id)

    # --------------------------------------------------------------- drafts

    def get_draft(self, conversation_id: str) -> str:
        return self._store.get_draft(conversation_id)

    @_retried_if_refused
    def set_draft(self, conversation_id: str, text: str) -> None:
        self._store.set_draft(conversation_id, text)

    # ---------------------------------------------------------- attachments

    def attachment_bytes(self, sha256: str) -> bytes | None:
        """An attachment's stored bytes (thumbnails, the viewer); None once freed."""
        return self._store.attachment_bytes(sha256)

    def attachment_thumbnail(self, sha256: str) -> bytes | None:
        """An image's small stored preview (``None`` where none was made, e.g. an import)."""
        return self._store.attachment_thumbnail(sha256)

    def get_draft_attachments(self, key: str) -> tuple[Attachment, ...]:
        return self._store.get_draft_attachments(key)

    @_retried_if_refused
    def set_draft_attachments(self, key: str, attachments: Sequence[Attachment]) -> None:
        self._store.set_draft_attachments(key, attachments)
