"""Guard for the PySide6 6.12.0 bug that aborts the app (docs/ARCHITECTURE.md §7).

On Python 3.11, 6.12.0 drops one reference to ``True`` per signal
``disconnect()``; qasync disconnects a socket notifier whenever a reader is
removed, so any HTTP traffic eventually kills the process with
``Fatal Python error: bool_dealloc``. If someone loosens the pin, this fails.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal


class _Emitter(QObject):
    fired = Signal()


def _slot() -> None:
    """A plain function connected and disconnected repeatedly."""


def test_disconnect_does_not_leak_references_to_true() -> None:
    emitter = _Emitter()
    before = sys.getrefcount(True)
    for _ in range(500):
        emitter.fired.connect(_slot)
        emitter.fired.disconnect(_slot)
    after = sys.getrefcount(True)
    # Python 3.12+ makes True immortal (huge constant refcount); on 3.11 a
    # broken PySide6 loses ~500 here. Allow small unrelated noise.
    assert abs(after - before) < 50, f"refcount of True moved {before} -> {after}"
