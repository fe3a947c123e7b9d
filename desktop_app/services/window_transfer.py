"""Export and import from the window, on a worker thread with its own store.

A whole-history export or a 200 MB ChatGPT import takes seconds: run on the
UI thread it would freeze the window. Each job therefore opens its own
connection to the history (SQLite allows one per thread; WAL lets the window
keep reading meanwhile) through ``open_store``, which the composition root
supplies, and is run with ``asyncio.to_thread``. The window's own store sees
the result on its next read.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path

from desktop_app.services import transfer
from desktop_app.services.transfer import ImportResult, TransferStore

OpenStore = Callable[[], AbstractContextManager[TransferStore]]


class WindowTransfer:
    """Whole-history export (JSON) and file import, off the UI thread."""

    def __init__(self, open_store: OpenStore) -> None:
        self._open_store = open_store

    async def export_json(self, target: Path) -> int:
        """Write every conversation to ``target``; the number written."""
        return await asyncio.to_thread(self._export_json, target)

    async def import_file(self, source: Path) -> ImportResult:
        """Import our JSON or ChatGPT's ``conversations.json`` (one transaction)."""
        return await asyncio.to_thread(self._import_file, source)

    def _export_json(self, target: Path) -> int:
        with self._open_store() as store:
            ids = list(transfer.all_conversation_ids(store))
            data = transfer.export_json(store, ids)
        partial = target.with_name(target.name + ".partial")
        partial.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", "utf-8")
        partial.replace(target)  # never a half-written export under the real name
        return len(ids)

    def _import_file(self, source: Path) -> ImportResult:
        with self._open_store() as store:
            return transfer.import_file(store, source)
