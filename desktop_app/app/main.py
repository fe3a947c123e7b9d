"""Start the GUI: the window's first frame first, everything else after it.

Only what paints the window loads before its first frame: the window's
widgets, the store and the settings (``Foundation``, ``paint_window``).
asyncio and qasync, the chat and tool services, the controller and the
presenter (~150 ms of imports) load right after it, and are wired before
the event loop hands the user's input to anything (docs/ARCHITECTURE.md,
"Start-up"; tests/unit/app/test_first_paint_imports.py).
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop_app import APP_ID, APP_NAME, __version__
from desktop_app.app.container import Foundation, paint_window
from desktop_app.app.crash_log import configure_logging
from desktop_app.app.first_frame import EarlyQuit, show_first_frame
from desktop_app.app.paths import AppPaths
from desktop_app.app.single_instance import SingleInstance
from desktop_app.core.errors import AfarensisError
from desktop_app.resources_path import resource_path
from desktop_app.services.secret_writes import settle_keyring_threads

log = logging.getLogger(__name__)


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
        early_quit = EarlyQuit()  # a SIGTERM from here on quits in order, once the loop runs
        try:
            foundation = Foundation.open(paths)
        except AfarensisError as error:
            QMessageBox.critical(None, APP_NAME, error.message)
            return 2
        shell = paint_window(foundation, app)
        show_first_frame(app, shell, foundation)
        # Loaded after the first frame: asyncio, qasync and the wiring.
        from desktop_app.app.loop import create_loop, run_until_quit
        from desktop_app.app.session import GuiSession

        loop = create_loop(app)
        session = GuiSession.wire(app, foundation, shell, early_quit)
        instance.activated.connect(session.raise_window)
        run_until_quit(loop, session.startup, session.shutdown, session.quit_requested)
        if not settle_keyring_threads():
            # The history is closed and the log flushed; a keyring call that
            # never returns must not meet the interpreter's teardown.
            log.warning("a keyring call was still waiting at exit; ending without it")
            instance.release()
            logging.shutdown()
            os._exit(0)
        return 0
    finally:
        instance.release()
