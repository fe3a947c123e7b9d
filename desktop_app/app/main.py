"""Start the GUI: window first, everything else after it is on screen."""

from __future__ import annotations

import asyncio
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
from desktop_app.core.errors import AfarensisError
from desktop_app.core.notices import Notice
from desktop_app.core.settings import DEFAULT_PROFILE
from desktop_app.resources_path import resource_path
from desktop_app.services.reporting import reporting
from desktop_app.services.window_transfer import WindowTransfer
from desktop_app.store.settings_file import load_state, save_state
from desktop_app.ui.chat_controller import ChatController
from desktop_app.ui.conversations_model import ConversationsModel
from desktop_app.ui.main_presenter import MainPresenter
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.style import ThemeManager

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
    try:
        container = Container.build(paths)
    except AfarensisError as error:
        QMessageBox.critical(None, APP_NAME, error.message)
        return 2
    loop = create_loop(app)
    quit_requested = asyncio.Event()
    gui = _Gui(app, container, quit_requested)
    run_until_quit(loop, gui.startup, gui.shutdown, quit_requested)
    return 0


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
            # A rename the history refuses says why (the title stays as it was).
            rename=reporting(container.reporter, container.history.rename, None),
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
        interrupted = c.history.recover_interrupted()
        if interrupted and not c.reporter.pending:  # a recovered file says more
            c.reporter.report(
                Notice.warning(
                    self.window.tr(
                        "%1 reply(s) were interrupted when the app last closed; "
                        "their partial text was kept."
                    ).replace("%1", str(interrupted))
                )
            )
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
        self._confirm_welcome()
        self._startup_notices()
        QTimer.singleShot(50, self._after_shown)

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
            chat,
            c.history,
            lambda: c.renderer,
            self.window.chat_view,
            c.tasks,
            self.window,
            reporter=c.reporter,
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
            reporter=c.reporter,
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

    def _startup_notices(self) -> None:
        """What start-up has to say, now that the first frame is painted.

        The secure-storage notice asks the keyring, slow to load, so it comes
        last; a damaged history moved aside was reported while opening it.
        """
        c = self.c
        notice = None if c.settings.key_from_env else c.settings.secure_notice()
        if notice:
            c.reporter.report(Notice.warning(notice))
        c.reporter.attach(self.window.notices)

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
