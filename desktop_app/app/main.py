"""Start the GUI: window first, everything else after it is on screen.

Only what paints the window is imported before its first frame: the window's
widgets, the store and the settings. asyncio and qasync, the chat controller,
the presenter and the services behind them (~150 ms of imports) load right
after it, before the event loop hands the user's input to anything
(docs/ARCHITECTURE.md, "Start-up").
"""

from __future__ import annotations

import logging
import sys
import time
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QElapsedTimer, QEvent, QEventLoop, QObject, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop_app import APP_ID, APP_NAME, __version__
from desktop_app.app.container import Container
from desktop_app.app.crash_log import configure_logging, install_excepthook, open_log_file
from desktop_app.app.paths import AppPaths
from desktop_app.core.conversation import UNTITLED
from desktop_app.core.errors import AfarensisError
from desktop_app.core.settings import DEFAULT_PROFILE
from desktop_app.resources_path import resource_path
from desktop_app.store.settings_file import load_state, save_state
from desktop_app.ui.conversations_model import ConversationsModel
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.style import ThemeManager

if TYPE_CHECKING:
    import asyncio

    from desktop_app.render.markdown import CodeTheme
    from desktop_app.ui.chat_controller import ChatController
    from desktop_app.ui.main_presenter import MainPresenter
    from desktop_app.ui.settings_dialog import SettingsDialog

log = logging.getLogger(__name__)
START = time.perf_counter()
NEW_CHAT_DRAFT = ""  # ui.chat_controller.NEW_CHAT_DRAFT, which loads after the first frame
#: How long start-up waits for the window's first frame before loading the rest.
FIRST_FRAME_TIMEOUT_MS = 500


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
    try:
        container = Container.build(paths)
    except AfarensisError as error:
        QMessageBox.critical(None, APP_NAME, error.message)
        return 2
    gui = _Gui(app, container)
    recovered = gui.show_first()
    open_log_file()
    # Loaded after the first frame: asyncio, qasync and the wiring behind them.
    import asyncio

    from desktop_app.app.loop import create_loop, run_until_quit

    loop = create_loop(app)
    quit_requested = asyncio.Event()
    gui.quit_event = quit_requested
    run_until_quit(loop, lambda: gui.startup(recovered), gui.shutdown, quit_requested)
    return 0


class _FirstFrame(QObject):
    """Notices the first paint of the window it watches."""

    painted = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        del watched
        if event.type() == QEvent.Type.Paint:
            self.painted = True
        return False


class _Gui:
    """Holds the window, paints it first, then wires and runs it on the loop."""

    def __init__(self, app: QApplication, container: Container) -> None:
        self.app = app
        self.c = container
        self.quit_event: asyncio.Event | None = None
        self.theme = _install_look(app, container)
        self.model = ConversationsModel(
            fetch=lambda offset, limit: container.history.list_page(offset, limit),
            count=lambda: container.history.count(),
            rename=container.history.rename,
        )
        self.window = MainWindow(self.model)
        self.settings_window: SettingsDialog | None = None
        self.presenter: MainPresenter | None = None

    def show_first(self) -> int:
        """Show the window and paint its first frame, before the loop runs.

        Nothing the user does reaches the window yet: the frame is painted
        with user input held back (``ExcludeUserInputEvents``), and the event
        loop that delivers it starts only after :meth:`startup` has wired
        every widget, so a click or key pressed meanwhile waits, not lost.
        Returns how many interrupted replies were recovered.
        """
        c = self.c
        recovered = c.history.recover_interrupted()
        self.window.composer.set_send_key(c.settings.settings.send_key)
        self.window.apply_icons(self.theme.is_dark)
        self.theme.changed.connect(self.window.apply_icons)
        self.model.reload()  # the first page of conversations, before the first paint
        # What MainPresenter.open(None) shows once wired, so the first frame is the same.
        self.window.set_conversation_title(UNTITLED)
        self.window.header.set_model(c.settings.effective_profile().default_model)
        self.window.composer.set_text(c.history.get_draft(NEW_CHAT_DRAFT))
        state = load_state(c.paths.state_file)
        self.window.restore_state(
            QByteArray(state.get("geometry", b"")), QByteArray(state.get("splitter", b""))
        )
        first_run = self._looks_like_first_run()
        self.window.show_welcome(first_run)
        self.window.show()
        self.window.show_welcome(first_run)  # again, to focus what is visible
        log.info(
            "window shown after %.0f ms, %.0f ms of CPU since the process started",
            (time.perf_counter() - START) * 1000,
            time.process_time() * 1000,
        )
        self._paint_first_frame()
        return recovered

    def _paint_first_frame(self) -> None:
        """Process window-system and paint events until the window has drawn once."""
        spy = _FirstFrame(self.window)
        self.window.installEventFilter(spy)
        waker = QTimer(self.window)  # WaitForMoreEvents must not wait past the deadline
        waker.start(10)
        clock = QElapsedTimer()
        clock.start()
        flags = (
            QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents
            | QEventLoop.ProcessEventsFlag.WaitForMoreEvents
        )
        while not spy.painted and clock.elapsed() < FIRST_FRAME_TIMEOUT_MS:
            self.app.processEvents(flags)
        self.app.processEvents(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)
        waker.stop()
        waker.deleteLater()
        self.window.removeEventFilter(spy)
        spy.deleteLater()
        log.info("first frame after %.0f ms", (time.perf_counter() - START) * 1000)

    async def startup(self, recovered: int) -> None:
        """Wire everything the window needs to react to input, then load what is slow.

        The window is already painted (:meth:`show_first`); input waits in
        the queue until this returns to the loop. markdown/Pygments, httpx
        and the keyring (~250 ms together) load later still, on first use or
        from ``_after_shown``.
        """
        assert self.quit_event is not None
        self.window.quit_requested.connect(self.quit_event.set)
        self._wire()
        self.window.show_welcome(self._looks_like_first_run())  # focus, now wired
        self._confirm_welcome()
        self._startup_notices(recovered)
        QTimer.singleShot(50, self._after_shown)

    def _looks_like_first_run(self) -> bool:
        """A guess made without the keyring (slow to load); see _confirm_welcome."""
        settings = self.c.settings
        if settings.key_from_env:
            return False
        return settings.settings.active_profile.id == DEFAULT_PROFILE.id

    def _wire(self) -> None:
        from desktop_app.services.window_transfer import WindowTransfer
        from desktop_app.ui.chat_controller import ChatController
        from desktop_app.ui.main_presenter import MainPresenter

        c = self.c
        chat = c.start_network()
        controller = ChatController(
            chat, c.history, lambda: c.renderer, self.window.chat_view, c.tasks, self.window
        )
        controller.code_theme = self._code_theme
        controller.model_titles = lambda: c.settings.settings.model_titles
        controller.auto_titles = lambda: c.settings.settings.auto_title
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
        notice = None if c.settings.key_from_env else c.settings.secure_notice()
        if notice:
            self.window.notices.show_notice("warning", notice)

    def _after_shown(self) -> None:
        """Work that must not delay the first paint."""
        if self.c.backend is not None:
            self.c.backend.get()  # build the HTTP client now, not on the first send
        if self.presenter is not None:
            # One lexer per loop turn: a first-use compile mid-reply cost 30-57 ms.
            self.presenter.controller.warm_up_renderer()
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
        import asyncio

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
        settings = self.c.settings.settings
        self.window.composer.set_send_key(settings.send_key)
        self.theme.set_font_size(settings.font_size, restyle=False)
        self.theme.apply(settings.theme)

    def _list_models(self) -> object:
        backend = self.c.backend
        return backend.list_models() if backend is not None else None

    def _open_settings(self) -> None:
        from desktop_app.ui.settings_dialog import SettingsDialog

        if self.settings_window is None:
            dialog = SettingsDialog(self.c.settings, self.window)
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
