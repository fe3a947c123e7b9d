"""Wires the main window's widgets to the services and the chat controller.

Everything here is routing: a user intent from a widget becomes one service
call, and a change in the services becomes a refresh of the affected widget.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import ParamSpec, assert_never
from urllib.parse import urlsplit

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFileDialog

from desktop_app.core.conversation import UNTITLED
from desktop_app.core.errors import AfarensisError, ChatError
from desktop_app.core.history import NEW_CHAT_DRAFT
from desktop_app.core.models import new_id
from desktop_app.core.notices import Notice, NoticeAction, NoticeLevel
from desktop_app.core.ports import Reporter, TaskRunner
from desktop_app.core.settings import Profile
from desktop_app.services.history_service import HistoryService
from desktop_app.services.model_caps import ModelCapabilities
from desktop_app.services.reporting import reporting
from desktop_app.services.settings_service import SettingsService
from desktop_app.services.window_transfer import WindowTransfer
from desktop_app.ui.attachment_input import AttachmentsPresenter, DropFilter
from desktop_app.ui.chat_controller import ChatController
from desktop_app.ui.conversations_model import ConversationsModel
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.message_view import copy_to_clipboard
from desktop_app.ui.server_status import ServerState, state_after
from desktop_app.ui.transfer_actions import TransferActions

P = ParamSpec("P")

DRAFT_SAVE_MS = 800
UNDO_TIMEOUT_MS = 8000  # long enough to find the Undo button


class MainPresenter(QObject):
    """Routes intents between the window, the controller and the services."""

    def __init__(
        self,
        window: MainWindow,
        model: ConversationsModel,
        controller: ChatController,
        history: HistoryService,
        settings: SettingsService,
        tasks: TaskRunner,
        on_settings_changed: Callable[[], None],
        open_settings: Callable[[], None],
        open_conversation_settings: Callable[[], None],
        list_models: Callable[[], object],
        transfer: WindowTransfer,
        *,
        reporter: Reporter,
        caps: ModelCapabilities | None = None,
    ) -> None:
        super().__init__(window)
        #: The one way to tell the user something (core.ports.Reporter).
        self.reporter = reporter
        self._transfer = transfer
        self.window = window
        self.model = model
        self.controller = controller
        self.history = history
        self.settings = settings
        self.tasks = tasks
        self._on_settings_changed = on_settings_changed
        self._open_settings = open_settings
        self._list_models = list_models
        self._undo_ids: list[str] = []
        self._connection = ""
        self._opened = False
        self._editing: str | None = None
        self._draft_timer = QTimer(self)
        self._draft_timer.setSingleShot(True)
        self._draft_timer.setInterval(DRAFT_SAVE_MS)
        self._draft_timer.timeout.connect(self.save_draft)
        self.attachments = AttachmentsPresenter(
            window.composer.tray,
            history,
            tasks,
            lambda: self.controller.conversation_id or NEW_CHAT_DRAFT,
            lambda: self.settings.settings,
            self,
            caps=caps,
            model=lambda: self.window.header.model.currentText().strip() or self.default_model(),
            branch=lambda: [card.message for card in self.window.chat_view.cards()],
        )
        self._connect(open_conversation_settings)
        self._connect_attachments()
        # Chats imported by the CLI while the window runs appear when the
        # user comes back to the window (no restart, no polling).
        self.history.changed_elsewhere()
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):
            app.applicationStateChanged.connect(self._application_state)

    def _connect(self, open_conversation_settings: Callable[[], None]) -> None:
        w, c, s = self.window, self.controller, self.window.sidebar
        # Every user intent runs guarded: a typed error it raises (disk full,
        # history busy…) ends as its sentence on the notice bar, not in a Qt
        # slot's traceback (the one reporting path, docs/ARCHITECTURE.md §3).
        g = self.guarded
        w.composer.submitted.connect(g(self.submit))
        w.composer.stop_requested.connect(c.stop)
        w.composer.edit_last_requested.connect(g(self.edit_last))
        w.composer.text_changed.connect(self._draft_timer.start)
        w.stop_requested.connect(c.stop)
        w.new_chat_requested.connect(g(self.new_chat))
        w.settings_requested.connect(self._open_settings)
        w.copy_last_requested.connect(g(self.copy_last))
        w.previous_requested.connect(g(lambda: self.step_conversation(-1)))
        w.next_requested.connect(g(lambda: self.step_conversation(1)))
        w.header.model_chosen.connect(g(self.set_model))
        w.header.settings_clicked.connect(open_conversation_settings)
        w.notices.action_clicked.connect(g(self.notice_action))
        w.welcome.configured.connect(g(self.first_run_configured))
        w.welcome.test_requested.connect(self.test_first_run_server)
        s.conversation_chosen.connect(g(self.open))
        s.hit_chosen.connect(g(lambda cid, mid: self.open(cid, mid or None)))
        s.new_chat_requested.connect(g(self.new_chat))
        s.search_changed.connect(g(self.search))
        s.pin_requested.connect(g(self.pin))
        s.delete_requested.connect(g(self.delete))
        s.restore_requested.connect(g(self.restore))
        s.empty_trash_requested.connect(g(self.empty_trash))
        s.erase_requested.connect(g(self.erase))
        actions = TransferActions(self, self._transfer)
        s.import_requested.connect(actions.ask_import)
        s.export_all_requested.connect(actions.ask_export_all)
        s.export_requested.connect(g(self.export))
        s.trash_toggled.connect(g(self.show_trash))
        c.streaming_changed.connect(w.composer.set_streaming)
        c.conversation_created.connect(g(self.conversation_created))
        c.conversation_updated.connect(g(self.conversation_updated))
        c.restore_composer.connect(self.restore_text)
        c.edit_requested.connect(self.begin_edit)
        c.settings_requested.connect(self._open_settings)
        c.raise_limit_requested.connect(open_conversation_settings)
        c.server_outcome.connect(self.server_outcome)

    def _connect_attachments(self) -> None:
        composer, attachments = self.window.composer, self.attachments
        composer.attach_clicked.connect(lambda: attachments.open_dialog(self.window))
        composer.edit.sources_inserted.connect(attachments.attach)
        DropFilter(self.window.chat_view.viewport(), attachments.attach)
        self.window.chat_view.attachment_strip = attachments.strip_for

    def guarded(self, action: Callable[P, None]) -> Callable[P, None]:
        """``action`` with its typed errors said on the notice bar (see ``_connect``)."""
        return reporting(self.reporter, action, None)

    # --------------------------------------------------------- conversations

    def open(self, conversation_id: str | None, focus_message: str | None = None) -> None:
        if self._opened:  # at start the composer is empty: it must not wipe a draft
            self.save_draft()
        self._opened = True
        self._editing = None
        self.controller.open(conversation_id, focus_message)
        conversation = self.history.get_conversation(conversation_id) if conversation_id else None
        title = conversation.title if conversation else UNTITLED
        self.window.set_conversation_title(title)
        model = (conversation.model if conversation else None) or self.default_model()
        self.window.header.set_model(model)
        draft = self.history.get_draft(conversation_id or NEW_CHAT_DRAFT)
        self.window.composer.set_text(draft)
        self.attachments.load_draft()
        self.window.sidebar.show_conversations()
        self.window.sidebar.select(conversation_id)
        self.window.composer.focus()
        self.update_status()

    def new_chat(self) -> None:
        self.window.sidebar.search.clear()
        self.open(None)

    def default_model(self) -> str:
        return self.settings.effective_profile().default_model

    def set_model(self, model: str) -> None:
        cid = self.controller.conversation_id
        if cid is None:
            return
        conversation = self.history.get_conversation(cid)
        if conversation is not None and model.strip() != (conversation.model or ""):
            self.history.update_settings(
                cid,
                model=model.strip() or None,
                system_prompt=conversation.system_prompt,
                params=conversation.params,
            )

    def step_conversation(self, step: int) -> None:
        ids = self.model.ids()
        if not ids:
            return
        current = self.controller.conversation_id
        index = ids.index(current) + step if current in ids else 0
        if 0 <= index < len(ids):
            self.open(ids[index])

    def conversation_created(self, conversation_id: str) -> None:
        model = self.window.header.model.currentText().strip()
        if model and model != self.default_model():
            conversation = self.history.get_conversation(conversation_id)
            if conversation is not None:
                self.history.update_settings(
                    conversation_id,
                    model=model,
                    system_prompt=conversation.system_prompt,  # chosen before the first send
                    params=conversation.params,
                )
        self.reload_sidebar()

    def conversation_updated(self, conversation_id: str) -> None:
        self.reload_sidebar()
        self.update_status()
        if conversation_id == self.controller.conversation_id:
            conversation = self.history.get_conversation(conversation_id)
            if conversation is not None:
                self.window.set_conversation_title(conversation.title)

    def _application_state(self, state: Qt.ApplicationState) -> None:
        if state == Qt.ApplicationState.ApplicationActive:
            self.check_external_changes()

    def check_external_changes(self) -> None:
        """Reload the list if another process wrote to the history meanwhile."""
        if self.history.changed_elsewhere():
            self.reload_sidebar()

    def reload_sidebar(self) -> None:
        """Re-read the list, keep its scroll position, highlight the open chat.

        A model reset forgets the selection and scrolls to the top; after a
        reply or a pin the user should see the list where they left it.
        """
        sidebar = self.window.sidebar
        bar = sidebar.list.verticalScrollBar()
        offset = bar.value()
        self.model.reload()
        sidebar.select(self.controller.conversation_id)
        bar.setValue(offset)

    # ------------------------------------------------------------- composer

    def submit(self, text: str) -> None:
        if self.controller.is_streaming():
            self.window.composer.set_text(text)
            return
        if self.attachments.ask_before_send(
            lambda: self._submit_now(text), self.window.header.model.showPopup, self.window
        ):
            self.window.composer.set_text(text)  # kept until the user has chosen
            return
        self._submit_now(text)

    def _submit_now(self, text: str) -> None:
        if self.window.composer.text() == text:
            self.window.composer.set_text("")
        self.window.notices.hide()
        attachments = self.attachments.take()
        try:
            if self._editing is not None:
                message_id, self._editing = self._editing, None
                self.controller.edit_and_resend(message_id, text, attachments or None)
            else:
                self.controller.send(text, attachments)
        except AfarensisError as error:
            self.restore_text(text)  # the composer cleared it; nothing typed is lost
            self.window.composer.tray.set_attachments(attachments)
            self.reporter.report(Notice.of_error(error, retry=False))

    def edit_last(self) -> None:
        last = self.controller.last_user_message()
        if last is not None:
            self.begin_edit(last.id, last.content)

    def begin_edit(self, message_id: str, text: str) -> None:
        self._editing = message_id
        self.window.composer.set_text(text)
        self.window.composer.focus()
        self.reporter.report(
            Notice.info(self.tr("Editing a sent message: sending makes a new version."))
        )

    def restore_text(self, text: str) -> None:
        if not self.window.composer.text().strip():
            self.window.composer.set_text(text)
        if not self.window.composer.tray.attachments():
            self.attachments.load_draft()

    def save_draft(self) -> None:
        self._draft_timer.stop()
        key = self.controller.conversation_id or NEW_CHAT_DRAFT
        try:
            self.history.set_draft(key, self.window.composer.text())
        except AfarensisError as error:
            self.reporter.report(Notice.warning(error.message))

    def copy_last(self) -> None:
        text = self.controller.last_reply_text()
        if text:
            copy_to_clipboard(text)
            self.reporter.report(Notice.info(self.tr("Last reply copied.")))

    # ----------------------------------------------------------- sidebar ops

    def search(self, text: str) -> None:
        if not text:
            self.window.sidebar.show_conversations()
            self.window.sidebar.select(self.controller.conversation_id)
            return
        try:
            wide = self.settings.settings.search_reasoning
            self.window.sidebar.show_results(self.history.search(text, include_reasoning=wide))
        except AfarensisError as error:
            self.reporter.report(Notice.warning(error.message))

    def export(self, conversation_id: str) -> None:
        """Save one conversation as Markdown (non-blocking file dialog)."""
        dialog = QFileDialog(self.window, self.tr("Export conversation"))
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setNameFilter(self.tr("Markdown (*.md)"))
        dialog.selectFile(self.history.markdown_filename(conversation_id))
        dialog.fileSelected.connect(
            self.guarded(lambda path: self._write_export(conversation_id, path))
        )
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def _write_export(self, conversation_id: str, path: str) -> None:
        try:
            thinking = self.settings.settings.markdown_reasoning
            text = self.history.export_markdown(conversation_id, reasoning=thinking)
            Path(path).write_text(text, encoding="utf-8")
        except OSError as error:
            self.reporter.report(
                Notice.error(
                    self.tr("Could not write the file: %1").replace(
                        "%1", error.strerror or str(error)
                    )
                )
            )
            return
        self.reporter.report(Notice.info(self.tr("Exported to %1").replace("%1", path)))

    def update_status(self, connection: str | None = None) -> None:
        """Status line: connection state and the open conversation's tokens."""
        if connection is not None:
            self._connection = connection
        parts = [self._connection] if self._connection else []
        cid = self.controller.conversation_id
        if cid is not None:
            prompt, completion = self.history.usage_totals(cid)
            if prompt or completion:
                parts.append(
                    self.tr("%1 prompt + %2 reply tokens in this chat")
                    .replace("%1", str(prompt))
                    .replace("%2", str(completion))
                )
        self.window.status.setText(" · ".join(parts))

    def server_outcome(self, state: str, detail: str) -> None:
        """The last real outcome of a request decides what the line says."""
        name = self.server_name()
        if state == ServerState.CONNECTED:
            text = self.tr("Connected to %1").replace("%1", name)
        elif state == ServerState.OFFLINE:
            text = self.tr("Offline: %1").replace("%1", detail)
        else:
            text = (
                self.tr("%1 answered with an error: %2").replace("%1", name).replace("%2", detail)
            )
        self.update_status(text)

    def pin(self, conversation_id: str, pinned: bool) -> None:
        self.history.set_pinned(conversation_id, pinned)
        self.reload_sidebar()

    def delete(self, ids: list[str]) -> None:
        self.history.trash(ids)
        self._undo_ids = list(ids)
        if self.controller.conversation_id in ids:
            self.open(None)
        self.reload_sidebar()
        count = len(ids)
        text = (
            self.tr("Moved to Trash.")
            if count == 1
            else self.tr("%1 conversations moved to Trash.").replace("%1", str(count))
        )
        self.reporter.report(
            Notice.info(text).with_action(NoticeAction.UNDO).with_timeout(UNDO_TIMEOUT_MS)
        )

    def restore(self, ids: list[str]) -> None:
        self.history.restore(ids)
        self.reload_sidebar()

    def empty_trash(self) -> None:
        erased = self.history.empty_trash()
        if erased:
            self.tasks.start("compact", self._compact())
        self.reload_sidebar()
        self.reporter.report(
            Notice.info(self.tr("Trash emptied (%1 erased).").replace("%1", str(erased)))
        )

    async def _compact(self) -> None:
        """Empty Trash's slow upkeep on a worker thread; a refusal is said, not raised."""
        try:
            await self.history.compact_after_trash()
        except AfarensisError as error:
            self.reporter.report(Notice.of_error(error, NoticeLevel.WARNING, retry=False))

    def erase(self, ids: list[str]) -> None:
        """Delete forever, from the Trash's menu."""
        erased = self.history.erase_trashed(ids)
        self.reload_sidebar()
        self.reporter.report(
            Notice.info(self.tr("Deleted forever (%1).").replace("%1", str(erased)))
        )

    def show_trash(self, on: bool) -> None:
        history = self.history
        self.model.set_source(
            lambda offset, limit: history.list_page(offset, limit, trashed=on),
            lambda: history.count(trashed=on),
        )
        self.window.sidebar.show_conversations()
        self.window.sidebar.select(None if on else self.controller.conversation_id)

    # --------------------------------------------------------------- notices

    def report_unexpected(self, summary: str, details: str) -> None:
        """An exception nobody caught: say so, keep the details for "Copy details"."""
        text = self.tr("Something went wrong (%1). Your messages are safe; details are in the log.")
        self.reporter.report(
            Notice.error(text.replace("%1", summary)).with_action(
                NoticeAction.COPY_DETAILS, details
            )
        )

    def notice_action(self, notice: Notice) -> None:
        """The notice bar's button was clicked."""
        action = notice.action
        if action is NoticeAction.UNDO:
            if self._undo_ids:
                self.restore(self._undo_ids)
                self._undo_ids = []
        elif action is NoticeAction.RETRY:
            self.window.composer.focus()
            if self.window.composer.text().strip():
                self.window.composer._send()
        elif action is NoticeAction.OPEN_SETTINGS or action is NoticeAction.CHECK_BILLING:
            self._open_settings()
        elif action is NoticeAction.CHOOSE_MODEL:
            self.window.header.model.setFocus()
        elif action is NoticeAction.COPY_DETAILS:
            copy_to_clipboard(notice.argument)
            self.reporter.report(Notice.info(self.tr("Details copied.")))
        elif action is NoticeAction.COPY_LINK:
            copy_to_clipboard(notice.argument)
            self.reporter.report(Notice.info(self.tr("Link copied.")))
        elif action is NoticeAction.NONE:
            pass  # a notice without a button has nothing to click
        else:
            assert_never(action)

    # -------------------------------------------------------------- first run

    def first_run_configured(self, name: str, base_url: str, model: str, key: str) -> None:
        current = self.settings.settings
        profile = Profile(id=new_id()[:12], name=name, base_url=base_url, default_model=model)
        updated = replace(current.with_profile(profile), active_profile_id=profile.id)
        try:
            self.settings.update(updated)
            if key:
                self.settings.set_api_key(profile.id, key)
        except AfarensisError as error:
            self.reporter.report(Notice.warning(error.message))
        self._on_settings_changed()
        self.window.header.set_model(self.default_model())
        self.window.show_welcome(False)
        notice = self.settings.secure_notice()
        if notice and key:
            self.reporter.report(Notice.warning(notice))
        self.tasks.start("models", self.refresh_models())

    def test_first_run_server(self, base_url: str, model: str, key: str) -> None:
        """The welcome form's Test connection: list the models of that server."""
        profile = Profile(id="welcome-test", name="", base_url=base_url, default_model=model)

        async def run() -> None:
            welcome = self.window.welcome
            try:
                # "" and not None: a stored key never goes to a URL typed here.
                models = await self.settings.test(profile, key)
            except AfarensisError as error:
                welcome.show_test_result(False, error.message)
                return
            welcome.show_test_result(
                True, self.tr("Connected: %1 models available.").replace("%1", str(len(models)))
            )

        self.tasks.start("welcome-test", run())

    def server_name(self) -> str:
        """The profile's name, or the host and the variable when the environment points elsewhere.

        Naming the variable matters: ``OPENAI_BASE_URL`` may have been set for
        another tool, and the user must see why the app talks to that host.
        """
        profile = self.settings.effective_profile()
        if profile.base_url != self.settings.settings.active_profile.base_url:
            host = urlsplit(profile.base_url).netloc or profile.base_url
            names = [n for n in self.settings.env_overrides() if n.endswith("_BASE_URL")]
            if not names:
                return host
            return self.tr("%1 (set by %2)").replace("%1", host).replace("%2", names[0])
        return profile.name

    async def refresh_models(self) -> None:
        result = self._list_models()
        if asyncio.iscoroutine(result):
            name = self.server_name()
            try:
                models = await result
            except ChatError as error:
                self.server_outcome(state_after(error).value, error.message)
                return
            except AfarensisError as error:
                self.update_status(error.message)
                return
            if isinstance(models, list):
                self.window.header.set_models([str(m) for m in models])
                self.update_status(
                    self.tr("Connected to %1 (%2 models)")
                    .replace("%1", name)
                    .replace("%2", str(len(models)))
                )

    def needs_welcome(self) -> bool:
        """No key for the active profile, and it is not a local keyless server."""
        profile = self.settings.effective_profile()
        if self.settings.api_key(profile.id) or self.settings.key_from_env:
            return False  # an environment server runs with its own key or none
        local = ("localhost", "127.0.0.1", "[::1]")
        has_custom = len(self.settings.settings.profiles) > 1 or self.settings.env_overrides()
        return not (any(h in profile.base_url for h in local) and has_custom)
