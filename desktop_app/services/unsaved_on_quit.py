"""Quitting while a full disk still holds writes back: never silently.

The store keeps refused writes in memory; closing the app would drop them,
after the window had said "nothing is lost". So before closing, the app
tries once more, and while that fails it asks: try again, save a complete
copy of the history (with everything waiting) somewhere else, or quit and
lose them (named plainly). Qt-free: the questions come in as coroutines so
the rules are tested without a dialog (the dialogs are in ``ui/unsaved_dialogs.py``, opened
with ``open()`` and awaited, never a blocking ``exec()`` in a coroutine).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from enum import StrEnum
from pathlib import Path
from typing import Protocol

from desktop_app.core.errors import StorageError

log = logging.getLogger(__name__)


class Choice(StrEnum):
    RETRY = "retry"
    SAVE_COPY = "save-copy"
    DISCARD = "discard"


class PendingStore(Protocol):
    @property
    def pending_writes(self) -> int: ...

    def retry_pending(self) -> bool: ...

    def save_copy_with_pending(self, dest: Path) -> int: ...


async def keep_unsaved(
    store: PendingStore,
    ask: Callable[[int, str], Awaitable[Choice]],
    choose_file: Callable[[], Awaitable[Path | None]],
) -> str:
    """Resolve queued writes before the history closes; returns what happened.

    ``ask(count, problem)`` gets the number of unsaved changes and, after a
    failed copy, why it failed ("" otherwise). ``choose_file`` picks where a
    copy goes (None: the user cancelled, and is asked again).
    """
    problem = ""
    while store.pending_writes and not store.retry_pending():
        choice = await ask(store.pending_writes, problem)
        problem = ""
        if choice is Choice.RETRY:
            continue
        if choice is Choice.DISCARD:
            log.error("quit with %d unsaved history writes, by choice", store.pending_writes)
            return "discarded"
        dest = await choose_file()
        if dest is None:
            continue
        try:
            count = store.save_copy_with_pending(dest)
        except (OSError, StorageError) as error:
            problem = getattr(error, "message", None) or str(error)
            continue
        log.warning("history with %d unsaved writes copied to %s", count, dest)
        return "copied"
    return "saved"
