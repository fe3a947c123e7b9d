"""The ``export``, ``import`` and ``backup`` sub-commands (no Qt, no window).

Messages go to stderr in plain sentences; exit codes: 0 done, 1 the
history could not be used, 2 bad input (unknown id, unreadable file).

They live in ``app/`` because they work on the concrete store; how it is
opened is decided by the composition root (``app/container.py``,
:func:`~desktop_app.app.container.run_history_command`), which hands in a
:class:`HistoryStores`, as it hands the window its services
(docs/ARCHITECTURE.md §1).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO, TypeVar

from desktop_app.core.errors import DatabaseRecoveredError, StorageError
from desktop_app.services import transfer
from desktop_app.store.backup import default_backup_path
from desktop_app.store.conversations import SqliteConversationStore
from desktop_app.store.readonly import HistoryDamagedError

T = TypeVar("T")

EXIT_OK, EXIT_STORAGE, EXIT_INPUT = 0, 1, 2


@dataclass(frozen=True)
class HistoryStores:
    """How these commands reach the history (built by the composition root).

    Attributes:
        database: the history file (named in sentences).
        backups_dir: where a backup goes when no path is given.
        open_for_reading: the history read-only and as it is, even if
            damaged; None when there is none yet.
        open_for_writing: the history opened, migrated or recovered, with
            the notice of a damaged file moved aside.
    """

    database: Path
    backups_dir: Path
    open_for_reading: Callable[[], SqliteConversationStore | None]
    open_for_writing: Callable[[], tuple[SqliteConversationStore, DatabaseRecoveredError | None]]


def _say(text: str) -> None:
    print(text, file=sys.stderr)


def _readable_ids(store: SqliteConversationStore) -> tuple[list[str], bool]:
    """Every conversation id that can be listed, and whether the list is complete."""
    ids: list[str] = []
    try:
        ids.extend(transfer.all_conversation_ids(store))
    except HistoryDamagedError:
        return ids, False
    return ids, True


def _salvage(ids: list[str], render: Callable[[str], T]) -> tuple[list[tuple[str, T]], list[str]]:
    """Render each conversation; one damaged conversation does not stop the others."""
    done: list[tuple[str, T]] = []
    failed: list[str] = []
    for cid in ids:
        try:
            done.append((cid, render(cid)))
        except HistoryDamagedError:
            failed.append(cid)
    return done, failed


def _export_json(store: SqliteConversationStore, ids: list[str], output: str | None) -> list[str]:
    def one(cid: str) -> dict[str, object]:
        return transfer.export_json(store, [cid])

    done, failed = _salvage(ids, one)
    data = transfer.export_json(store, [])
    data["conversations"] = [d["conversations"][0] for _, d in done]  # type: ignore[index]
    text = json.dumps(data, ensure_ascii=False, indent=1) + "\n"
    if output is None:
        sys.stdout.write(text)
    else:
        Path(output).write_text(text, encoding="utf-8")
        _say(f"Exported {len(done)} conversation(s) to {output}")
    return failed


def _unique_name(name: str, used: set[str]) -> str:
    """``name``, or ``name-2.md`` … when an earlier file of this export took it.

    Two ids may share a sanitised 8-character prefix; one must not overwrite the other.
    """
    stem, n, candidate = name.removesuffix(".md"), 1, name
    while candidate in used:
        n += 1
        candidate = f"{stem}-{n}.md"
    used.add(candidate)
    return candidate


def _export_markdown(
    store: SqliteConversationStore, ids: list[str], output: str | None
) -> list[str]:
    """One file per conversation in a folder; a single one may go to a file or stdout."""
    done, failed = _salvage(ids, lambda cid: transfer.export_markdown(store, cid))
    if output is None:
        out: TextIO = sys.stdout
        out.write("\n\n".join(text for _, text in done))
        return failed
    target = Path(output)
    if len(ids) == 1 and not target.is_dir() and target.suffix:
        for _, text in done:
            target.write_text(text, encoding="utf-8")
    else:
        if not target.parent.is_dir():
            raise FileNotFoundError(str(target.parent))
        target.mkdir(exist_ok=True)
        used: set[str] = set()
        for cid, text in done:
            name = _unique_name(transfer.markdown_filename(store, cid), used)
            (target / name).write_text(text, encoding="utf-8")
    _say(f"Exported {len(done)} conversation(s) to {target}")
    return failed


def _export(store: SqliteConversationStore, args: argparse.Namespace) -> int:
    complete = True
    if args.conversation:
        if store.get_conversation(args.conversation) is None:
            _say(f"No conversation with id {args.conversation}.")
            return EXIT_INPUT
        ids = [args.conversation]
    else:
        ids, complete = _readable_ids(store)
    try:
        if args.format == "markdown":
            failed = _export_markdown(store, ids, args.output)
        else:
            failed = _export_json(store, ids, args.output)
    except IsADirectoryError:
        _say(f"Cannot export: {args.output} is a folder; give a file name, such as history.json.")
        return EXIT_INPUT
    except FileNotFoundError:
        _say(f"Cannot export: the folder for {args.output} does not exist.")
        return EXIT_INPUT
    except OSError as exc:
        _say(f"Cannot export to {args.output}: {exc.strerror or exc}.")
        return EXIT_INPUT
    if failed or not complete:
        _say(
            "Your history file is damaged: "
            + (f"{len(failed)} conversation(s) could not be read" if failed else "")
            + (" and " if failed and not complete else "")
            + ("some conversations could not be listed" if not complete else "")
            + ". Everything readable was exported; the file was not changed."
        )
        return EXIT_STORAGE
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
    if result.renamed:
        _say(f"{result.renamed} message(s) had an id already in use and got a new one.")
    if result.reparented:
        _say(
            f"{result.reparented} message(s) pointed at a parent that was missing, in another "
            "conversation or in a loop; they now start a branch of their own."
        )
    return EXIT_OK


def _backup(store: SqliteConversationStore, args: argparse.Namespace, stores: HistoryStores) -> int:
    dest = Path(args.path) if args.path else default_backup_path(stores.backups_dir)
    if dest.is_dir():
        dest = default_backup_path(dest)
    try:
        store.backup_to(dest, create_folder=not args.path)
    except FileNotFoundError:
        _say(f"Cannot back up: the folder {dest.parent} does not exist.")
        return EXIT_INPUT
    except OSError as exc:
        _say(f"Cannot back up to {dest}: {exc.strerror or exc}.")
        return EXIT_INPUT
    _say(f"Backed up your history to {dest}")
    return EXIT_OK


def _run_export(args: argparse.Namespace, stores: HistoryStores) -> int:
    """Export reads only: the history is opened read-only, as it is, even if damaged."""
    try:
        store = stores.open_for_reading()
    except StorageError as exc:
        _say(str(exc))
        return EXIT_STORAGE
    if store is None:
        _say(f"There is no history at {stores.database} yet: nothing to export.")
        return EXIT_OK
    try:
        return _export(store, args)
    except StorageError as exc:
        _say(str(exc))
        return EXIT_STORAGE
    finally:
        store.close()


def run(args: argparse.Namespace, stores: HistoryStores) -> int:
    """Run export / import / backup (``container.run_history_command`` calls this)."""
    if args.command == "export":
        return _run_export(args, stores)
    try:
        store, notice = stores.open_for_writing()
    except StorageError as exc:
        _say(str(exc))
        return EXIT_STORAGE
    if notice is not None:
        _say(str(notice))
    try:
        if args.command == "import":
            return _import(store, args)
        return _backup(store, args, stores)
    except StorageError as exc:
        _say(str(exc))
        return EXIT_STORAGE
    finally:
        store.close()
