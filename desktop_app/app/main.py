"""Start the GUI: window first, everything else after it is on screen."""

from __future__ import annotations

import asyncio
import logging
import sys
import time

from PySide6.QtCore import QByteArray, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop_app import APP_ID, APP_NAME, __version__
from desktop_app.app.container import Container, Window, build_window
from desktop_app.app.crash_log import configure_logging, install_excepthook
from desktop_app.app.loop import create_loop, run_until_quit
from desktop_app.app.paths import AppPaths
from desktop_app.core.errors import AfarensisError
from desktop_app.core.notices import Notice
from desktop_app.core.settings import DEFAULT_PROFILE
from desktop_app.resources_path import resource_path
from desktop_app.store.settings_file import load_state, save_state

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
    session = GuiSession(app, container, build_window(container, app), quit_requested)
    run_until_quit(loop, session.startup, session.shutdown, quit_requested)
    return 0


class GuiSession:
    """Runs start-up and shutdown of the built graph on the loop (no wiring here)."""

    def __init__(
        self, app: QApplication, container: Container, window: Window, quit_event: asyncio.Event
    ) -> None:
        self.app = app
        self.c = container
        self.w = window
        window.main.quit_requested.connect(quit_event.set)

    async def startup(self) -> None:
        """Show the window, then load what is slow.

        Everything the window needs to react to input was connected when it
        was built; markdown/Pygments, httpx and the keyring (~250 ms together)
        load after the first paint, on first use or from ``_after_shown``.
        """
        c, w = self.c, self.w
        interrupted = c.history.recover_interrupted()
        if interrupted and not c.reporter.pending:  # a recovered file says more
            c.reporter.report(
                Notice.warning(
                    w.main.tr(
                        "%1 reply(s) were interrupted when the app last closed; "
                        "their partial text was kept."
                    ).replace("%1", str(interrupted))
                )
            )
        w.presenter.open(None)
        install_excepthook(w.presenter.report_unexpected)
        w.model.reload()  # the first page of conversations, before the first paint
        state = load_state(c.paths.state_file)
        w.main.restore_state(
            QByteArray(state.get("geometry", b"")), QByteArray(state.get("splitter", b""))
        )
        first_run = self._looks_like_first_run()
        w.main.show_welcome(first_run)
        w.main.show()
        w.main.show_welcome(first_run)  # again, to focus what is visible
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

    def _confirm_welcome(self) -> None:
        """Now that the keyring may be read: welcome only if there is no key."""
        focused = QApplication.focusWidget()
        welcome = self.w.presenter.needs_welcome()
        if welcome != self.w.main.welcome.isVisible():
            self.w.main.show_welcome(welcome)
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
        c.reporter.attach(self.w.main.notices)

    def _after_shown(self) -> None:
        """Work that must not delay the first paint."""
        self.c.backend.prepare()  # build the HTTP client now, not on the first send
        # One lexer per loop turn: a first-use compile mid-reply cost 30-57 ms.
        self.w.controller.warm_up_renderer()
        self.c.tasks.start("backup", self._daily_backup())
        if not self.w.main.welcome.isVisible():
            # Nothing goes on the network before the user has chosen a server:
            # on first run the models are fetched once the welcome form is done.
            self.c.tasks.start("models", self.w.presenter.refresh_models())

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
        self.w.presenter.save_draft()
        window = self.w.main
        try:
            save_state(
                self.c.paths.state_file,
                {
                    "geometry": bytes(window.saveGeometry().data()),
                    "splitter": bytes(window.splitter.saveState().data()),
                },
            )
        except OSError as error:
            log.warning("window state not saved: %s", error)
        window.hide()
        await self.c.close()
        self.app.quit()
