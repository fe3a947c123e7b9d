"""The running app: start-up work after the window is wired, and shutdown.

``app/main.py`` paints the window (``app/first_frame.py``), then builds this
over the completed graph before the event loop runs; everything slow
(keyring, HTTP client, backup, integrity check) happens from here once the
window is up.
"""

from __future__ import annotations

import asyncio
import logging

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from desktop_app.app.container import Container, Foundation, Shell, Window, wire_window
from desktop_app.app.crash_log import install_excepthook, open_log_file
from desktop_app.app.first_frame import EarlyQuit, looks_like_first_run
from desktop_app.app.heap import freeze_startup_objects
from desktop_app.core.errors import AfarensisError
from desktop_app.core.notices import Notice
from desktop_app.services.secret_writes import in_daemon_thread, keep_secrets
from desktop_app.services.unsaved_on_quit import keep_unsaved
from desktop_app.store.settings_file import save_state

log = logging.getLogger(__name__)


class GuiSession:
    """Runs start-up and shutdown of the built graph on the loop (no wiring here)."""

    def __init__(
        self,
        app: QApplication,
        container: Container,
        window: Window,
        quit_event: asyncio.Event,
        early_quit: EarlyQuit | None = None,
    ) -> None:
        self.app = app
        self.c = container
        self.w = window
        self.quit_requested = quit_event
        self._early_quit = early_quit
        window.main.quit_requested.connect(quit_event.set)

    @classmethod
    def wire(
        cls,
        app: QApplication,
        foundation: Foundation,
        shell: Shell,
        early_quit: EarlyQuit | None = None,
    ) -> GuiSession:
        """Complete the graph over the painted window and open the new chat.

        Called after the first frame and before the event loop runs: the
        input the user gave meanwhile is delivered to a window that is wired
        and showing the chat it will keep showing.
        """
        container = Container.complete(foundation)
        window = wire_window(container, shell)
        session = cls(app, container, window, asyncio.Event(), early_quit)
        session._open_window()
        return session

    def _open_window(self) -> None:
        c, w = self.c, self.w
        interrupted = c.foundation.interrupted
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
        w.main.show_welcome(looks_like_first_run(c.settings))  # focus, now wired

    async def startup(self) -> None:
        """Load what is slow, with the window already on screen and wired.

        markdown/Pygments, httpx and the keyring (~250 ms together) load
        now, on first use or from ``_after_shown``.
        """
        c, w = self.c, self.w
        if self._early_quit is not None and self._early_quit.requested:
            self.quit_requested.set()  # a SIGTERM came while the window was being wired
        open_log_file()  # logging.handlers (~15 ms) waits until the frame is painted
        c.reporter.attach(w.main.notices)
        # The keyring (import, D-Bus, maybe a prompt) is read on a worker
        # thread while the window already takes input; what needs the key
        # (the welcome check, the HTTP client) follows once it is read.
        c.tasks.start("keyring", self._keyring_ready())

    async def _keyring_ready(self) -> None:
        await self._preload_keys()
        self.c.backend.reconfigure()  # a client built by an early send gets the secrets
        self._confirm_welcome()
        self._secure_storage_notice()
        QTimer.singleShot(50, self._after_shown)

    async def _preload_keys(self) -> None:
        """Every start-up keyring call on a worker thread (a locked keyring blocks)."""
        try:
            await self.c.settings.load_secrets()  # profile secrets too, then merged
            entries = self.c.tools.secret_entries()  # tool servers' env, headers, consent
            if entries:
                await in_daemon_thread(self.c.foundation.secrets.preload, entries)
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
            self.c.reporter.report(
                Notice.warning(
                    self.w.main.tr(
                        "A check after the last crash found damage in your history file "
                        "(details are in the log). Export your conversations now to keep "
                        "a copy of what can still be read."
                    )
                )
            )

    def raise_window(self) -> None:
        """A second launch: bring this window forward instead of a second app."""
        window = self.w.main
        if window.isMinimized():
            window.showNormal()
        window.show()
        window.raise_()
        window.activateWindow()
        log.info("window raised for a second launch")

    def _confirm_welcome(self) -> None:
        """Now that the keyring may be read: welcome only if there is no key."""
        focused = QApplication.focusWidget()
        welcome = self.w.presenter.needs_welcome()
        if welcome != self.w.main.welcome.isVisible():
            self.w.main.show_welcome(welcome)
        elif focused is not None and focused.isVisible():
            focused.setFocus()  # the user may already be typing (e.g. the key)

    def _secure_storage_notice(self) -> None:
        """Keys kept in memory only: said once the keyring has been read.

        A damaged history moved aside was reported while opening it, and
        shows as soon as the window is painted.
        """
        c = self.c
        notice = None if c.settings.key_from_env else c.settings.secure_notice()
        if notice:
            c.reporter.report(Notice.warning(notice))

    def _after_shown(self) -> None:
        """Work that must not delay the first paint."""
        freeze_startup_objects()  # full GC passes skip start-up's objects from now on
        self.c.backend.prepare()  # build the HTTP client now, not on the first send
        # One lexer per loop turn: a first-use compile mid-reply cost 30-57 ms.
        self.w.controller.warm_up_renderer()
        if self.c.needs_integrity_check:
            self.c.tasks.start("integrity", self._check_integrity())
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
        # Turns end first (their final writes may be refused too), then
        # nothing a full disk held back is dropped without the user's say.
        await self.c.tasks.cancel_all()
        from desktop_app.ui.unsaved_dialogs import UnsavedDialogs

        dialogs = UnsavedDialogs(window)
        await keep_unsaved(self.c.store, dialogs.ask, dialogs.choose_copy)
        await keep_secrets(self.c.foundation.secrets, dialogs.ask_keys)
        window.hide()
        await self.c.close()
        self.app.quit()
