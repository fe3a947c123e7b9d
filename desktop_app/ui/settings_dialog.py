"""The settings window: servers, general preferences, prompts, default parameters.

It is non-modal on purpose (``show()``, never ``exec()``): a nested event
loop inside qasync would stall running replies, and people like to keep
settings open while they try a change. Apply/OK save through
:class:`SettingsService` (keys into the keyring, the rest into the settings
file) and then announce the new settings; the main window applies them.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QHideEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.errors import AfarensisError
from desktop_app.core.settings import SendKey, Settings, Theme
from desktop_app.services.settings_service import SettingsService
from desktop_app.services.tool_service import ToolService
from desktop_app.ui.attachment_settings import AttachmentSettings
from desktop_app.ui.params_editor import ParamsEditor
from desktop_app.ui.profiles_page import ProfilesPage
from desktop_app.ui.prompts_page import PromptsPage
from desktop_app.ui.shortcut_labels import with_shortcut
from desktop_app.ui.style import set_style_property
from desktop_app.ui.tools_page import ToolsPage

# (value, label). Language names are written in their own language, untranslated.
LANGUAGES: tuple[tuple[str, str], ...] = (("en", "English"), ("zh_CN", "简体中文"))


def _select_data(combo: QComboBox, value: object) -> None:
    index = combo.findData(value)
    combo.setCurrentIndex(max(index, 0))


class GeneralPage(QWidget):
    """Theme, font size, send key, language, titles, timeout and backups.

    Signals:
        edited: the user changed something.
    """

    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.theme = QComboBox(self)
        for value, label in (
            (Theme.SYSTEM, self.tr("Follow the system")),
            (Theme.LIGHT, self.tr("Light")),
            (Theme.DARK, self.tr("Dark")),
        ):
            self.theme.addItem(label, value.value)
        self.font_size = QSpinBox(self)
        self.font_size.setRange(0, 32)
        self.font_size.setSuffix(self.tr(" pt"))
        self.font_size.setSpecialValueText(self.tr("System default"))
        self.send_key = QComboBox(self)
        self.send_key.addItem(
            self.tr("Enter sends, Shift+Enter is a new line"), SendKey.ENTER.value
        )
        self.send_key.addItem(
            with_shortcut(self.tr("%1 sends, Enter is a new line"), "Ctrl+Enter"),
            SendKey.CTRL_ENTER.value,
        )
        self.language = QComboBox(self)
        self.language.addItem(self.tr("Follow the system"), "")
        for code, native_name in LANGUAGES:
            self.language.addItem(native_name, code)
        self.auto_title = QCheckBox(self.tr("Name new chats from the first message"), self)
        self.model_titles = QCheckBox(self.tr("Let the model suggest a short title"), self)
        self.timeout = QDoubleSpinBox(self)
        self.timeout.setRange(10, 3600)
        self.timeout.setDecimals(0)
        self.timeout.setSuffix(self.tr(" s"))
        self.backup_daily = QCheckBox(self.tr("Back up the history once a day"), self)
        self.backup_keep = QSpinBox(self)
        self.backup_keep.setRange(1, 365)
        self.thinking_expanded = QCheckBox(self.tr("Keep a reply's thinking open"), self)
        self.search_reasoning = QCheckBox(self.tr("Search the thinking too"), self)
        self.markdown_reasoning = QComboBox(self)
        self.markdown_reasoning.addItem(self.tr("Collapsible section"), "details")
        self.markdown_reasoning.addItem(self.tr("Quoted block"), "quote")
        self.attachments = AttachmentSettings(self)
        self.attachments.edited.connect(self.edited)
        self._describe()
        self._lay_out()
        for combo in (self.theme, self.send_key, self.language, self.markdown_reasoning):
            combo.currentIndexChanged.connect(self.edited)
        for box in (
            self.auto_title,
            self.model_titles,
            self.backup_daily,
            self.thinking_expanded,
            self.search_reasoning,
        ):
            box.toggled.connect(self.edited)
        self.font_size.valueChanged.connect(self.edited)
        self.backup_keep.valueChanged.connect(self.edited)
        self.timeout.valueChanged.connect(self.edited)
        self.backup_daily.toggled.connect(self.backup_keep.setEnabled)

    def _describe(self) -> None:
        for widget, name in (
            (self.theme, self.tr("Theme")),
            (self.font_size, self.tr("Font size")),
            (self.send_key, self.tr("Send key")),
            (self.language, self.tr("Language")),
            (self.auto_title, self.tr("Automatic titles")),
            (self.model_titles, self.tr("Titles written by the model")),
            (self.timeout, self.tr("Reply timeout in seconds")),
            (self.backup_daily, self.tr("Daily backup")),
            (self.backup_keep, self.tr("Number of backups to keep")),
            (self.thinking_expanded, self.tr("Thinking shown open")),
            (self.search_reasoning, self.tr("Search includes thinking")),
            (self.markdown_reasoning, self.tr("Thinking in Markdown exports")),
        ):
            widget.setAccessibleName(name)

    def _lay_out(self) -> None:
        form = QFormLayout(self)
        form.addRow(self.tr("&Theme:"), self.theme)
        form.addRow(self.tr("&Font size:"), self.font_size)
        form.addRow(self.tr("&Send with:"), self.send_key)
        form.addRow(self.tr("&Language:"), self.language)
        note = QLabel(self.tr("A new language takes full effect after a restart."), self)
        note.setProperty("muted", True)
        form.addRow("", note)
        form.addRow(self.tr("Titles:"), self.auto_title)
        form.addRow("", self.model_titles)
        form.addRow(self.tr("Reply &timeout:"), self.timeout)
        form.addRow(self.tr("Backups:"), self.backup_daily)
        form.addRow(self.tr("&Keep:"), self.backup_keep)
        form.addRow(self.tr("Thinking:"), self.thinking_expanded)
        form.addRow("", self.search_reasoning)
        form.addRow(self.tr("Thinking in &Markdown:"), self.markdown_reasoning)
        form.addRow(self.tr("Attachments:"), self.attachments)

    def load(self, settings: Settings) -> None:
        self.blockSignals(True)
        _select_data(self.theme, settings.theme.value)
        self.font_size.setValue(settings.font_size)
        _select_data(self.send_key, settings.send_key.value)
        _select_data(self.language, settings.language)
        self.auto_title.setChecked(settings.auto_title)
        self.model_titles.setChecked(settings.model_titles)
        self.timeout.setValue(settings.read_timeout_s)
        self.backup_daily.setChecked(settings.backup_daily)
        self.backup_keep.setValue(settings.backup_keep)
        self.backup_keep.setEnabled(settings.backup_daily)
        self.thinking_expanded.setChecked(settings.thinking_expanded)
        self.search_reasoning.setChecked(settings.search_reasoning)
        _select_data(self.markdown_reasoning, settings.markdown_reasoning)
        self.attachments.load(settings)
        self.blockSignals(False)

    def store(self, settings: Settings) -> Settings:
        settings = self.attachments.store(settings)
        return replace(
            settings,
            theme=Theme(self.theme.currentData()),
            font_size=self.font_size.value(),
            send_key=SendKey(self.send_key.currentData()),
            language=str(self.language.currentData()),
            auto_title=self.auto_title.isChecked(),
            model_titles=self.model_titles.isChecked(),
            read_timeout_s=self.timeout.value(),
            backup_daily=self.backup_daily.isChecked(),
            backup_keep=self.backup_keep.value(),
            thinking_expanded=self.thinking_expanded.isChecked(),
            search_reasoning=self.search_reasoning.isChecked(),
            markdown_reasoning=str(self.markdown_reasoning.currentData()),
        )


class SettingsDialog(QDialog):
    """The settings window. Show it with ``show()``; it never runs a nested loop.

    Args:
        service: Reads and saves settings and keys, and tests connections.
        parent: The main window (the dialog stays on top of it).

    Signals:
        settings_changed(Settings): Apply or OK saved these settings.
    """

    settings_changed = Signal(Settings)

    def __init__(
        self,
        service: SettingsService,
        parent: QWidget | None = None,
        tools: ToolService | None = None,
    ) -> None:
        super().__init__(parent)
        self._service = service
        self.setObjectName("SettingsDialog")
        self.setWindowTitle(self.tr("Settings"))
        self.setModal(False)
        self.resize(760, 560)
        self.tabs = QTabWidget(self)
        self.tabs.setAccessibleName(self.tr("Settings sections"))
        self.profiles = ProfilesPage(service, self)
        self.general = GeneralPage(self)
        self.prompts = PromptsPage(self)
        self.params = ParamsEditor(self)
        self.tabs.addTab(self.profiles, self.tr("Servers"))
        self.tabs.addTab(self.general, self.tr("General"))
        self.tabs.addTab(self.prompts, self.tr("Prompts"))
        self.tabs.addTab(self._params_tab(), self.tr("Parameters"))
        self.tools = ToolsPage(tools, self) if tools is not None else None
        if self.tools is not None:
            self.tabs.addTab(self.tools, self.tr("Tools"))
        self.env_note = QLabel(self)
        self.env_note.setTextFormat(Qt.TextFormat.PlainText)  # may show server text
        self.env_note.setProperty("muted", True)
        self.env_note.setWordWrap(True)
        self.error = QLabel(self)
        self.error.setTextFormat(Qt.TextFormat.PlainText)  # may show server text
        self.error.setObjectName("TestResult")
        self.error.setWordWrap(True)
        self.error.setAccessibleName(self.tr("Settings error"))
        self.buttons = QDialogButtonBox(self._button_kinds(), self)
        self._name_buttons()
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.env_note)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.buttons.clicked.connect(self._button_clicked)
        for page in (self.profiles, self.general, self.prompts):
            page.edited.connect(self._mark_edited)
        self.params.changed.connect(self._mark_edited)
        if self.tools is not None:
            self.tools.limits.edited.connect(self._mark_edited)
        self.load()

    @staticmethod
    def _button_kinds() -> QDialogButtonBox.StandardButton:
        std = QDialogButtonBox.StandardButton
        return std.Ok | std.Apply | std.Cancel

    def _name_buttons(self) -> None:
        std = QDialogButtonBox.StandardButton
        for kind, name in (
            (std.Ok, self.tr("Save and close")),
            (std.Apply, self.tr("Save")),
            (std.Cancel, self.tr("Close without saving")),
        ):
            self.buttons.button(kind).setAccessibleName(name)

    def _params_tab(self) -> QWidget:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        intro = QLabel(self.tr("Used by new chats; each chat can change its own."), page)
        intro.setProperty("muted", True)
        layout.addWidget(intro)
        layout.addWidget(self.params)
        layout.addStretch(1)
        return page

    # ---------------------------------------------------------------- API

    def load(self) -> None:
        """Show the service's current settings, dropping unsaved edits."""
        settings = self._service.settings
        self.profiles.load(settings.profiles, settings.active_profile_id)
        self.general.load(settings)
        self.prompts.load(settings)
        self.params.set_params(settings.default_params)
        if self.tools is not None:
            self.tools.limits.load(settings)
        overrides = self._service.env_overrides()
        self.env_note.setText(
            self.tr("Set by the environment for this run: %1").replace("%1", ", ".join(overrides))
        )
        self.env_note.setVisible(bool(overrides))
        self._show_error("")
        self.buttons.button(QDialogButtonBox.StandardButton.Apply).setEnabled(False)

    def apply(self) -> bool:
        """Validate, save and announce; on failure say why and keep the window open."""
        try:
            settings = self._collect()
        except ValueError as exc:
            self._show_error(str(exc))
            return False
        try:
            self._service.update(settings)
            for profile_id, key in self.profiles.pending_keys.items():
                self._service.set_api_key(profile_id, key)
        except (OSError, AfarensisError) as exc:
            message = exc.message if isinstance(exc, AfarensisError) else exc.strerror
            self._show_error(
                self.tr("The settings could not be saved: %1").replace("%1", message or "")
            )
            return False
        self.profiles.pending_keys.clear()
        self._show_error("")
        self.buttons.button(QDialogButtonBox.StandardButton.Apply).setEnabled(False)
        self.settings_changed.emit(settings)
        return True

    # ------------------------------------------------------------ internals

    def _collect(self) -> Settings:
        settings = replace(
            self._service.settings,
            profiles=self.profiles.profiles(),
            active_profile_id=self.profiles.active_id(),
            default_params=self.params.params(),
        )
        settings = self.prompts.store(self.general.store(settings))
        return self.tools.limits.store(settings) if self.tools is not None else settings

    def _button_clicked(self, button: QAbstractButton) -> None:
        role = self.buttons.buttonRole(button)
        if role == QDialogButtonBox.ButtonRole.ApplyRole:
            self.apply()
        elif role == QDialogButtonBox.ButtonRole.AcceptRole:
            if self.apply():
                self.close()
        else:
            self.close()

    def _mark_edited(self) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Apply).setEnabled(True)

    def _show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))
        set_style_property(self.error, "kind", "error")

    def showEvent(self, event: QShowEvent) -> None:
        """Opening the window again starts from what is saved."""
        if not event.spontaneous():
            self.load()
        super().showEvent(event)

    def hideEvent(self, event: QHideEvent) -> None:
        """Closing (or Esc) stops a running connection test; its answer has no one to go to."""
        self.profiles.cancel_test()
        super().hideEvent(event)
