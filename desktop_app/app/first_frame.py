"""The window's first frame, painted before the event loop runs.

``app/main.py`` shows the painted-but-unwired window (``container.Shell``)
and lets Qt draw it once with the user's input held back
(``ExcludeUserInputEvents``); the controller, presenter and asyncio load
after that, and the event loop that delivers input starts only once every
widget is connected. A key pressed meanwhile waits in the queue, never lost.
"""

from __future__ import annotations

import logging
import signal
import time

from PySide6.QtCore import QByteArray, QElapsedTimer, QEvent, QEventLoop, QObject, QTimer
from PySide6.QtWidgets import QApplication

from desktop_app.app.container import Foundation, Shell
from desktop_app.core.settings import DEFAULT_PROFILE
from desktop_app.services.settings_service import SettingsService
from desktop_app.store.settings_file import load_state

log = logging.getLogger(__name__)
#: The clock at import, when ``app/main.py`` loads (as the CLI hands over to the GUI).
START = time.perf_counter()
#: How long start-up waits for the first frame before it loads the rest anyway
#: (a window system that never exposes the window must not stall start-up).
FIRST_FRAME_TIMEOUT_MS = 500


class EarlyQuit:
    """SIGTERM (logout, ``kill``) or Ctrl+C before the event loop runs: kept for it.

    The window is on screen before the loop that installs the real handlers
    (``app/loop.py``) runs; without this, the default action ended the
    process right there, its history not closed. The session acts on a
    request kept here as soon as the loop runs (``GuiSession.startup``).
    """

    def __init__(self) -> None:
        self.requested = False
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, self._note)

    def _note(self, _signum: int, _frame: object) -> None:
        self.requested = True


def looks_like_first_run(settings: SettingsService) -> bool:
    """A guess made without the keyring (slow to load); confirmed once it is read."""
    if settings.key_from_env:
        return False
    return settings.settings.active_profile.id == DEFAULT_PROFILE.id


class _PaintSpy(QObject):
    """Notices the first paint of the window it watches."""

    painted = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        del watched
        if event.type() == QEvent.Type.Paint:
            self.painted = True
        return False


def show_first_frame(app: QApplication, shell: Shell, foundation: Foundation) -> None:
    """Show the window where it was last, welcome or composer focused, and paint it."""
    window = shell.main
    state = load_state(foundation.paths.state_file)
    window.restore_state(
        QByteArray(state.get("geometry", b"")), QByteArray(state.get("splitter", b""))
    )
    first_run = looks_like_first_run(foundation.settings)
    window.show_welcome(first_run)
    window.show()
    window.show_welcome(first_run)  # again, to focus what is visible
    log.info(
        "window shown after %.0f ms, %.0f ms of CPU since the process started",
        (time.perf_counter() - START) * 1000,
        time.process_time() * 1000,
    )
    spy = _PaintSpy(window)
    window.installEventFilter(spy)
    waker = QTimer(window)  # WaitForMoreEvents must not wait past the deadline
    waker.start(10)
    clock = QElapsedTimer()
    clock.start()
    held = QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents
    while not spy.painted and clock.elapsed() < FIRST_FRAME_TIMEOUT_MS:
        app.processEvents(held | QEventLoop.ProcessEventsFlag.WaitForMoreEvents)
    app.processEvents(held)
    waker.stop()
    waker.deleteLater()
    window.removeEventFilter(spy)
    spy.deleteLater()
    log.info("first frame after %.0f ms", (time.perf_counter() - START) * 1000)
