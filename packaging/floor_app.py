"""The start-up floor: the least a PySide6 chat window can be.

One QListWidget and one QTextBrowser in a QMainWindow, frozen with the same
spec and Qt trimming as the app. It prints ``shown <epoch seconds>`` when the
window is first exposed and quits right after (``--stay`` keeps it open, for
probes that watch the window from outside), so bench/packaging_size.py can
time launch → window shown and compare the bundle sizes against ours.
"""

from __future__ import annotations

import sys
import time

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QListWidget, QMainWindow, QSplitter, QTextBrowser


class _ShownProbe(QObject):
    """Prints the time of the window's first Expose, then quits the app (unless told to stay)."""

    stay = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Expose and not getattr(self, "_done", False):
            self._done = True
            print(f"shown {time.time():.6f}", flush=True)
            if not self.stay:
                QTimer.singleShot(0, QApplication.quit)
        return False


def main() -> int:
    app = QApplication(sys.argv)
    window = QMainWindow()
    splitter = QSplitter()
    splitter.addWidget(QListWidget())
    splitter.addWidget(QTextBrowser())
    window.setCentralWidget(splitter)
    window.resize(900, 600)
    probe = _ShownProbe()
    probe.stay = "--stay" in sys.argv[1:]
    window.windowHandle() or window.winId()  # create the native window to filter it
    handle = window.windowHandle()
    (handle or window).installEventFilter(probe)
    window.show()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
