"""Connects the chat view and composer to the chat service.

The controller is the only place that knows both widgets and use cases. It
runs each turn as the named task ``turn:<conversation id>`` and coalesces
streamed text: deltas only append to a buffer, and a single-shot timer
flushes at most once per frame into the streaming renderer and the one card
being streamed, so a burst of 1,000 tokens costs one repaint, not 1,000.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Collection, Coroutine, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any, assert_never

from PySide6.QtCore import QObject, QTimer, Signal

from desktop_app.core.attachments import Attachment
from desktop_app.core.errors import AfarensisError
from desktop_app.core.events import (
    ReasoningDelta,
    SavingPaused,
    TextDelta,
    TurnEvent,
    TurnFailed,
)
from desktop_app.core.history import NEW_CHAT_DRAFT
from desktop_app.core.models import GenerationParams, Message, MessageStatus, Role
from desktop_app.core.notices import Notice, NoticeAction, notice_action_for
from desktop_app.core.ports import Reporter, TaskRunner
from desktop_app.core.settings import Settings
from desktop_app.services.chat_service import ChatService
from desktop_app.services.history_service import HistoryService
from desktop_app.services.reporting import reporting
from desktop_app.ui.card_actions import CardAction, decode
from desktop_app.ui.chat_view import ChatView
from desktop_app.ui.error_strings import translate_error
from desktop_app.ui.message_view import MessageCard, copy_to_clipboard
from desktop_app.ui.reply_streams import ReplyStreams
from desktop_app.ui.server_status import ServerState, state_after
from desktop_app.ui.thinking_streams import ThinkingStreams
from desktop_app.ui.turn_sink import ToolPrompts, TurnSinkOfOne

if TYPE_CHECKING:
    # markdown + Pygments cost ~50 ms to import: the app builds this controller
    # before the window shows and passes a factory, so they load after it.
    from desktop_app.render.markdown import CodeTheme, MarkdownRenderer
    from desktop_app.render.streaming import StreamingRenderer, StreamUpdate

FLUSH_INTERVAL_MS = 33
SAVE_RETRY_TASK = "save-retry"
FLUSH_EARLY_CHARS = 4096
PAGE_SIZE = 50


class ChatController(QObject):
    """Runs turns for the open conversation and keeps its view current.

    Signals:
        streaming_changed(bool): the open conversation started/stopped streaming.
        conversation_created(str): a first message created this conversation.
        conversation_updated(str): title/updated time changed (refresh sidebar).
        restore_composer(str): text to put back (a request failed before replying).
        edit_requested(str, str): (message id, text) to edit in the composer.
        raise_limit_requested: open the per-conversation settings.
        settings_requested: open Settings (e.g. after a 401).
        server_outcome(str, str): (``ServerState`` value, detail) after a
            request reached an end: a reply arrived, or it failed and why.
    """

    streaming_changed = Signal(bool)
    conversation_created = Signal(str)
    conversation_updated = Signal(str)
    restore_composer = Signal(str)
    edit_requested = Signal(str, str)
    raise_limit_requested = Signal()
    settings_requested = Signal()
    server_outcome = Signal(str, str)

    def __init__(
        self,
        service: ChatService,
        history: HistoryService,
        renderer: MarkdownRenderer | Callable[[], MarkdownRenderer],
        view: ChatView,
        tasks: TaskRunner,
        parent: QObject | None = None,
        *,
        reporter: Reporter,
        settings: Callable[[], Settings] = Settings,
        code_theme: Callable[[], CodeTheme] | None = None,
        tool_prompter: ToolPrompts | None = None,
    ) -> None:
        """``settings`` are read when a turn ends (titles); ``code_theme`` when rendering."""
        super().__init__(parent)
        self._reporter = reporter
        self._settings = settings
        self._service = service
        self._history = history
        self._renderer_source = renderer
        self._renderer_instance: MarkdownRenderer | None = None
        self._view = view
        self._tasks = tasks
        self._streams = ReplyStreams(self._new_stream_renderer)
        self._code_theme: Callable[[], CodeTheme] = code_theme or _light_theme
        #: The replies' thinking; ``keep_open`` is Settings' "show thinking expanded".
        self.thinking = ThinkingStreams(
            self._new_stream_renderer,
            self._render_html,
            view,
            lambda: settings().thinking_expanded,
        )
        #: System prompt and parameters chosen for a chat not sent yet; they
        #: are stored with the conversation its first message creates.
        self.new_chat_settings: tuple[str | None, GenerationParams] | None = None
        self.conversation_id: str | None = None
        #: Asks the user about tool calls (servers' consent, each call's approval).
        self.tool_prompter = tool_prompter
        self._oldest_loaded: str | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(FLUSH_INTERVAL_MS)
        self._timer.timeout.connect(self.flush)
        # A card action that fails (the history is full, busy…) says why.
        view.action_requested.connect(reporting(reporter, self.on_action, None))
        view.older_requested.connect(self.load_older)

    @property
    def _renderer(self) -> MarkdownRenderer:
        """The markdown renderer, made on first use when given a factory."""
        if self._renderer_instance is None:
            source = self._renderer_source
            self._renderer_instance = source if not callable(source) else source()
        return self._renderer_instance

    def _new_stream_renderer(self) -> StreamingRenderer:
        from desktop_app.render.streaming import StreamingRenderer

        return StreamingRenderer(self._renderer, self._code_theme())

    # ------------------------------------------------------------ opening

    def open(self, conversation_id: str | None, focus_message: str | None = None) -> None:
        """Show a conversation (None = a fresh, not yet stored chat)."""
        self.flush()
        self.conversation_id = conversation_id
        if conversation_id is None:
            self._view.clear()
            self.streaming_changed.emit(False)
            return
        if self._settings().auto_title and self._service.auto_title(conversation_id):
            # e.g. a first turn cut short by a crash never reached _finish_turn.
            self.conversation_updated.emit(conversation_id)
        page = self._history.newest_messages(conversation_id, PAGE_SIZE, around=focus_message)
        self._oldest_loaded = page.messages[0].id if page.messages else None
        # Most cards are built after the first paint (ChatView.show_messages);
        # _card_built readies each one whenever it comes.
        self._view.show_messages(
            page.messages,
            page.has_more,
            self._html_for,
            self._card_built,
            eager=focus_message is not None,
        )
        if focus_message:
            self._view.scroll_to_message(focus_message)
        self.streaming_changed.emit(self.is_streaming())

    def warm_up_renderer(self) -> None:
        """Warm the markdown renderer and the common code lexers without a stall.

        Call after the window shows. The markdown parser first, then one lexer per
        loop turn: all at once would block the loop for ~200 ms.
        """
        from desktop_app.render.markdown import COMMON_LANGUAGES

        self._renderer.warm_up()
        pending = list(COMMON_LANGUAGES)

        def step() -> None:
            if pending:
                self._renderer.warm_up([pending.pop(0)])
                QTimer.singleShot(1, self, step)

        QTimer.singleShot(1, self, step)

    def load_older(self) -> None:
        if self.conversation_id is None or self._oldest_loaded is None:
            return
        page = self._history.older_messages(self.conversation_id, self._oldest_loaded, PAGE_SIZE)
        if page.messages:
            self._oldest_loaded = page.messages[0].id
        self._view.prepend_messages(page.messages, page.has_more, self._html_for, self._card_built)

    def is_streaming(self) -> bool:
        cid = self.conversation_id
        return cid is not None and self._tasks.is_running(_turn_name(cid))

    # ------------------------------------------------------------ actions

    def send(self, text: str, attachments: Sequence[Attachment] = ()) -> None:
        if self.conversation_id is None:
            self.conversation_id = self._history.create_conversation()
            if self.new_chat_settings is not None:
                prompt, params = self.new_chat_settings
                self.new_chat_settings = None
                self._history.update_settings(
                    self.conversation_id, model=None, system_prompt=prompt, params=params
                )
            self._history.set_draft(NEW_CHAT_DRAFT, "")
            self.conversation_created.emit(self.conversation_id)
        cid = self.conversation_id
        self._history.set_draft(cid, "")
        self._start(cid, lambda turn: self._service.send(cid, text, turn, attachments), typed=text)

    def keep_new_chat_settings(self, chosen: tuple[str | None, GenerationParams]) -> None:
        """Settings chosen for the chat not sent yet (applied by :meth:`send`)."""
        self.new_chat_settings = chosen

    def stop(self) -> None:
        if self.conversation_id is not None:
            self._tasks.cancel(_turn_name(self.conversation_id))

    def regenerate(self, message_id: str) -> None:
        if self.conversation_id is not None:
            self._start(
                self.conversation_id, lambda turn: self._service.regenerate(message_id, turn)
            )

    def continue_reply(self, message_id: str) -> None:
        """Stream more text into the same reply; its card shows the text growing."""
        message = self._history.get_message(message_id)
        if self.conversation_id is None or message is None:
            return

        def begin(turn: TurnSinkOfOne) -> Coroutine[Any, Any, None]:
            # After the previous turn of this chat has finished its cleanup.
            turn.replies.append(message.id)
            update = self._streams.resume(message.id, message.content)
            card = self._view.card(message.id)
            if card is not None:
                _show_stream(card, update)
                card.update_meta(replace(message, status=MessageStatus.STREAMING))
            return self._service.continue_reply(message_id, turn)

        self._start(self.conversation_id, begin)

    def edit_and_resend(
        self, message_id: str, text: str, attachments: Sequence[Attachment] | None = None
    ) -> None:
        """``attachments=None`` keeps the edited turn's own."""
        if self.conversation_id is not None:
            self._start(
                self.conversation_id,
                lambda turn: self._service.edit_and_resend(message_id, text, turn, attachments),
                typed=text,
            )

    def last_user_message(self) -> Message | None:
        users = [c.message for c in self._view.cards() if c.message.role is Role.USER]
        return users[-1] if users else None

    def last_reply_text(self) -> str | None:
        replies = [c.message for c in self._view.cards() if c.message.role is Role.ASSISTANT]
        return self._history.message_text(replies[-1].id) if replies else None

    def on_action(self, action: str, message_id: str) -> None:
        """Handle a card's toolbar, menu or footer action (its wire form, see card_actions)."""
        decoded = decode(action)
        if decoded is None:
            return
        kind, argument = decoded
        if (
            kind is CardAction.COPY_MARKDOWN
            or kind is CardAction.COPY_TEXT
            or kind is CardAction.COPY_CODE
        ):
            self._copy(kind, argument, message_id)
        elif kind is CardAction.REGENERATE or kind is CardAction.RETRY:
            self.regenerate(message_id)
        elif kind is CardAction.CONTINUE:
            self.continue_reply(message_id)
        elif kind is CardAction.EDIT:
            message = self._history.get_message(message_id)
            if message is not None:
                self.edit_requested.emit(message.id, message.content)
        elif kind is CardAction.DELETE:
            self._history.delete_message(message_id)
            self.open(self.conversation_id)
        elif kind is CardAction.PREVIOUS_VERSION or kind is CardAction.NEXT_VERSION:
            step = -1 if kind is CardAction.PREVIOUS_VERSION else 1
            if self._history.switch_version(message_id, step):
                self.open(self.conversation_id)
        elif kind is CardAction.LINK_FAILED:
            self._reporter.report(
                Notice.warning(
                    self.tr("No browser could open this link. You can copy it instead.")
                ).with_action(NoticeAction.COPY_LINK, argument)
            )
        elif kind is CardAction.RAISE_LIMIT:
            self.raise_limit_requested.emit()
        elif kind is CardAction.RAISE_LIMIT_RETRY:
            self._raise_limit_and_retry(message_id)
        elif kind is CardAction.SETTINGS:
            self.settings_requested.emit()
        else:
            assert_never(kind)

    # ----------------------------------------------------- TurnSink (service)

    def message_added(self, message: Message) -> None:
        if message.status is MessageStatus.STREAMING:
            self._streams.start(message.id)
        if message.conversation_id != self.conversation_id:
            return
        # A new branch (regenerate, edit): what followed its parent on screen
        # belongs to the old branch and goes, so the view is the current branch.
        self._view.keep_up_to(message.parent_id)
        card = self._view.append_message(
            message, "" if message.status is MessageStatus.STREAMING else self._html_for(message)
        )
        if message.status is MessageStatus.STREAMING:
            card.body.begin_stream()
            card.set_streaming(True)
            card.body.setPlaceholderText(self.tr("Thinking…"))
        self._refresh_versions(message)
        self._view.scroll_to_bottom()

    def message_removed(self, message_id: str) -> None:
        self._streams.drop(message_id)
        self._view.remove_message(message_id)

    def turn_event(
        self, message_id: str, event: TurnEvent, conversation_id: str | None = None
    ) -> None:
        if isinstance(event, TextDelta):
            self.thinking.answer_started(message_id)
            self._schedule(self._streams.add(message_id, event.text))
        elif isinstance(event, ReasoningDelta):
            if event.retracts_answer and message_id in self._streams:
                self._streams.drop(message_id)  # what streamed as answer was thinking
                self._streams.start(message_id)
                card = self._view.card(message_id)
                if card is not None:
                    card.body.begin_stream()
            self._schedule(self.thinking.add(message_id, event.text))
        elif isinstance(event, TurnFailed):
            self._report_failure(event, conversation_id)
            self.server_outcome.emit(state_after(event.error).value, event.error.message)
        elif isinstance(event, SavingPaused):
            self._saving_paused()

    # ------------------------------------------------------------ internals

    def _raise_limit_and_retry(self, message_id: str) -> None:
        """A reply ran out of tokens while thinking: a higher limit, and ask again."""
        if self.conversation_id is None:
            return
        limit = self._history.raise_token_limit(
            self.conversation_id, self._settings().default_params
        )
        if limit is not None:
            text = self.tr("Max tokens is now %1 for this chat.").replace("%1", str(limit))
            self._reporter.report(Notice.info(text))
            self.regenerate(message_id)

    def _schedule(self, buffered: int | None) -> None:
        """A delta was buffered: flush now if the buffer is big, else by the next frame."""
        if buffered is None:
            return
        if buffered >= FLUSH_EARLY_CHARS:
            self.flush()
        elif not self._timer.isActive():
            self._timer.start()

    def flush(self) -> None:
        """Feed buffered text to the renderers; repaint only the open conversation."""
        self._timer.stop()
        self.thinking.flush()
        for message_id, renderer in self._streams.feed_all():
            card = self._view.card(message_id)
            if card is not None:
                update = renderer.flush()
                card.body.apply_stream(update.committed_html, update.pending_html)
        self._view.follow()

    def _start(
        self,
        conversation_id: str,
        begin: Callable[[TurnSinkOfOne], Coroutine[Any, Any, None]],
        typed: str | None = None,
    ) -> None:
        """Run a turn as the conversation's named task.

        A running turn of the conversation is cancelled and has finished its
        cleanup before ``begin`` makes the new one. Each turn owns the
        replies it started (:class:`TurnSinkOfOne`) and finishes only those, so an
        old turn's cleanup never ends a newer reply's stream.

        ``typed`` is the composer text that started it: if the turn is refused
        before anything is stored (e.g. no model chosen), it goes back.
        """

        async def run() -> None:
            turn = TurnSinkOfOne(self, conversation_id, self.tool_prompter)
            try:
                await begin(turn)
            except AfarensisError as error:
                if typed is not None:
                    self._give_back(conversation_id, typed)
                self._reporter.report(Notice.of_error(error))
            finally:
                self._finish_turn(conversation_id, turn)

        self._tasks.start(_turn_name(conversation_id), run())
        if conversation_id == self.conversation_id:
            self.streaming_changed.emit(True)

    def _finish_turn(self, conversation_id: str, turn: TurnSinkOfOne) -> None:
        self.flush()
        if turn.answered:
            self.server_outcome.emit(ServerState.CONNECTED.value, "")
        if turn.rolled_back and conversation_id == self.conversation_id:
            # Rows were taken back out (nothing arrived): the store's current
            # branch may be the one the new message replaced on screen.
            self.open(conversation_id)
        self._finish_replies(turn.replies, turn.unsaved)
        self._after_finish(conversation_id)

    def _finish_replies(self, replies: list[str], unsaved: Collection[str] = frozenset()) -> None:
        for message_id, streamed_text, update in self._streams.finish(replies):
            message = self._history.get_message(message_id)
            card = self._view.card(message_id)
            if message is not None:
                self.thinking.finish(message_id, card, message)
            if message is None or card is None:
                continue
            if message.content == streamed_text or message_id in unsaved:
                # Unsaved (a full disk): the store still has an older text.
                card.body.apply_stream(update.committed_html, update.pending_html)
            else:
                card.body.set_html(self._html_for(message))
            card.body.setPlaceholderText("")
            card.set_streaming(False)
            card.update_meta(message)
            self._refresh_versions(message)

    def reply_done(self, message_id: str) -> None:
        """A reply stored before its turn ends (it asked for tools): show how it ended."""
        self.flush()
        self._finish_replies([message_id])

    def _after_finish(self, conversation_id: str) -> None:
        # "Name new chats from the first message" (Settings); off leaves "New chat".
        settings = self._settings()
        try:
            titled = settings.auto_title and self._service.auto_title(conversation_id)
        except AfarensisError:  # a full disk: the title waits, the reply is shown
            titled = False
        if titled and settings.model_titles:
            self._tasks.start(f"title:{conversation_id}", self._model_title(conversation_id))
        self.conversation_updated.emit(conversation_id)
        if conversation_id == self.conversation_id:
            # A newer turn of this chat may already be waiting to run.
            self.streaming_changed.emit(
                self._tasks.is_running_besides_me(_turn_name(conversation_id))
            )
            self._view.follow()

    def _saving_paused(self) -> None:
        """Say once that the disk refused, and save again as soon as it can."""
        if self._tasks.is_running(SAVE_RETRY_TASK):
            return
        self._reporter.report(
            Notice.warning(
                self.tr(
                    "The disk is full, so saving is paused. The reply goes on, and "
                    "everything is saved as soon as there is space again."
                )
            )
        )
        self._tasks.start(SAVE_RETRY_TASK, self._save_when_possible())

    async def _save_when_possible(self) -> None:
        await self._history.save_when_possible()
        self._reporter.report(
            Notice.info(self.tr("Saving resumed: everything is in your history now."))
        )
        if self.conversation_id is not None:
            # Titles and the like waited in the queue too: show what was saved.
            self.conversation_updated.emit(self.conversation_id)

    async def _model_title(self, conversation_id: str) -> None:
        """Best effort: a failed title request leaves the first-line title."""
        try:
            if await self._service.generate_title(conversation_id):
                self.conversation_updated.emit(conversation_id)
        except AfarensisError:
            return

    def _give_back(self, conversation_id: str, text: str) -> None:
        """Typed text of a refused turn: to the composer if its chat is open.

        The user may have moved on (Ctrl+N, another chat) and typed something
        new; the text then waits as that chat's draft instead of landing in
        whatever composer is showing.
        """
        if conversation_id == self.conversation_id:
            self.restore_composer.emit(text)
        else:
            self._history.set_draft(conversation_id, text)

    def _report_failure(self, event: TurnFailed, conversation_id: str | None = None) -> None:
        error = event.error
        # A chat the user has left keeps the text as its draft (the service stored it).
        here = conversation_id is None or conversation_id == self.conversation_id
        if event.restored_text is not None and here:
            self.restore_composer.emit(event.restored_text)
        action = notice_action_for(error.action)
        if action is NoticeAction.RETRY and event.restored_text is None:
            action = NoticeAction.NONE  # nothing to resend: the reply's own Retry does it
        self._reporter.report(Notice.error(error.message, action))

    def _html_for(self, message: Message) -> str:
        if message.role is Role.USER or message.role is Role.TOOL:
            # A tool's result is another program's text: escaped, nothing followed.
            # Our own sentence for a failed call (a timeout, a crash) is shown in
            # the user's language; the model was sent the English.
            failed = message.tool_info is not None and message.tool_info.is_error
            text = translate_error(message.content) if failed else message.content
            escaped = html.escape(text).replace("\n", "<br>")
            return f'<p style="white-space:pre-wrap">{escaped}</p>'
        return self._render_html(message.content)

    def _render_html(self, text: str) -> str:
        return self._renderer.render(text, self._code_theme()).html

    def _card_built(self, message: Message) -> None:
        """Ready a card of an opened page: versions, and a live stream's text so far."""
        self._refresh_versions(message)
        card = self._view.card(message.id)
        if card is not None and message.role is Role.ASSISTANT:
            self.thinking.card_built(card, message)
        if card is not None and message.id in self._streams:
            update = self._streams.restart(message.id)
            if update is not None:
                _show_stream(card, update)

    def _refresh_versions(self, message: Message) -> None:
        card = self._view.card(message.id)
        if card is None:
            return
        index, count = self._history.version_position(message.id)
        card.set_versions(index, count)

    def _copy(self, action: CardAction, argument: str, message_id: str) -> None:
        text = self._history.message_text(message_id) or ""
        if action is CardAction.COPY_TEXT:
            text = self._renderer.plain_text(text)
        elif action is CardAction.COPY_CODE:
            blocks = self._renderer.render(text, self._code_theme()).code_blocks
            index = int(argument or 0)
            text = blocks[index] if 0 <= index < len(blocks) else ""
        copy_to_clipboard(text)
        self._reporter.report(Notice.info(self.tr("Copied.")))


def _show_stream(card: MessageCard, update: StreamUpdate) -> None:
    """Turn a card into a streaming one, showing the reply so far."""
    card.body.begin_stream()
    card.set_streaming(True)
    card.body.apply_stream(update.committed_html, update.pending_html)


def _light_theme() -> CodeTheme:
    from desktop_app.render.markdown import CodeTheme

    return CodeTheme.LIGHT


def _turn_name(conversation_id: str) -> str:
    return f"turn:{conversation_id}"
