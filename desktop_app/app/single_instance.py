"""One running app per history: a second launch raises the first window and exits.

Why: two processes on one history each believe they own it. The second
marked the first one's live reply ``interrupted`` at its start-up and shared
(then removed) the ``.running`` marker, so a crash of either went unnoticed.

How: a ``QLockFile`` in the data folder says who owns the history. Qt writes
the owner's PID into it and, with a stale time of 0, treats the lock as stale
only when that process is gone, so a lock left by a crash (or a SIGKILL) is
taken over at the next start. A second launch drops a request file into the
``instance/`` folder, which the owner watches (``QFileSystemWatcher``), and
exits; the owner raises its window. Files rather than ``QLocalServer``:
QtNetwork is left out of the bundle on purpose (httpx does our networking),
and this needs nothing beyond QtCore. Portable installs with other data
folders are other histories and run side by side.
"""

from __future__ import annotations

import contextlib
import logging
import os
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QLockFile, QObject, Signal

log = logging.getLogger(__name__)

LOCK_NAME = "instance.lock"
REQUESTS_DIR = "instance"
REQUEST_PREFIX = "activate-"


class SingleInstance(QObject):
    """Owns the history folder's lock while the app runs.

    Signals:
        activated: a second launch asked this one to show its window.
    """

    activated = Signal()

    def __init__(self, data_dir: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._requests = data_dir / REQUESTS_DIR
        self._lock = QLockFile(str(data_dir / LOCK_NAME))
        self._lock.setStaleLockTime(0)  # stale only when the owner's PID is gone

    def acquire(self) -> bool:
        """True when this process now owns the history; False: the owner was told."""
        if self._lock.tryLock(0):
            self._listen()
            return True
        if self._lock.error() == QLockFile.LockError.LockFailedError:
            self._tell_owner()
            return False
        # A read-only folder or an odd file system: running unlocked beats
        # not running at all (the history itself then says what it can't do).
        log.warning("instance lock unavailable (%s); continuing", self._lock.error())
        return True

    def release(self) -> None:
        if self._lock.isLocked():
            self._lock.unlock()

    def _listen(self) -> None:
        try:
            self._requests.mkdir(exist_ok=True)
        except OSError as error:
            log.warning("second launches cannot reach this one: %s", error)
            return
        self._take_requests()  # left by launches while no copy ran
        # Parented to self: it lives, and watches, as long as the lock is held.
        watcher = QFileSystemWatcher([str(self._requests)], self)
        watcher.directoryChanged.connect(self._changed)

    def _changed(self, _path: str) -> None:
        if self._take_requests():
            log.info("a second launch asked for this window")
            self.activated.emit()

    def _take_requests(self) -> bool:
        found = False
        with contextlib.suppress(OSError):
            for request in self._requests.glob(f"{REQUEST_PREFIX}*"):
                with contextlib.suppress(FileNotFoundError):
                    request.unlink()
                    found = True
        return found

    def _tell_owner(self) -> None:
        try:
            self._requests.mkdir(exist_ok=True)
            (self._requests / f"{REQUEST_PREFIX}{os.getpid()}").touch()
        except OSError as error:
            log.warning("could not ask the running copy to show itself: %s", error)
