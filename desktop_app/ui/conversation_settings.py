"""Per-conversation settings: system prompt (with presets) and parameters.

A non-modal window (``show()``), so the chat stays usable while it is open.
"""

from __future__ import annotations

from collections.abc import Callable

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

from desktop_app.core.models import GenerationParams
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
        *,
        pending: tuple[str | None, GenerationParams] | None = None,
        keep_pending: Callable[[tuple[str | None, GenerationParams]], None] | None = None,
    ) -> None:
        """``pending``/``keep_pending``: a chat not sent yet has no row to
        store settings in; they are kept for its first message instead."""
        super().__init__(parent)
        self.setWindowTitle(self.tr("Conversation settings"))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._history = history
        self._conversation_id = conversation_id
        self._keep_pending = keep_pending
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
        prompt, params = (None, defaults.default_params)
        if conversation is not None:
            prompt, params = conversation.system_prompt, conversation.params
        elif pending is not None:
            prompt, params = pending
        if prompt is not None:
            self.prompt.setPlainText(prompt)
        self.params = ParamsEditor(self)
        self.params.set_params(params)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("System prompt"), self))
        layout.addWidget(self.presets)
        layout.addWidget(self.prompt)
        layout.addWidget(self.params)
        if conversation_id is None:
            note = QLabel(self.tr("These settings apply from the first message you send."), self)
            note.setWordWrap(True)
            layout.addWidget(note)
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
        prompt_text = self.prompt.toPlainText()
        if self._conversation_id is None and self._keep_pending is not None:
            self._keep_pending((prompt_text if prompt_text.strip() else None, self.params.params()))
            self.saved.emit()
        elif self._conversation_id is not None:
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
