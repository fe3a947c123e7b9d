"""The questions asked when quitting while a full disk still holds writes back.

The rules (when to ask, what each answer does) are Qt-free in
``app/unsaved_on_quit.py``; this is only the asking. Both dialogs are
opened with ``open()`` and awaited: the shutdown coroutine never runs a
nested ``exec()`` loop (docs/ARCHITECTURE.md §6).
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QAbstractButton, QDialog, QFileDialog, QMessageBox, QWidget

from desktop_app import APP_NAME
from desktop_app.services.secret_writes import KeyChoice
from desktop_app.services.unsaved_on_quit import Choice


class UnsavedDialogs(QObject):
    """Asks over ``parent``; ``ask`` and ``choose_copy`` fit ``keep_unsaved``."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self._parent = parent

    async def ask(self, count: int, problem: str) -> Choice:
        """Retry, save a complete copy elsewhere, or quit without the unsaved writes."""
        box = self._warning(
            self.tr(
                "%1 change(s) to your history could not be saved: the disk is full or "
                "the folder is read-only. Free some space and try again, or save a "
                "complete copy of your history somewhere else."
            ).replace("%1", str(count))
        )
        if problem:
            box.setInformativeText(problem)
        retry = box.addButton(self.tr("Try Again"), QMessageBox.ButtonRole.AcceptRole)
        copy = box.addButton(self.tr("Save a Copy…"), QMessageBox.ButtonRole.ActionRole)
        box.addButton(self.tr("Quit Without Saving"), QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(retry)
        clicked = await _clicked(box)
        if clicked is retry:
            return Choice.RETRY
        return Choice.SAVE_COPY if clicked is copy else Choice.DISCARD

    async def ask_keys(self, count: int) -> KeyChoice:
        """Keys still on their way to a keyring that does not answer: wait, or quit."""
        box = self._warning(
            self.tr(
                "%1 key(s) you entered are not in the system keyring yet: it may be locked "
                "or waiting for you to allow access. Unlock it and wait, or quit without "
                "saving them (you will have to enter them again next time)."
            ).replace("%1", str(count))
        )
        wait = box.addButton(self.tr("Wait"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(self.tr("Quit Without Saving"), QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(wait)
        clicked = await _clicked(box)
        return KeyChoice.WAIT if clicked is wait else KeyChoice.DISCARD

    def _warning(self, text: str) -> QMessageBox:
        """A plain-text warning over the window, buttons still to add."""
        box = QMessageBox(self._parent)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(APP_NAME)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setText(text)
        return box

    async def choose_copy(self) -> Path | None:
        """Where the complete copy goes (None: cancelled)."""
        dialog = QFileDialog(
            self._parent,
            self.tr("Save a copy of your history"),
            str(Path.home() / "afarensis-history-copy.sqlite3"),
            self.tr("History files (*.sqlite3)"),
        )
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        accepted = await shown_until_closed(dialog)
        files = dialog.selectedFiles() if accepted else []
        dialog.deleteLater()
        return Path(files[0]) if files else None


async def _clicked(box: QMessageBox) -> QAbstractButton | None:
    """Show ``box`` until it closes; the button that closed it."""
    await shown_until_closed(box)
    clicked = box.clickedButton()
    box.deleteLater()
    return clicked


async def shown_until_closed(dialog: QDialog) -> bool:
    """Open a modal dialog with ``open()`` and wait for it; True when accepted."""
    closed: asyncio.Future[int] = asyncio.get_running_loop().create_future()

    def done(result: int) -> None:
        if not closed.done():
            closed.set_result(result)

    dialog.finished.connect(done)
    dialog.open()
    return await closed == QDialog.DialogCode.Accepted.value
