"""The log file never holds a key, and an uncaught exception reaches the user."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from desktop_app.app.crash_log import LOG_NAME, configure_logging, install_excepthook

KEY = "sk-proj-ABCDEFGHIJKLMNOPQRSTUV123456"


def test_the_log_file_rotates_and_never_holds_a_key(tmp_path: Path) -> None:
    root = logging.getLogger()
    before = list(root.handlers)
    try:
        path = configure_logging(tmp_path / "logs")
        assert path == tmp_path / "logs" / LOG_NAME
        logging.getLogger("desktop_app.api").warning("request failed with key %s", KEY)
        logging.getLogger("desktop_app.api").warning("Authorization: Bearer %s", KEY[3:])
        for handler in root.handlers:
            handler.flush()
        text = path.read_text(encoding="utf-8")
        assert "request failed with key [redacted]" in text
        assert KEY not in text and KEY[3:] not in text
    finally:
        for handler in root.handlers[:]:
            if handler not in before:
                root.removeHandler(handler)
                handler.close()


def test_an_uncaught_exception_is_logged_and_reported(tmp_path: Path) -> None:
    reported: list[tuple[str, str]] = []
    saved = sys.excepthook
    try:
        install_excepthook(lambda summary, details: reported.append((summary, details)))
        try:
            raise ValueError(f"boom with {KEY}")
        except ValueError as error:
            sys.excepthook(ValueError, error, error.__traceback__)
    finally:
        sys.excepthook = saved
    [(summary, details)] = reported
    assert summary.startswith("ValueError: boom")
    assert "Traceback" in details and "test_crash_log.py" in details
    assert KEY not in summary + details


def test_records_logged_before_the_file_opens_reach_it_in_order(tmp_path: Path) -> None:
    """The file opens after the first frame; what start-up logged before is kept."""
    from desktop_app.app.crash_log import open_log_file

    root = logging.getLogger()
    before = list(root.handlers)
    try:
        path = configure_logging(tmp_path / "logs")
        assert path is not None
        logging.getLogger("desktop_app.app.main").warning("window shown after 1 ms")
        assert not path.exists()  # nothing opened before the first frame
        open_log_file()
        logging.getLogger("desktop_app.app.main").warning("first frame after 2 ms")
        text = path.read_text(encoding="utf-8")
        assert text.index("window shown after 1 ms") < text.index("first frame after 2 ms")
    finally:
        for handler in root.handlers[:]:
            if handler not in before:
                root.removeHandler(handler)
                handler.close()
