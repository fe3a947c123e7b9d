"""One chat turn, end to end, without Qt: persist → stream → checkpoint → finalise.

The order is the promise that no message is lost: the user's message is
committed before the request leaves, the reply row exists (``streaming``)
before the first token, its text is checkpointed about once a second, and
whatever happens next — finish, Stop, an error, a crash — the row ends in a
truthful final state with the text that arrived.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from functools import partial
from typing import Protocol

from desktop_app.core.attachments import Attachment
from desktop_app.core.conversation import (
    CONTINUE_PROMPT,
    UNTITLED,
    clean_model_title,
    request_messages,
    title_from_text,
    title_prompt,
)
from desktop_app.core.errors import ChatError, ConfigError, StorageError, StreamInterruptedError
from desktop_app.core.events import (
    SavingPaused,
    TurnCancelled,
    TurnEvent,
    TurnFailed,
)
from desktop_app.core.models import (
    ChatMessage,
    ChatRequest,
    Conversation,
    GenerationParams,
    Message,
    MessageStatus,
    Role,
    new_id,
)
from desktop_app.core.ports import ChatBackend, ConversationStore
from desktop_app.core.tools import Offer
from desktop_app.services.tool_loop import ToolLoop
from desktop_app.services.turn_run import TurnRun


@dataclass(frozen=True, slots=True)
class TurnDefaults:
    """What a conversation without its own settings uses (from Settings)."""

    model: str
    system_prompt: str = ""
    params: GenerationParams = field(default_factory=GenerationParams)
    image_turns: int = 0  # > 0: send the images of only the last N user turns


class TurnSink(Protocol):
    """Where a turn reports progress (the Qt controller implements it)."""

    def message_added(self, message: Message) -> None:
        """A row was stored (user message, or the new reply in ``streaming``)."""

    def message_removed(self, message_id: str) -> None:
        """A row was taken back out (a request that failed before any reply)."""

    def turn_event(self, message_id: str, event: TurnEvent) -> None:
        """Progress of the reply ``message_id``."""


class ChatService:
    """Runs turns; one instance for the app, shared by every conversation."""

    def __init__(
        self,
        store: ConversationStore,
        backend: ChatBackend,
        defaults: Callable[[], TurnDefaults],
        clock: Callable[[], float] = time.monotonic,
        tools: ToolLoop | None = None,
    ) -> None:
        self._tools = tools
        self._store = store
        self._backend = backend
        self._defaults = defaults
        self._clock = clock

    # ------------------------------------------------------------ use cases

    def new_conversation(self) -> Conversation:
        """A conversation row for a first message (created lazily on send)."""
        conversation = Conversation(id=new_id(), title=UNTITLED)
        self._store.save_conversation(conversation)
        return conversation

    async def send(
        self,
        conversation_id: str,
        text: str,
        sink: TurnSink,
        attachments: Sequence[Attachment] = (),
    ) -> None:
        """Store ``text`` as a user message after the current leaf and answer it."""
        conversation = self._require(conversation_id)
        self._model_for(conversation)  # no model: say so before storing anything
        user = Message(
            id=new_id(),
            conversation_id=conversation_id,
            role=Role.USER,
            content=text,
            parent_id=conversation.current_leaf_id,
            attachments=tuple(attachments),
        )
        await self._answer(conversation, user, sink, draft_on_failure=text)

    async def edit_and_resend(
        self,
        user_message_id: str,
        text: str,
        sink: TurnSink,
        attachments: Sequence[Attachment] | None = None,
    ) -> None:
        """A new sibling of the edited user message; the old branch is kept.

        The edited turn keeps its attachments unless others are given.
        """
        original = self._require_message(user_message_id)
        conversation = self._require(original.conversation_id)
        self._model_for(conversation)
        user = Message(
            id=new_id(),
            conversation_id=conversation.id,
            role=Role.USER,
            content=text,
            parent_id=original.parent_id,
            attachments=original.attachments if attachments is None else tuple(attachments),
        )
        await self._answer(conversation, user, sink, draft_on_failure=None)

    async def regenerate(self, reply_id: str, sink: TurnSink) -> None:
        """A new reply as a sibling of ``reply_id`` (same question, new branch)."""
        reply = self._require_message(reply_id)
        if reply.parent_id is None:
            raise ConfigError("This reply has no question to answer again.")
        conversation = self._require(reply.conversation_id)
        path = self._store.branch_path(reply.parent_id)
        await self._stream_new_reply(conversation, path, reply.parent_id, sink)

    async def continue_reply(self, reply_id: str, sink: TurnSink) -> None:
        """Ask the model to go on, appending to the same reply (after ``length``)."""
        reply = self._require_message(reply_id)
        conversation = self._require(reply.conversation_id)
        path = self._store.branch_path(reply_id)
        extra = (ChatMessage(Role.USER, CONTINUE_PROMPT),)
        self._store.finalize_message(
            reply_id, status=MessageStatus.STREAMING, content=reply.content, model=reply.model
        )
        await self._stream(conversation, path, reply, sink, extra=extra, continuing=True)

    def auto_title(self, conversation_id: str) -> str | None:
        """Title an untitled conversation from its first user message."""
        conversation = self._store.get_conversation(conversation_id)
        if conversation is None or conversation.title != UNTITLED:
            return None
        if conversation.current_leaf_id is None:
            return None
        path = self._store.branch_path(conversation.current_leaf_id)
        first = next((m for m in path if m.role is Role.USER), None)
        if first is None:
            return None
        title = title_from_text(first.content)
        self._store.save_conversation(replace(conversation, title=title))
        return title

    async def generate_title(self, conversation_id: str) -> str | None:
        """Ask the model for a short title (optional, in the background).

        Only replaces the title the app made itself from the first message,
        never one the user typed meanwhile.
        """
        conversation = self._require(conversation_id)
        if conversation.current_leaf_id is None:
            return None
        path = self._store.branch_path(conversation.current_leaf_id)
        first = next((m for m in path if m.role is Role.USER), None)
        if first is None:
            return None
        request = ChatRequest(
            model=self._model_for(conversation),
            messages=title_prompt(first.content),
            params=GenerationParams(max_tokens=24, temperature=0.3),
            stream=False,
        )
        completion = await self._backend.complete(request)
        title = clean_model_title(completion.content)
        latest = self._store.get_conversation(conversation_id)
        if latest is None or latest.title != title_from_text(first.content):
            return None
        self._store.save_conversation(replace(latest, title=title))
        return title

    # ------------------------------------------------------------ internals

    async def _answer(
        self,
        conversation: Conversation,
        user: Message,
        sink: TurnSink,
        draft_on_failure: str | None,
    ) -> None:
        try:
            self._store.add_message(user)  # committed before the request leaves
        except StorageError:
            # The caller hands the text back to the composer; the queued insert
            # would otherwise land later and the question be stored twice.
            self._store.discard_unsaved(user.id)
            raise
        sink.message_added(user)
        path = self._store.branch_path(user.id)
        await self._stream_new_reply(
            conversation, path, user.id, sink, rollback_user=user, draft=draft_on_failure
        )

    async def _stream_new_reply(
        self,
        conversation: Conversation,
        path: list[Message],
        parent_id: str,
        sink: TurnSink,
        rollback_user: Message | None = None,
        draft: str | None = None,
        rounds: int = 0,
    ) -> None:
        model = self._model_for(conversation)
        reply = Message(
            id=new_id(),
            conversation_id=conversation.id,
            role=Role.ASSISTANT,
            content="",
            parent_id=parent_id,
            status=MessageStatus.STREAMING,
            model=model,
        )
        try:
            self._store.add_message(reply)
        except StorageError:
            self._store.discard_unsaved(reply.id)
            if rollback_user is not None:
                # The question goes back to the composer: take it out again
                # (queued too while the disk is full, so it is gone for good
                # before anything sent afterwards is saved).
                self._store.discard_unsaved(rollback_user.id)
                with contextlib.suppress(StorageError):
                    self._store.delete_message(rollback_user.id)
                sink.message_removed(rollback_user.id)
            raise
        sink.message_added(reply)
        await self._stream(
            conversation, path, reply, sink, rollback_user=rollback_user, draft=draft, rounds=rounds
        )

    async def _stream(
        self,
        conversation: Conversation,
        path: list[Message],
        reply: Message,
        sink: TurnSink,
        *,
        extra: tuple[ChatMessage, ...] = (),
        continuing: bool = False,
        rollback_user: Message | None = None,
        draft: str | None = None,
        rounds: int = 0,
    ) -> None:
        offer = await self._tools.offer(conversation.id, sink) if self._tools else None
        request = self._request_for(conversation, path, extra, offer)
        run = TurnRun(
            reply,
            self._clock,
            prefix=reply.content if continuing else "",
            earlier_usage=reply.usage if continuing else None,
            reasoning_prefix=(reply.reasoning or "") if continuing else "",
        )
        try:
            async for event in self._backend.stream_chat(request):
                run.apply(event)
                sink.turn_event(reply.id, event)
                if run.checkpoint_due():
                    self._save(
                        run,
                        sink,
                        partial(
                            self._store.checkpoint_message,
                            reply.id,
                            run.text,
                            reasoning=run.reasoning,
                        ),
                    )
        except asyncio.CancelledError:
            self._finalize(run, MessageStatus.CANCELLED, sink=sink)
            sink.turn_event(reply.id, TurnCancelled(run.text))
            raise
        except ChatError as error:
            self._fail(run, error, sink, rollback_user if not continuing else None, draft)
            return
        except StorageError:
            raise  # the store's own failure: writing an error row would fail too
        except Exception as exc:
            # A bug or an untyped failure of a backend: the turn still ends, with
            # a sentence, instead of a row left ``streaming`` and nothing said.
            unexpected = ChatError(
                "The reply stopped because of an unexpected problem. Retry to ask again.",
                detail=f"unexpected {type(exc).__name__}",
            )
            self._fail(run, unexpected, sink, rollback_user if not continuing else None, draft)
            return
        if run.finished is None:
            self._fail(run, StreamInterruptedError(), sink, None, None)
            return
        self._finalize(run, MessageStatus.COMPLETE, sink=sink)
        if self._tools is not None and offer is not None:
            # Tool calls: answered (approved, run, stored), then the model goes on.
            last = await self._tools.answer(run.reply, run.finished, offer, sink, rounds)
            if last is not None:
                path = self._store.branch_path(last.id)
                await self._stream_new_reply(conversation, path, last.id, sink, rounds=rounds + 1)

    def _fail(
        self,
        run: TurnRun,
        error: ChatError,
        sink: TurnSink,
        rollback_user: Message | None,
        draft: str | None,
    ) -> None:
        if run.has_new_output():
            status = (
                MessageStatus.INTERRUPTED
                if isinstance(error, StreamInterruptedError)
                else MessageStatus.ERROR
            )
            self._finalize(run, status, error=error.message, sink=sink)
            sink.turn_event(run.reply.id, TurnFailed(error, run.text))
            return
        if run.prefix:
            # A failed "Continue": the reply is exactly as it was before.
            original = run.reply
            self._store.finalize_message(
                original.id,
                status=original.status,
                content=original.content,
                finish_reason=original.finish_reason,
                usage=original.usage,
                tool_calls=original.tool_calls,
                model=original.model,
                first_token_ms=original.first_token_ms,
                duration_ms=original.duration_ms,
                reasoning=original.reasoning,
                reasoning_ms=original.reasoning_ms,
            )
            sink.turn_event(original.id, TurnFailed(error, original.content))
            return
        # Nothing arrived: take the rows back out and hand the text back, so
        # that sending again does not duplicate the question.
        self._store.delete_message(run.reply.id)
        sink.message_removed(run.reply.id)
        if rollback_user is not None:
            if draft is not None:
                self._store.set_draft(rollback_user.conversation_id, draft)
                if rollback_user.attachments:  # kept as the draft's before the row goes
                    self._store.set_draft_attachments(
                        rollback_user.conversation_id, rollback_user.attachments
                    )
            self._store.delete_message(rollback_user.id)
            sink.message_removed(rollback_user.id)
        sink.turn_event(run.reply.id, TurnFailed(error, "", draft))

    def _save(self, run: TurnRun, sink: TurnSink | None, write: Callable[[], None]) -> None:
        """A write of the streaming reply; a full disk pauses saving, not the reply.

        The store keeps a refused write queued (a newer checkpoint replaces
        an older one) and saves the queue in order once the disk takes writes
        again, so the user is told once and the text on screen stays.
        """
        try:
            write()
        except StorageError as error:
            if not run.saving_paused:
                run.saving_paused = True
                if sink is not None:
                    sink.turn_event(run.reply.id, SavingPaused(error))

    def _finalize(
        self,
        run: TurnRun,
        status: MessageStatus,
        error: str | None = None,
        sink: TurnSink | None = None,
    ) -> None:
        finished = run.finished
        self._save(
            run,
            sink,
            lambda: self._store.finalize_message(
                run.reply.id,
                status=status,
                content=run.text,
                finish_reason=finished.finish_reason if finished else None,
                usage=run.total_usage,
                tool_calls=finished.tool_calls if finished else (),
                error=error,
                model=run.model,
                first_token_ms=run.first_token_ms,
                duration_ms=run.duration_ms(),
                reasoning=run.reasoning,
                reasoning_ms=run.reasoning_ms,
            ),
        )

    def _request_for(
        self,
        conversation: Conversation,
        path: list[Message],
        extra: tuple[ChatMessage, ...],
        offer: Offer | None = None,
    ) -> ChatRequest:
        defaults = self._defaults()
        system = conversation.system_prompt
        if system is None:
            system = defaults.system_prompt
        params = (
            conversation.params if conversation.params != GenerationParams() else defaults.params
        )
        model = self._model_for(conversation)
        messages = (
            request_messages(
                path,
                system,
                model,
                blobs=self._store.attachment_bytes,
                image_turns=defaults.image_turns,
            )
            + extra
        )
        tools = tuple(tool.definition() for tool in offer.tools) if offer else ()
        return ChatRequest(model=model, messages=messages, params=params, tools=tools)

    def _model_for(self, conversation: Conversation) -> str:
        model = conversation.model or self._defaults().model
        if not model:
            raise ConfigError("Choose a model for this conversation (the model box above).")
        return model

    def _require(self, conversation_id: str) -> Conversation:
        conversation = self._store.get_conversation(conversation_id)
        if conversation is None:
            raise ConfigError("This conversation no longer exists.")
        return conversation

    def _require_message(self, message_id: str) -> Message:
        message = self._store.get_message(message_id)
        if message is None:
            raise ConfigError("This message no longer exists.")
        return message
