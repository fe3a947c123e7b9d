"""The app's log file and its last word on an unexpected exception.

Logs go to stderr and to ``logs/afarensis-chat.log`` (rotated at 1 MB, three
kept), so a user can attach them to a report. Nothing logged carries an API
key: the API layer redacts keys before they reach a message, and the file
handler runs every record through :func:`redact` as a second guard against
``sk-…``-shaped strings and ``Authorization`` values.

An exception that escapes a Qt slot would otherwise print to a terminal the
user never sees; :func:`install_excepthook` logs it with its traceback and
hands a one-line summary to ``report`` (the window shows it with "Copy
details").
"""

from __future__ import annotations

import logging
import re
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

LOG_NAME = "afarensis-chat.log"
_SECRETS = re.compile(
    r"(sk-[A-Za-z0-9_\-]{8,}|(?i:bearer)\s+[A-Za-z0-9._\-]{8,}|(?i:api[-_]?key)[\"']?\s*[:=]\s*[\"']?[^\s\"',]{6,})"
)


def redact(text: str) -> str:
    """Key-shaped substrings replaced by ``[redacted]``."""
    return _SECRETS.sub("[redacted]", text)


class _RedactingFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record))


class _DeferredFileHandler(logging.Handler):
    """The rotating log file, opened once the window has painted.

    ``logging.handlers`` imports socket, pickle and queue (~15 ms before the
    first frame). Until :meth:`open` the few start-up records wait here;
    ``flush`` and ``close`` (``logging.shutdown`` at exit) open the file too,
    so none is lost on the way out.
    """

    def __init__(self, path: Path, formatter: logging.Formatter) -> None:
        super().__init__()
        self.path = path
        self.setFormatter(formatter)
        self._file: logging.Handler | None = None
        self._waiting: list[logging.LogRecord] = []

    def open(self) -> logging.Handler:
        if self._file is None:
            import logging.handlers

            handler = logging.handlers.RotatingFileHandler(
                self.path, maxBytes=1_000_000, backupCount=3, encoding="utf-8", delay=True
            )
            handler.setFormatter(self.formatter)
            self._file = handler
            for record in self._waiting:
                handler.handle(record)
            self._waiting.clear()
        return self._file

    def emit(self, record: logging.LogRecord) -> None:
        if self._file is not None:
            self._file.handle(record)
        elif len(self._waiting) < 10_000:
            self._waiting.append(record)

    def flush(self) -> None:
        self.open().flush()

    def close(self) -> None:
        if self._file is not None or self._waiting:
            self.open().close()
        super().close()


def configure_logging(logs_dir: Path) -> Path | None:
    """Log to stderr and to a rotating file; the file's path (None if unwritable).

    The file is opened by :func:`open_log_file` (after the first frame), at
    the first flush, or at exit; records logged before wait in memory.
    """
    formatter = _RedactingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    root = logging.getLogger()
    root.setLevel(logging.INFO)
    stream = logging.StreamHandler()
    stream.setFormatter(formatter)
    root.addHandler(stream)
    path = logs_dir / LOG_NAME
    try:
        logs_dir.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None  # a read-only data folder: keep the window, lose the file
    root.addHandler(_DeferredFileHandler(path, formatter))
    return path


def open_log_file() -> None:
    """Open the log file that :func:`configure_logging` deferred (idempotent)."""
    for handler in logging.getLogger().handlers:
        if isinstance(handler, _DeferredFileHandler):
            handler.open()


def install_excepthook(report: Callable[[str, str], None]) -> None:
    """Log uncaught exceptions and tell ``report(summary, details)`` about them."""
    log = logging.getLogger("desktop_app.crash")

    def hook(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, error, tb)
            return
        details = redact("".join(traceback.format_exception(kind, error, tb)))
        log.error("unexpected error\n%s", details)
        try:
            report(redact(f"{kind.__name__}: {error}"), details)
        except Exception:  # the hook itself must never raise
            log.exception("could not show the error")

    sys.excepthook = hook
