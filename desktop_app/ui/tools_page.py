"""Settings → Tools: the MCP servers, an ``mcpServers`` import, and the "always allow" grants.

Changes here apply at once (like the sidebar, unlike the Save-button pages):
a server is a list entry, not a field being typed. Nothing on this page
starts a server: the first use in a chat asks for consent.
"""

from __future__ import annotations

import shlex
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.errors import AfarensisError
from desktop_app.core.tools import Grant, ServerConfig
from desktop_app.services.tool_service import ToolService
from desktop_app.ui.tool_settings import ToolLimits


def _tr(text: str) -> str:
    return QCoreApplication.translate("ToolsPage", text)


def parse_pairs(text: str, separator: str) -> dict[str, str]:
    """``NAME=value`` (or ``Name: value``) lines; blank lines are skipped."""
    out: dict[str, str] = {}
    for line in text.splitlines():
        if separator in line:
            name, value = line.split(separator, 1)
            if name.strip():
                out[name.strip()] = value.strip()
    return out


class ServerForm(QDialog):
    """Add or edit one server; env and header values go to the keyring on save."""

    def __init__(self, config: ServerConfig | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_tr("Tool server"))
        self.name = QLineEdit(config.name if config else "", self)
        self.command = QLineEdit(config.command if config else "", self)
        self.command.setPlaceholderText("npx")
        self.args = QLineEdit(shlex.join(config.args) if config else "", self)
        self.args.setPlaceholderText("-y @modelcontextprotocol/server-filesystem ~/Notes")
        self.env = QPlainTextEdit(self)
        self.env.setPlaceholderText(_tr("NAME=value, one a line (values are kept in the keyring)"))
        self.url = QLineEdit(config.url if config else "", self)
        self.url.setPlaceholderText("https://example.com/mcp")
        self.headers = QPlainTextEdit(self)
        self.headers.setPlaceholderText(_tr("Name: value, one a line (kept in the keyring)"))
        if config is not None and (config.env or config.headers):
            kept = _tr("%1 kept in the keyring; type new values to replace them.")
            names = ", ".join([*config.env_names(), *(n for n, _ in config.headers)])
            note = QLabel(kept.replace("%1", names), self)
            note.setWordWrap(True)
        else:
            note = QLabel("", self)
        note.setTextFormat(Qt.TextFormat.PlainText)
        self.enabled = QCheckBox(_tr("On in every chat"), self)
        self.enabled.setChecked(config.enabled if config else True)
        form = QFormLayout()
        form.addRow(_tr("Name"), self.name)
        form.addRow(_tr("Command"), self.command)
        form.addRow(_tr("Arguments"), self.args)
        form.addRow(_tr("Environment"), self.env)
        form.addRow(_tr("Or URL (Streamable HTTP)"), self.url)
        form.addRow(_tr("Headers"), self.headers)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.enabled)
        layout.addWidget(buttons)
        self._original = config

    def result_config(self) -> tuple[ServerConfig, dict[str, str], dict[str, str]]:
        env = parse_pairs(self.env.toPlainText(), "=")
        headers = parse_pairs(self.headers.toPlainText(), ":")
        old = self._original
        config = ServerConfig(
            name=self.name.text().strip(),
            command=self.command.text().strip(),
            args=tuple(shlex.split(self.args.text())),
            env=tuple((n, None) for n in env) or (old.env if old else ()),
            url=self.url.text().strip(),
            headers=tuple((n, None) for n in headers) or (old.headers if old else ()),
            enabled=self.enabled.isChecked(),
            conversations=old.conversations if old else (),
        )
        return config, env, headers


class ToolsPage(QWidget):
    """The servers and the grants, each a list with its buttons."""

    def __init__(self, tools: ToolService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._tools = tools
        intro = QLabel(
            _tr(
                "Tool servers (MCP) let the model use your files, notes or other programs. "
                "A server starts only after you allow its exact command, and every call "
                "asks you first unless you always allow that tool."
            ),
            self,
        )
        intro.setWordWrap(True)
        intro.setProperty("muted", True)
        self.servers = QListWidget(self)
        self.servers.setAccessibleName(_tr("Tool servers"))
        self.add = QPushButton(_tr("Add…"), self)
        self.edit = QPushButton(_tr("Edit…"), self)
        self.remove = QPushButton(_tr("Remove"), self)
        self.import_button = QPushButton(_tr("Import mcpServers JSON…"), self)
        self.grants = QListWidget(self)
        self.grants.setAccessibleName(_tr("Always-allowed tools"))
        self.revoke = QPushButton(_tr("Revoke"), self)
        self.status = QLabel("", self)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setWordWrap(True)
        row = QHBoxLayout()
        for button in (self.add, self.edit, self.remove, self.import_button):
            row.addWidget(button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.servers, 2)
        layout.addLayout(row)
        layout.addWidget(QLabel(_tr("Always allowed (a changed tool asks again):"), self))
        layout.addWidget(self.grants, 1)
        layout.addWidget(self.revoke, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.status)
        #: The loop's limits: settings, saved with the dialog's Save (not at once).
        self.limits = ToolLimits(self)
        layout.addWidget(self.limits)
        self.add.clicked.connect(lambda: self._open_form(None))
        self.edit.clicked.connect(self._edit_selected)
        self.remove.clicked.connect(self._remove_selected)
        self.import_button.clicked.connect(self._choose_import)
        self.revoke.clicked.connect(self._revoke_selected)
        self.servers.itemChanged.connect(self._toggled)
        self.reload()

    def showEvent(self, event: QShowEvent) -> None:
        """Grants made in a chat since the page was built show up when it is shown."""
        self.reload()
        super().showEvent(event)

    def reload(self) -> None:
        self.servers.blockSignals(True)
        self.servers.clear()
        for server in self._tools.servers():
            item = QListWidgetItem(f"{server.name} — {server.command_line()}")
            item.setData(Qt.ItemDataRole.UserRole, server.name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if server.enabled else Qt.CheckState.Unchecked)
            self.servers.addItem(item)
        self.servers.blockSignals(False)
        self.grants.clear()
        for grant in self._tools.grants():
            where = _tr("everywhere") if grant.conversation_id is None else _tr("in one chat")
            text = _tr("“%1” from “%2”, %3").replace("%1", grant.tool)
            item = QListWidgetItem(text.replace("%2", grant.server).replace("%3", where))
            item.setData(Qt.ItemDataRole.UserRole, grant)
            self.grants.addItem(item)

    def import_file(self, path: Path) -> None:
        try:
            names = self._tools.import_text(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as exc:
            self.status.setText(_tr("Could not read the file: %1").replace("%1", str(exc)))
            return
        except AfarensisError as error:
            self.status.setText(error.message)
            return
        text = _tr("Imported %1 server(s): %2. Each asks before its first start.")
        self.status.setText(text.replace("%1", str(len(names))).replace("%2", ", ".join(names)))
        self.reload()

    def _selected_server(self) -> ServerConfig | None:
        item = self.servers.currentItem()
        return self._tools.server(str(item.data(Qt.ItemDataRole.UserRole))) if item else None

    def _open_form(self, config: ServerConfig | None) -> None:
        form = ServerForm(config, self)
        form.accepted.connect(lambda: self._save_form(form, config))
        form.finished.connect(form.deleteLater)
        form.open()  # no nested event loop (docs/ARCHITECTURE.md §6)

    def _save_form(self, form: ServerForm, config: ServerConfig | None) -> None:
        new, env, headers = form.result_config()
        try:
            self._tools.save_server(new, env, headers, replacing=config.name if config else None)
        except AfarensisError as error:
            self.status.setText(error.message)
            return
        self.status.setText("")
        self.reload()

    def _edit_selected(self) -> None:
        config = self._selected_server()
        if config is not None:
            self._open_form(config)

    def _remove_selected(self) -> None:
        config = self._selected_server()
        if config is not None:
            self._tools.remove_server(config.name)
            self.reload()

    def _toggled(self, item: QListWidgetItem) -> None:
        name = str(item.data(Qt.ItemDataRole.UserRole))
        self._tools.set_enabled(name, item.checkState() == Qt.CheckState.Checked)

    def _choose_import(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, _tr("Import tool servers"), "", _tr("JSON (*.json)")
        )
        if path:
            self.import_file(Path(path))

    def _revoke_selected(self) -> None:
        items = self.grants.selectedItems()
        if not items:
            return
        grant = items[0].data(Qt.ItemDataRole.UserRole)
        if isinstance(grant, Grant):
            self._tools.revoke(grant)
            self.reload()
