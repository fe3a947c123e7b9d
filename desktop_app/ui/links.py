"""Opening a clicked link without handing the browser our secrets.

A browser started from the app is its child: it inherits the environment,
``AFARENSIS_API_KEY`` and ``OPENAI_API_KEY`` included, and so do its
extensions and helpers. Where we can start the launcher ourselves (Linux's
``xdg-open``, macOS's ``open``) we pass it a scrubbed environment; where only
the shell can open a URL (Windows' ``ShellExecute``, no environment
parameter) the secrets leave ``os.environ`` for the duration of that one
synchronous call. Model-written ``mailto:`` links are cut to ``subject`` and
``body``: ``attach=`` or ``cc=`` could make the mail client send a file or
copy a stranger.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager

from PySide6.QtCore import QObject, QTimer, QUrl, QUrlQuery
from PySide6.QtGui import QDesktopServices

SECRET_SUFFIXES = ("_API_KEY", "_TOKEN", "_SECRET", "_PASSWORD", "_ACCESS_KEY", "_APIKEY")
MAILTO_KEPT = ("subject", "body")
#: How long a launcher's exit status is watched for a failure.
LAUNCH_WATCH_S = 10.0


def is_secret_name(name: str) -> bool:
    """True for variables that by convention hold a credential."""
    upper = name.upper()
    return upper in ("API_KEY", "TOKEN") or upper.endswith(SECRET_SUFFIXES)


def scrubbed_env(env: Mapping[str, str]) -> dict[str, str]:
    """``env`` without the variables that look like credentials."""
    return {k: v for k, v in env.items() if not is_secret_name(k)}


def safe_mailto(url: QUrl) -> QUrl:
    """A ``mailto:`` URL keeping only its ``subject`` and ``body`` parameters."""
    query = QUrlQuery(url)
    kept = QUrlQuery()
    for name, value in query.queryItems(QUrl.ComponentFormattingOption.FullyEncoded):
        if name.lower() in MAILTO_KEPT:
            kept.addQueryItem(name, value)
    clean = QUrl(url.toString(QUrl.ComponentFormattingOption.FullyEncoded).split("?", 1)[0])
    if not kept.isEmpty():
        clean.setQuery(kept)
    return clean


@contextmanager
def _secrets_hidden() -> Iterator[None]:
    """Take credentials out of ``os.environ`` for one synchronous call (UI thread)."""
    hidden = {k: v for k, v in os.environ.items() if is_secret_name(k)}
    for name in hidden:
        del os.environ[name]
    try:
        yield
    finally:
        os.environ.update(hidden)


def _launcher() -> list[str] | None:
    if sys.platform == "darwin":
        return ["/usr/bin/open"]
    if sys.platform.startswith(("linux", "freebsd", "openbsd", "netbsd")):
        return ["xdg-open"]
    return None


def open_link(
    url: QUrl,
    context: QObject,
    on_failure: Callable[[], None],
    launcher: Sequence[str] | None = None,
) -> None:
    """Open ``url`` like :func:`open_external`, and call ``on_failure`` if nothing could.

    ``xdg-open`` starts fine and fails later when no browser is configured:
    its exit status is watched (on the loop, with ``context`` as the timers'
    owner, so nothing fires after ``context`` is gone) for a few seconds.
    """
    if url.scheme().lower() == "mailto":
        url = safe_mailto(url)
    command = list(launcher) if launcher is not None else _launcher()
    process = _spawn(command, url) if command is not None else None
    if process is None:
        with _secrets_hidden():
            if not QDesktopServices.openUrl(url):
                on_failure()
        return
    deadline = time.monotonic() + LAUNCH_WATCH_S

    def poll() -> None:
        code = process.poll()
        if code is None:
            if time.monotonic() < deadline:
                QTimer.singleShot(200, context, poll)
        elif code != 0:
            on_failure()

    QTimer.singleShot(200, context, poll)


def _spawn(command: list[str], url: QUrl) -> subprocess.Popen[bytes] | None:
    try:
        return subprocess.Popen(  # a fixed opener and one URL argument, no shell
            [*command, url.toString(QUrl.ComponentFormattingOption.FullyEncoded)],
            env=scrubbed_env(os.environ),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
    except OSError:
        return None  # no opener installed: let Qt try (portal, desktop services)


def open_external(url: QUrl, launcher: Sequence[str] | None = None) -> bool:
    """Open ``url`` in the user's browser or mail client, without our secrets.

    ``launcher`` overrides the platform's opener (tests pass a script that
    records what it was given). Returns whether the URL was handed on.
    """
    if url.scheme().lower() == "mailto":
        url = safe_mailto(url)
    command = list(launcher) if launcher is not None else _launcher()
    if command is not None and _spawn(command, url) is not None:
        return True
    with _secrets_hidden():
        return bool(QDesktopServices.openUrl(url))
