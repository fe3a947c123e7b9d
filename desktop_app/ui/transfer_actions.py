"""Import and export from the window: file dialogs, a worker job, a notice.

The work itself (:class:`WindowTransfer`) runs on a thread with its own
connection; this only asks for the file and reports the outcome in the
notice bar, the way every other user action reports.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QFileDialog

from desktop_app.core.errors import AfarensisError
from desktop_app.services.window_transfer import WindowTransfer

if TYPE_CHECKING:
    from desktop_app.ui.main_presenter import MainPresenter


class TransferActions(QObject):
    """The sidebar's "…" menu: Import conversations…, Export all (JSON)…."""

    def __init__(self, presenter: MainPresenter, transfer: WindowTransfer) -> None:
        super().__init__(presenter)
        self._presenter = presenter
        self._transfer = transfer

    def ask_import(self) -> None:
        """Pick our JSON or ChatGPT's conversations.json (non-blocking dialog)."""
        dialog = QFileDialog(self._presenter.window, self.tr("Import conversations"))
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.setNameFilter(self.tr("Conversations (*.json)"))
        dialog.fileSelected.connect(lambda path: self.import_file(Path(path)))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def ask_export_all(self) -> None:
        dialog = QFileDialog(self._presenter.window, self.tr("Export all conversations"))
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setNameFilter(self.tr("JSON (*.json)"))
        dialog.selectFile("afarensis-chat-export.json")
        dialog.fileSelected.connect(lambda path: self.export_all(Path(path)))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def import_file(self, path: Path) -> None:
        """Import on a worker thread; say so now and tell the result after."""
        transfer = self._transfer
        self._presenter.notice("info", self.tr("Importing %1…").replace("%1", path.name), "")

        async def run() -> None:
            try:
                result = await transfer.import_file(path)
            except (OSError, ValueError, AfarensisError) as error:
                reason = error.message if isinstance(error, AfarensisError) else str(error)
                self._presenter.notice(
                    "error",
                    self.tr("Could not import %1: %2")
                    .replace("%1", path.name)
                    .replace("%2", reason),
                    "",
                )
                return
            self._presenter.reload_sidebar()
            self._presenter.notice(
                "info",
                self.tr("Imported %1 conversation(s); %2 were already here.")
                .replace("%1", str(result.imported))
                .replace("%2", str(result.skipped)),
                "",
            )

        self._presenter.tasks.start("import", run())

    def export_all(self, path: Path) -> None:
        transfer = self._transfer
        self._presenter.notice("info", self.tr("Exporting to %1…").replace("%1", str(path)), "")

        async def run() -> None:
            try:
                count = await transfer.export_json(path)
            except (OSError, AfarensisError) as error:
                reason = error.message if isinstance(error, AfarensisError) else str(error)
                self._presenter.notice(
                    "error", self.tr("Could not write the file: %1").replace("%1", reason), ""
                )
                return
            self._presenter.notice(
                "info",
                self.tr("Exported %1 conversation(s) to %2")
                .replace("%1", str(count))
                .replace("%2", str(path)),
                "",
            )

        self._presenter.tasks.start("export", run())
