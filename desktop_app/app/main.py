"""Start the GUI: window first, everything else after it is on screen."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sys
import time
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop_app import APP_ID, APP_NAME, __version__
from desktop_app.app.container import Container
from desktop_app.app.crash_log import configure_logging, install_excepthook
from desktop_app.app.loop import create_loop, run_until_quit
from desktop_app.app.paths import AppPaths
from desktop_app.app.single_instance import SingleInstance
from desktop_app.core.capabilities import ModelInfo
from desktop_app.core.errors import AfarensisError
from desktop_app.core.settings import DEFAULT_PROFILE
from desktop_app.resources_path import resource_path
from desktop_app.services.model_caps import ModelCapabilities
from desktop_app.services.unsaved_on_quit import keep_unsaved
from desktop_app.services.window_transfer import WindowTransfer
from desktop_app.store.settings_file import load_state, save_state
from desktop_app.ui.chat_controller import ChatController
from desktop_app.ui.conversations_model import ConversationsModel
from desktop_app.ui.main_presenter import MainPresenter
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.style import ThemeManager
from desktop_app.ui.tool_approval import ToolPrompter
from desktop_app.ui.unsaved_dialogs import UnsavedDialogs

if TYPE_CHECKING:
    from desktop_app.render.markdown import CodeTheme
    from desktop_app.ui.settings_dialog import SettingsDialog

log = logging.getLogger(__name__)
START = time.perf_counter()


def run_gui(paths: AppPaths) -> int:
    configure_logging(paths.logs_dir)
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_ID)
    # No setApplicationDisplayName: Qt appends it to every window title that
    # does not end with it, and the title already starts with the app name
    # ("Afarensis Chat — Trip — Afarensis Chat" on Linux and Windows).
    app.setApplicationVersion(__version__)
    app.setDesktopFileName(APP_ID)
    icon = resource_path("icons", "app.svg")
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    with contextlib.suppress(OSError):  # a read-only folder is reported by the store
        paths.data_dir.mkdir(parents=True, exist_ok=True)
    instance = SingleInstance(paths.data_dir)
    if not instance.acquire():
        log.info("already running on this history: asked its window to come forward")
        return 0
    try:
        try:
            container = Container.build(paths)
        except AfarensisError as error:
            QMessageBox.critical(None, APP_NAME, error.message)
            return 2
        loop = create_loop(app)
        quit_requested = asyncio.Event()
        gui = _Gui(app, container, quit_requested)
        instance.activated.connect(gui.raise_window)
        run_until_quit(loop, gui.startup, gui.shutdown, quit_requested)
        return 0
    finally:
        instance.release()


class _Gui:
    """Holds the window and runs start-up and shutdown on the loop."""

    def __init__(self, app: QApplication, container: Container, quit_event: asyncio.Event) -> None:
        self.app = app
        self.c = container
        self.quit_event = quit_event
        self.theme = _install_look(app, container)
        self.model = ConversationsModel(
            fetch=lambda offset, limit: container.history.list_page(offset, limit),
            count=lambda: container.history.count(),
            rename=container.history.rename,
        )
        self.window = MainWindow(self.model)
        self.settings_window: SettingsDialog | None = None
        self.presenter: MainPresenter | None = None

    async def startup(self) -> None:
        """Wire everything, show the window, then load what is slow.

        Everything the window needs to react to input is connected before
        ``show()``; markdown/Pygments, httpx and the keyring (~250 ms together)
        load after the first paint, on first use or from ``_after_shown``.
        """
        c = self.c
        recovered = c.history.recover_interrupted()
        self.window.quit_requested.connect(self.quit_event.set)
        self.window.composer.set_send_key(c.settings.settings.send_key)
        self.window.apply_icons(self.theme.is_dark)
        self.theme.changed.connect(self.window.apply_icons)
        self._wire()
        self.model.reload()  # the first page of conversations, before the first paint
        state = load_state(c.paths.state_file)
        self.window.restore_state(
            QByteArray(state.get("geometry", b"")), QByteArray(state.get("splitter", b""))
        )
        first_run = self._looks_like_first_run()
        self.window.show_welcome(first_run)
        self.window.show()
        self.window.show_welcome(first_run)  # again, to focus what is visible
        log.info("window shown after %.0f ms", (time.perf_counter() - START) * 1000)
        await asyncio.sleep(0.01)  # let the first frame paint
        self._startup_notices(recovered)
        # The keyring (import, D-Bus, maybe a prompt) is read on a worker
        # thread while the window already takes input; what needs the key
        # (the welcome check, the HTTP client) follows once it is read.
        self.c.tasks.start("keyring", self._keyring_ready())

    async def _keyring_ready(self) -> None:
        await self._preload_keys()
        self._confirm_welcome()
        notice = None if self.c.settings.key_from_env else self.c.settings.secure_notice()
        if notice:
            self.window.notices.show_notice("warning", notice)
        QTimer.singleShot(50, self._after_shown)

    async def _preload_keys(self) -> None:
        """Every start-up keyring call on a worker thread (a locked keyring blocks)."""
        try:
            await asyncio.to_thread(self.c.settings.preload_keys)
        except Exception as error:  # a backend's own failure: the reads retry on use
            log.warning("keyring preload failed: %s", type(error).__name__)

    async def _check_integrity(self) -> None:
        """After a crash: PRAGMA quick_check off the UI thread, the window already up."""
        try:
            problems = await asyncio.to_thread(self.c.check_integrity)
        except OSError as error:
            log.warning("integrity check skipped: %s", error)
            return
        if problems:
            log.error("history integrity check: %s", "; ".join(problems[:20]))
            self.window.notices.show_notice(
                "warning",
                self.window.tr(
                    "A check after the last crash found damage in your history file "
                    "(details are in the log). Export your conversations now to keep "
                    "a copy of what can still be read."
                ),
            )

    def raise_window(self) -> None:
        """A second launch: bring this window forward instead of a second app."""
        window = self.window
        if window.isMinimized():
            window.showNormal()
        window.show()
        window.raise_()
        window.activateWindow()
        log.info("window raised for a second launch")

    def _looks_like_first_run(self) -> bool:
        """A guess made without the keyring (slow to load); see _confirm_welcome."""
        settings = self.c.settings
        if settings.key_from_env:
            return False
        return settings.settings.active_profile.id == DEFAULT_PROFILE.id

    def _wire(self) -> None:
        c = self.c
        chat = c.start_network()
        controller = ChatController(
            chat, c.history, lambda: c.renderer, self.window.chat_view, c.tasks, self.window
        )
        controller.code_theme = self._code_theme
        controller.tool_prompter = ToolPrompter(
            self.window.chat_view, self.window.notices, self.window
        )
        controller.model_titles = lambda: c.settings.settings.model_titles
        controller.auto_titles = lambda: c.settings.settings.auto_title
        controller.thinking.keep_open = lambda: c.settings.settings.thinking_expanded
        controller.default_params = lambda: c.settings.settings.default_params
        # Code colours follow the theme: re-render the open chat when it flips.
        self.theme.changed.connect(lambda _dark: self._rerender(controller))
        self.presenter = MainPresenter(
            self.window,
            self.model,
            controller,
            c.history,
            c.settings,
            c.tasks,
            on_settings_changed=self._settings_changed,
            open_settings=self._open_settings,
            open_conversation_settings=self._open_conversation_settings,
            list_models=self._list_models,
            transfer=WindowTransfer(c.worker_store),
            caps=ModelCapabilities(
                self._model_info, lambda: c.settings.effective_profile().model_overrides
            ),
        )
        self.presenter.open(None)
        install_excepthook(self.presenter.report_unexpected)

    def _confirm_welcome(self) -> None:
        """Now that the keyring may be read: welcome only if there is no key."""
        if self.presenter is None:
            return
        focused = QApplication.focusWidget()
        welcome = self.presenter.needs_welcome()
        if welcome != self.window.welcome.isVisible():
            self.window.show_welcome(welcome)
        elif focused is not None and focused.isVisible():
            focused.setFocus()  # the user may already be typing (e.g. the key)

    def _startup_notices(self, recovered: int) -> None:
        c = self.c
        if c.recovered is not None:
            self.window.notices.show_notice("warning", c.recovered.message)
        elif recovered:
            self.window.notices.show_notice(
                "warning",
                self.window.tr(
                    "%1 reply(s) were interrupted when the app last closed; "
                    "their partial text was kept."
                ).replace("%1", str(recovered)),
            )

    def _after_shown(self) -> None:
        """Work that must not delay the first paint."""
        if self.c.backend is not None:
            self.c.backend.get()  # build the HTTP client now, not on the first send
        if self.presenter is not None:
            # One lexer per loop turn: a first-use compile mid-reply cost 30-57 ms.
            self.presenter.controller.warm_up_renderer()
        if self.c.needs_integrity_check:
            self.c.tasks.start("integrity", self._check_integrity())
        self.c.tasks.start("backup", self._daily_backup())
        if self.presenter is not None and not self.window.welcome.isVisible():
            # Nothing goes on the network before the user has chosen a server:
            # on first run the models are fetched once the welcome form is done.
            self.c.tasks.start("models", self.presenter.refresh_models())

    async def _daily_backup(self) -> None:
        """Off the UI thread: one backup() of a 1.9 GB history froze the window 5-19 s.

        The backup opens its own connection (SQLite's online backup API), so
        the window keeps its connection and stays responsive meanwhile.
        """
        try:
            await asyncio.to_thread(self.c.daily_backup)
        except (OSError, AfarensisError) as error:
            log.warning("daily backup skipped: %s", error)

    async def shutdown(self) -> None:
        if self.presenter is not None:
            self.presenter.save_draft()
        try:
            save_state(
                self.c.paths.state_file,
                {
                    "geometry": bytes(self.window.saveGeometry().data()),
                    "splitter": bytes(self.window.splitter.saveState().data()),
                },
            )
        except OSError as error:
            log.warning("window state not saved: %s", error)
        # Turns end first (their final writes may be refused too), then
        # nothing a full disk held back is dropped without the user's say.
        await self.c.tasks.cancel_all()
        dialogs = UnsavedDialogs(self.window)
        await keep_unsaved(self.c.store, dialogs.ask, dialogs.choose_copy)
        self.window.hide()
        await self.c.close()
        self.app.quit()

    def _rerender(self, controller: ChatController) -> None:
        if not controller.is_streaming():
            controller.open(controller.conversation_id)

    def _code_theme(self) -> CodeTheme:
        from desktop_app.render.markdown import CodeTheme

        return CodeTheme.DARK if self.theme.is_dark else CodeTheme.LIGHT

    def _settings_changed(self) -> None:
        self.c.reconfigure_client()
        if self.presenter is not None and self.presenter.attachments.caps is not None:
            self.presenter.attachments.caps.forget()  # another server may know other models
        settings = self.c.settings.settings
        self.window.composer.set_send_key(settings.send_key)
        self.theme.set_font_size(settings.font_size, restyle=False)
        self.theme.apply(settings.theme)

    async def _model_info(self, model: str) -> ModelInfo:
        backend = self.c.backend
        return await backend.model_info(model) if backend is not None else ModelInfo()

    def _list_models(self) -> object:
        backend = self.c.backend
        return backend.list_models() if backend is not None else None

    def _open_settings(self) -> None:
        from desktop_app.ui.settings_dialog import SettingsDialog

        if self.settings_window is None:
            dialog = SettingsDialog(self.c.settings, self.window, tools=self.c.tools)
            dialog.settings_changed.connect(lambda _: self._settings_changed())
            self.settings_window = dialog
        dialog = self.settings_window
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()

    def _open_conversation_settings(self) -> None:
        from desktop_app.ui.conversation_settings import ConversationSettingsDialog

        if self.presenter is None:
            return
        controller = self.presenter.controller
        dialog = ConversationSettingsDialog(
            self.c.history,
            self.c.settings,
            controller.conversation_id,
            self.window,
            pending=controller.new_chat_settings,
            keep_pending=controller.keep_new_chat_settings,
        )
        dialog.show()


def _install_look(app: QApplication, container: Container) -> ThemeManager:
    from desktop_app.ui.i18n import install_translator

    settings = container.settings.settings
    install_translator(app, settings.language)
    theme = ThemeManager(app)
    theme.set_font_size(settings.font_size, restyle=False)
    theme.apply(settings.theme)
    return theme
