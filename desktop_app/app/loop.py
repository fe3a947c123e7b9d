"""The one asyncio loop, running on Qt's event loop (the only qasync import).

Two workarounds live here, each measured on our machines
(see ``docs/ARCHITECTURE.md`` §7):

* qasync 0.28's ``QEventLoop`` never installs the async-generator hooks, so
  an httpx stream left un-drained (we stop reading at ``[DONE]``) is never
  finalised by the loop and prints ``async generator ignored GeneratorExit``
  at shutdown. We install the hooks the base event loop provides and call
  ``shutdown_asyncgens()`` on the way out. ``contextlib.aclosing()`` alone
  did not help.
* PySide6 6.12.0 drops a reference to ``True`` on every signal
  ``disconnect()`` on Python 3.11, and qasync disconnects a socket notifier
  each time a reader is removed, which eventually aborts the process. The
  dependency pin (<6.12) avoids it; ``tests/unit/app/test_pyside_refcount.py``
  guards it.
"""

from __future__ import annotations

import asyncio
import signal
import sys
from collections.abc import Awaitable, Callable

import qasync
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication


def create_loop(app: QApplication) -> qasync.QEventLoop:
    """Create the qasync loop for ``app``, install it and the asyncgen hooks."""
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    sys.set_asyncgen_hooks(
        firstiter=loop._asyncgen_firstiter_hook,
        finalizer=loop._asyncgen_finalizer_hook,
    )
    return loop


def _quit_on_signals(loop: qasync.QEventLoop, quit_requested: asyncio.Event) -> None:
    """SIGTERM (logout, ``kill``) and Ctrl+C quit in order, like Ctrl+Q.

    Python runs signal handlers only when the interpreter gets control, which
    Qt's C++ event loop never gives it while idle; a slow no-op timer lets
    the handler run within a quarter second.
    """

    def request_quit(_signum: int, _frame: object) -> None:
        loop.call_soon_threadsafe(quit_requested.set)

    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, request_quit)
    ticker = QTimer(QApplication.instance())
    ticker.timeout.connect(lambda: None)
    ticker.start(250)


def run_until_quit(
    loop: qasync.QEventLoop,
    startup: Callable[[], Awaitable[None]],
    shutdown: Callable[[], Awaitable[None]],
    quit_requested: asyncio.Event,
) -> None:
    """Run ``startup``, wait for ``quit_requested``, then ``shutdown``, in order.

    Quitting is an asyncio event rather than ``QApplication.quit()`` so that
    ``shutdown`` (cancel turns → close the HTTP client → close the database)
    runs while the loop is still alive. If Qt ends its loop by itself (the
    desktop session ending), the shutdown is run in a second pass.
    """
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    app.setQuitOnLastWindowClosed(False)
    app.aboutToQuit.connect(quit_requested.set)
    _quit_on_signals(loop, quit_requested)

    async def finish() -> None:
        await shutdown()
        await loop.shutdown_asyncgens()

    async def main() -> None:
        await startup()
        await quit_requested.wait()
        await finish()

    with loop:
        task = loop.create_task(main())
        try:
            loop.run_until_complete(task)
        except RuntimeError:
            # "Event loop stopped before Future completed": Qt quit on its own
            # (aboutToQuit already set quit_requested); let main() finish.
            loop.run_until_complete(task)
