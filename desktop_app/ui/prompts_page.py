"""The "Prompts" page: the default system prompt and reusable prompt presets.

Presets are edited in place: selecting one shows its name and text, and
typing updates it, so there is no separate "save preset" step to forget.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.settings import PromptPreset, Settings


class PromptsPage(QWidget):
    """Default system prompt plus a list of named prompt presets.

    Signals:
        edited: the user changed something.
    """

    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._presets: list[PromptPreset] = []
        self._loading = False
        self.system_prompt = QPlainTextEdit(self)
        self.system_prompt.setTabChangesFocus(True)
        self.system_prompt.setPlaceholderText(
            self.tr("e.g. You are a concise, friendly assistant.")
        )
        self.list = QListWidget(self)
        self.add_button = QPushButton(self.tr("Add preset"), self)
        self.remove_button = QPushButton(self.tr("Remove preset"), self)
        self.name = QLineEdit(self)
        self.text = QPlainTextEdit(self)
        self.text.setTabChangesFocus(True)
        self._describe()
        self._lay_out()
        self.system_prompt.textChanged.connect(self._changed)
        self.list.currentRowChanged.connect(self._row_changed)
        self.add_button.clicked.connect(self._add)
        self.remove_button.clicked.connect(self._remove)
        self.name.textEdited.connect(self._preset_edited)
        self.text.textChanged.connect(self._preset_edited)
        self._row_changed(-1)

    def _describe(self) -> None:
        for widget, name in (
            (self.system_prompt, self.tr("Default system prompt")),
            (self.list, self.tr("Prompt presets")),
            (self.add_button, self.tr("Add a prompt preset")),
            (self.remove_button, self.tr("Remove the selected prompt preset")),
            (self.name, self.tr("Preset name")),
            (self.text, self.tr("Preset text")),
        ):
            widget.setAccessibleName(name)

    def _lay_out(self) -> None:
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        left = QVBoxLayout()
        left.addWidget(self.list, 1)
        left.addLayout(buttons)
        editor = QFormLayout()
        editor.addRow(self.tr("&Name:"), self.name)
        editor.addRow(self.tr("Te&xt:"), self.text)
        row = QHBoxLayout()
        row.addLayout(left, 1)
        row.addLayout(editor, 2)
        layout = QVBoxLayout(self)
        # A label's "&" is a mnemonic only with a buddy; without one it shows as "&".
        heading = QLabel(self.tr("Default &system prompt for new chats:"), self)
        heading.setBuddy(self.system_prompt)
        layout.addWidget(heading)
        layout.addWidget(self.system_prompt, 1)
        layout.addWidget(QLabel(self.tr("Prompt presets:"), self))
        layout.addLayout(row, 2)

    # ---------------------------------------------------------------- API

    def load(self, settings: Settings) -> None:
        self._loading = True
        self.system_prompt.setPlainText(settings.default_system_prompt)
        self._presets = list(settings.prompt_presets)
        self.list.clear()
        self.list.addItems([p.name for p in self._presets])
        self._loading = False
        self.list.setCurrentRow(0 if self._presets else -1)
        self._row_changed(self.list.currentRow())

    def store(self, settings: Settings) -> Settings:
        presets = tuple(p for p in self._presets if p.name.strip() or p.text.strip())
        return replace(
            settings,
            default_system_prompt=self.system_prompt.toPlainText(),
            prompt_presets=presets,
        )

    # ------------------------------------------------------------ internals

    def _changed(self) -> None:
        if not self._loading:
            self.edited.emit()

    def _row_changed(self, row: int) -> None:
        valid = 0 <= row < len(self._presets)
        for widget in (self.name, self.text, self.remove_button):
            widget.setEnabled(valid)
        self._loading, was_loading = True, self._loading
        self.name.setText(self._presets[row].name if valid else "")
        self.text.setPlainText(self._presets[row].text if valid else "")
        self._loading = was_loading

    def _add(self) -> None:
        self._presets.append(PromptPreset(self.tr("New preset"), ""))
        self.list.addItem(self._presets[-1].name)
        self.list.setCurrentRow(len(self._presets) - 1)
        self.name.setFocus()
        self.name.selectAll()
        self.edited.emit()

    def _remove(self) -> None:
        row = self.list.currentRow()
        if 0 <= row < len(self._presets):
            del self._presets[row]
            self.list.takeItem(row)
            self.edited.emit()

    def _preset_edited(self) -> None:
        row = self.list.currentRow()
        if self._loading or not 0 <= row < len(self._presets):
            return
        self._presets[row] = PromptPreset(self.name.text(), self.text.toPlainText())
        self.list.item(row).setText(self.name.text())
        self.edited.emit()
