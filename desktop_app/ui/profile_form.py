"""The fields of one server profile (name, URL, key, model, headers, proxy, CA).

The API key field never shows a stored key: it says one is saved and only a
key the user types is collected (see :meth:`ProfileForm.key_text`), so a key
is never copied around widgets or into :class:`Settings`.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

from desktop_app.core.capabilities import format_overrides, parse_overrides
from desktop_app.core.settings import Profile
from desktop_app.services.settings_service import SettingsService
from desktop_app.ui.style import set_style_property


def parse_headers(text: str) -> tuple[tuple[tuple[str, str], ...], int]:
    """Parse "Name: value" lines; returns the headers and the first bad line (0 if none)."""
    headers: list[tuple[str, str]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        name, sep, value = line.partition(":")
        if not sep or not name.strip() or any(c.isspace() for c in name.strip()):
            return tuple(headers), number
        headers.append((name.strip(), value.strip()))
    return tuple(headers), 0


def format_headers(headers: tuple[tuple[str, str], ...]) -> str:
    return "\n".join(f"{name}: {value}" for name, value in headers)


class ProfileForm(QWidget):
    """Edits one :class:`Profile` plus the key typed for it.

    Args:
        service: Says whether a key is stored and whether keys are secure.
        parent: The owning widget.

    Signals:
        edited: any field was changed by the user.
    """

    edited = Signal()

    def __init__(self, service: SettingsService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._service = service
        self._key_edited = False
        self._bad_header_line = 0
        self._picker: QFileDialog | None = None
        self._build()

    # ---------------------------------------------------------------- API

    def show_profile(self, profile: Profile, pending_key: str | None) -> None:
        """Fill the fields without emitting :attr:`edited`."""
        self.blockSignals(True)
        self.name.setText(profile.name)
        self.base_url.setText(profile.base_url)
        self.model.clear()
        self.model.setEditText(profile.default_model)
        self.headers.setPlainText(format_headers(profile.extra_headers))
        self.proxy.setText(profile.proxy or "")
        self.ca_bundle.setText(profile.ca_bundle or "")
        self.models_info.setPlainText(format_overrides(profile.model_overrides))
        self.key.setText(pending_key or "")
        self._key_edited = pending_key is not None
        stored = self._service.stored_api_key(profile.id) is not None
        self.key.setPlaceholderText(
            self.tr("A key is saved — type to replace it")
            if stored
            else self.tr("Paste the API key (leave empty for local servers)")
        )
        self.blockSignals(False)
        self._check_headers()

    def edited_profile(self, old: Profile) -> Profile:
        """``old`` with the fields as shown (the id never changes)."""
        headers, _ = parse_headers(self.headers.toPlainText())
        return replace(
            old,
            name=self.name.text().strip() or old.name,
            base_url=self.base_url.text().strip(),
            default_model=self.model.currentText().strip(),
            extra_headers=headers,
            proxy=self.proxy.text().strip() or None,
            ca_bundle=self.ca_bundle.text().strip() or None,
            model_overrides=parse_overrides(self.models_info.toPlainText())[0],
        )

    def key_was_edited(self) -> bool:
        return self._key_edited

    def key_text(self) -> str:
        return self.key.text().strip()

    def header_error(self) -> str:
        """A sentence about the first malformed header line, or ""."""
        if not self._bad_header_line:
            return ""
        msg = self.tr('Extra headers, line %1: write one "Name: value" per line.')
        return msg.replace("%1", str(self._bad_header_line))

    def offer_models(self, models: list[str]) -> None:
        """Put the server's models in the model box, keeping what is typed."""
        current = self.model.currentText()
        self.model.blockSignals(True)
        self.model.clear()
        self.model.addItems(models)
        self.model.setEditText(current or (models[0] if models else ""))
        self.model.blockSignals(False)
        if not current and models:
            self.edited.emit()

    def last_field(self) -> QWidget:
        """The last control in tab order (the page chains its buttons after it)."""
        return self.browse

    # ------------------------------------------------------------ internals

    def _build(self) -> None:
        self.name = QLineEdit(self)
        self.base_url = QLineEdit(self)
        self.base_url.setPlaceholderText("https://api.example.com/v1")
        self.key = QLineEdit(self)
        self.key.setEchoMode(QLineEdit.EchoMode.Password)
        self.model = QComboBox(self)
        self.model.setEditable(True)
        self.headers = QPlainTextEdit(self)
        self.headers.setTabChangesFocus(True)
        self.headers.setPlaceholderText("X-Title: Afarensis Chat")
        self.headers.setFixedHeight(self.fontMetrics().lineSpacing() * 3 + 16)
        self.proxy = QLineEdit(self)
        self.proxy.setPlaceholderText("http://proxy.example:3128")
        self.ca_bundle = QLineEdit(self)
        self.browse = QPushButton(self.tr("Browse…"), self)
        # Per-model vision and context length, where the server does not say (issue 15).
        self.models_info = QPlainTextEdit(self)
        self.models_info.setTabChangesFocus(True)
        self.models_info.setPlaceholderText("llava:13b | yes | 4096")
        self.models_info.setToolTip(
            self.tr(
                "One model a line: name | sees images (yes/no) | context length in tokens. "
                "Used where the server does not say."
            )
        )
        self.models_info.setFixedHeight(self.fontMetrics().lineSpacing() * 3 + 16)
        self.notice = QLabel(self)
        self.notice.setTextFormat(Qt.TextFormat.PlainText)  # may show server text
        self.notice.setWordWrap(True)
        self.header_hint = QLabel(self)
        self.header_hint.setTextFormat(Qt.TextFormat.PlainText)  # may show server text
        self.header_hint.setObjectName("TestResult")
        self.header_hint.setWordWrap(True)
        self._describe()
        self._lay_out()
        self._show_key_notice()
        for line in (self.name, self.base_url, self.proxy, self.ca_bundle):
            line.textEdited.connect(self.edited)
        self.ca_bundle.textChanged.connect(self.edited)
        self.key.textEdited.connect(self._key_typed)
        self.model.editTextChanged.connect(self.edited)
        self.headers.textChanged.connect(self._check_headers)
        self.headers.textChanged.connect(self.edited)
        self.models_info.textChanged.connect(self.edited)
        self.browse.clicked.connect(self._pick_ca_bundle)

    def _describe(self) -> None:
        for widget, name in (
            (self.name, self.tr("Profile name")),
            (self.base_url, self.tr("Base URL")),
            (self.key, self.tr("API key")),
            (self.model, self.tr("Default model")),
            (self.headers, self.tr("Extra headers")),
            (self.proxy, self.tr("Proxy")),
            (self.ca_bundle, self.tr("CA bundle path")),
            (self.browse, self.tr("Choose a CA bundle file")),
            (self.models_info, self.tr("Model capabilities")),
        ):
            widget.setAccessibleName(name)

    def _lay_out(self) -> None:
        ca_row = QHBoxLayout()
        ca_row.addWidget(self.ca_bundle, 1)
        ca_row.addWidget(self.browse)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(self.tr("Na&me:"), self.name)
        form.addRow(self.tr("&Base URL:"), self.base_url)
        form.addRow(self.tr("API &key:"), self.key)
        form.addRow("", self.notice)
        form.addRow(self.tr("Default mo&del:"), self.model)
        form.addRow(self.tr("Extra &headers:"), self.headers)
        form.addRow("", self.header_hint)
        form.addRow(self.tr("&Proxy:"), self.proxy)
        ca_label = QLabel(self.tr("&CA bundle:"), self)
        ca_label.setBuddy(self.ca_bundle)  # a row layout has no buddy of its own
        form.addRow(ca_label, ca_row)
        form.addRow(self.tr("&Models:"), self.models_info)

    def _show_key_notice(self) -> None:
        """Say where keys go; warn plainly when they only live in memory."""
        if self._service.keys_are_secure:
            text = self.tr("Keys are stored in the system keyring (%1), never in files.")
            self.notice.setText(text.replace("%1", self._service.secret_backend))
            self.notice.setProperty("muted", True)
            return
        self.notice.setText(
            self.tr(
                "No secure keyring is available, so API keys are kept in memory for "
                "this session only. You will need to enter them again next time."
            )
        )
        self.notice.setObjectName("TestResult")
        set_style_property(self.notice, "kind", "error")

    def _key_typed(self) -> None:
        self._key_edited = True
        self.edited.emit()

    def _check_headers(self) -> None:
        _, self._bad_header_line = parse_headers(self.headers.toPlainText())
        self.header_hint.setText(self.header_error())
        self.header_hint.setVisible(bool(self._bad_header_line))
        set_style_property(self.header_hint, "kind", "error")

    def _pick_ca_bundle(self) -> None:
        """A non-modal picker: the settings window stays usable, nothing blocks."""
        self._picker = QFileDialog(self, self.tr("Choose a CA bundle"))
        self._picker.setFileMode(QFileDialog.FileMode.ExistingFile)
        self._picker.setNameFilter(self.tr("Certificates (*.pem *.crt *.cer);;All files (*)"))
        self._picker.fileSelected.connect(self.ca_bundle.setText)
        self._picker.open()
