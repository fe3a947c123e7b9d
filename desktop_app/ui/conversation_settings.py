"""Per-conversation settings: system prompt (with presets) and parameters.

A non-modal window (``show()``), so the chat stays usable while it is open.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from desktop_app.services.history_service import HistoryService
from desktop_app.services.settings_service import SettingsService
from desktop_app.ui.params_editor import ParamsEditor


class ConversationSettingsDialog(QDialog):
    """Edits one conversation's system prompt and generation parameters.

    Signals:
        saved: the conversation's settings were stored.
    """

    saved = Signal()

    def __init__(
        self,
        history: HistoryService,
        settings: SettingsService,
        conversation_id: str | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Conversation settings"))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._history = history
        self._conversation_id = conversation_id
        defaults = settings.settings
        conversation = history.get_conversation(conversation_id) if conversation_id else None
        self.presets = QComboBox(self)
        self.presets.setAccessibleName(self.tr("Prompt presets"))
        self.presets.addItem(self.tr("Insert a saved prompt…"), "")
        for preset in defaults.prompt_presets:
            self.presets.addItem(preset.name, preset.text)
        self.prompt = QPlainTextEdit(self)
        self.prompt.setAccessibleName(self.tr("System prompt"))
        self.prompt.setPlaceholderText(self.tr("System prompt (empty: the default from Settings)"))
        if conversation is not None and conversation.system_prompt is not None:
            self.prompt.setPlainText(conversation.system_prompt)
        self.params = ParamsEditor(self)
        self.params.set_params(
            conversation.params if conversation is not None else defaults.default_params
        )
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("System prompt"), self))
        layout.addWidget(self.presets)
        layout.addWidget(self.prompt)
        layout.addWidget(self.params)
        if conversation_id is None:
            note = QLabel(self.tr("Send a first message to create this conversation."), self)
            layout.addWidget(note)
            buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(False)
        layout.addWidget(buttons)
        self.presets.activated.connect(self._insert_preset)
        buttons.accepted.connect(self._save)
        buttons.rejected.connect(self.reject)
        self.resize(520, 560)

    def _insert_preset(self, index: int) -> None:
        text = self.presets.itemData(index)
        if text:
            self.prompt.setPlainText(str(text))

    def _save(self) -> None:
        if self._conversation_id is not None:
            conversation = self._history.get_conversation(self._conversation_id)
            prompt = self.prompt.toPlainText()
            self._history.update_settings(
                self._conversation_id,
                model=conversation.model if conversation else None,
                system_prompt=prompt if prompt.strip() else None,
                params=self.params.params(),
            )
            self.saved.emit()
        self.accept()
