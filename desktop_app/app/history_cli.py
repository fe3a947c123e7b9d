"""The ``export``, ``import`` and ``backup`` sub-commands (no Qt, no window).

Messages go to stderr in plain sentences; exit codes: 0 done, 1 the
history could not be used, 2 bad input (unknown id, unreadable file).

They live in ``app/`` because they open the concrete store: composing
concrete classes is app's job, and ``services/`` sees only core ports
(docs/ARCHITECTURE.md §1).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Protocol, TextIO

from desktop_app.core.errors import StorageError
from desktop_app.services import transfer
from desktop_app.store.backup import default_backup_path
from desktop_app.store.conversations import SqliteConversationStore, open_database

EXIT_OK, EXIT_STORAGE, EXIT_INPUT = 0, 1, 2


class HistoryPaths(Protocol):
    """The two paths these commands need (``app.paths.AppPaths`` has them).

    A Protocol keeps these commands testable with any object that has the two paths.
    """

    @property
    def database(self) -> Path: ...

    @property
    def backups_dir(self) -> Path: ...


def _say(text: str) -> None:
    print(text, file=sys.stderr)


def _export_json(store: SqliteConversationStore, ids: list[str], output: str | None) -> None:
    text = json.dumps(transfer.export_json(store, ids), ensure_ascii=False, indent=1) + "\n"
    if output is None:
        sys.stdout.write(text)
    else:
        Path(output).write_text(text, encoding="utf-8")
        _say(f"Exported {len(ids)} conversation(s) to {output}")


def _export_markdown(store: SqliteConversationStore, ids: list[str], output: str | None) -> None:
    """One file per conversation in a folder; a single one may go to a file or stdout."""
    if output is None:
        out: TextIO = sys.stdout
        out.write("\n\n".join(transfer.export_markdown(store, cid) for cid in ids))
        return
    target = Path(output)
    if len(ids) == 1 and not target.is_dir() and target.suffix:
        target.write_text(transfer.export_markdown(store, ids[0]), encoding="utf-8")
    else:
        target.mkdir(parents=True, exist_ok=True)
        for cid in ids:
            name = transfer.markdown_filename(store, cid)
            (target / name).write_text(transfer.export_markdown(store, cid), encoding="utf-8")
    _say(f"Exported {len(ids)} conversation(s) to {target}")


def _export(store: SqliteConversationStore, args: argparse.Namespace) -> int:
    if args.conversation:
        if store.get_conversation(args.conversation) is None:
            _say(f"No conversation with id {args.conversation}.")
            return EXIT_INPUT
        ids = [args.conversation]
    else:
        ids = list(transfer.all_conversation_ids(store))
    if args.format == "markdown":
        _export_markdown(store, ids, args.output)
    else:
        _export_json(store, ids, args.output)
    return EXIT_OK


def _import(store: SqliteConversationStore, args: argparse.Namespace) -> int:
    try:
        result = transfer.import_file(store, Path(args.file))
    except FileNotFoundError:
        _say(f"Cannot import: {args.file} does not exist.")
        return EXIT_INPUT
    except ValueError as exc:
        _say(f"Cannot import {args.file}: {exc}.")
        return EXIT_INPUT
    _say(
        f"Imported {result.imported} conversation(s); "
        f"{result.skipped} were already in your history and were skipped."
    )
    return EXIT_OK


def _backup(store: SqliteConversationStore, args: argparse.Namespace, paths: HistoryPaths) -> int:
    dest = Path(args.path) if args.path else default_backup_path(paths.backups_dir)
    if dest.is_dir():
        dest = default_backup_path(dest)
    store.backup_to(dest)
    _say(f"Backed up your history to {dest}")
    return EXIT_OK


def run(args: argparse.Namespace, paths: HistoryPaths) -> int:
    """Entry point called by ``desktop_app.cli`` for export / import / backup."""
    try:
        store, notice = open_database(paths.database, backups_dir=paths.backups_dir)
    except StorageError as exc:
        _say(str(exc))
        return EXIT_STORAGE
    if notice is not None:
        _say(str(notice))
    try:
        if args.command == "export":
            return _export(store, args)
        if args.command == "import":
            return _import(store, args)
        return _backup(store, args, paths)
    except StorageError as exc:
        _say(str(exc))
        return EXIT_STORAGE
    finally:
        store.close()
