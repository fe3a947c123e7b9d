"""First run: pick a server, paste a key, chat. A panel, not a modal wall."""

from __future__ import annotations

from urllib.parse import urlsplit

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.settings import PROVIDER_PRESETS, ProviderPreset


class WelcomePanel(QWidget):
    """Shown in the chat area while no API key is set.

    Signals:
        configured(str, str, str, str): (server name, base URL, model, API key).
        test_requested(str, str, str): (base URL, model, API key) to try now.
    """

    configured = Signal(str, str, str, str)
    test_requested = Signal(str, str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("Welcome")
        title = QLabel(self.tr("Welcome to Afarensis Chat"), self)
        title.setObjectName("WelcomeTitle")
        intro = QLabel(
            self.tr(
                "Choose your server and paste your API key to start. The key is kept in "
                "your system keyring, never in a file. Local servers (Ollama, LM Studio) "
                "need no key."
            ),
            self,
        )
        intro.setWordWrap(True)
        self.preset = QComboBox(self)
        self.preset.setAccessibleName(self.tr("Server"))
        for preset in PROVIDER_PRESETS:
            self.preset.addItem(preset.name, preset)
        self.preset.addItem(self.tr("Custom server"), None)
        self.base_url = QLineEdit(self)
        self.base_url.setAccessibleName(self.tr("Base URL"))
        self.model = QLineEdit(self)
        self.model.setAccessibleName(self.tr("Model"))
        self.key = QLineEdit(self)
        self.key.setObjectName("WelcomeKey")
        self.key.setEchoMode(QLineEdit.EchoMode.Password)
        self.key.setPlaceholderText(self.tr("Paste your API key"))
        self.key.setAccessibleName(self.tr("API key"))
        self.test = QPushButton(self.tr("Test connection"), self)
        self.test.setAccessibleName(self.tr("Test connection"))
        self.test_result = QLabel(self)
        self.test_result.setObjectName("TestResult")
        self.test_result.setTextFormat(Qt.TextFormat.PlainText)  # server text, never rich
        self.test_result.setWordWrap(True)
        self.start = QPushButton(self.tr("Start chatting"), self)
        self.start.setObjectName("WelcomeStart")
        self.start.setAccessibleName(self.tr("Start chatting"))
        self.start.setDefault(True)
        form = QFormLayout()
        form.addRow(self.tr("Server"), self.preset)
        form.addRow(self.tr("Base URL"), self.base_url)
        form.addRow(self.tr("Model"), self.model)
        form.addRow(self.tr("API key"), self.key)
        box = QWidget(self)
        box.setMaximumWidth(560)
        inner = QVBoxLayout(box)
        inner.addWidget(title)
        inner.addWidget(intro)
        inner.addLayout(form)
        inner.addWidget(self.test_result)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.test)
        buttons.addWidget(self.start)
        inner.addLayout(buttons)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(box, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)
        # A word-wrapped intro (e.g. Chinese) makes the layout under-estimate
        # the box's height and squash the fields; never below their own height.
        for field in (self.preset, self.base_url, self.model, self.key):
            field.setMinimumHeight(field.sizeHint().height())
        self.preset.currentIndexChanged.connect(self._preset_chosen)
        self.key.returnPressed.connect(self._start)
        self.start.clicked.connect(self._start)
        self.test.clicked.connect(self._test)
        self._preset_chosen(0)

    def prefill(self, base_url: str, model: str) -> None:
        if base_url:
            self.base_url.setText(base_url)
        if model:
            self.model.setText(model)

    def show_test_result(self, ok: bool, text: str) -> None:
        """What the connection test found (plain text: it may quote the server)."""
        self.test_result.setProperty("kind", "ok" if ok else "error")
        self.test_result.setText(text)
        self.test_result.style().unpolish(self.test_result)
        self.test_result.style().polish(self.test_result)

    def server_name(self) -> str:
        """The preset's name, or the host for a custom URL (never a wrong preset name)."""
        preset = self.preset.currentData()
        url = self.base_url.text().strip()
        if isinstance(preset, ProviderPreset) and url.rstrip("/") == preset.base_url.rstrip("/"):
            return preset.name
        return urlsplit(url).netloc or url or self.tr("Custom server")

    def _preset_chosen(self, index: int) -> None:
        preset = self.preset.itemData(index)
        if isinstance(preset, ProviderPreset):
            self.base_url.setText(preset.base_url)
            self.model.setText(preset.default_model)
        else:  # a custom server: the user types its URL
            self.base_url.clear()
            self.model.clear()
            self.base_url.setPlaceholderText("http://localhost:8000/v1")
        self.test_result.clear()

    def _test(self) -> None:
        url = self.base_url.text().strip()
        if not url:
            self.base_url.setFocus()
            return
        self.show_test_result(True, self.tr("Testing…"))
        self.test_requested.emit(url, self.model.text().strip(), self.key.text().strip())

    def _start(self) -> None:
        url = self.base_url.text().strip()
        if not url:
            self.base_url.setFocus()
            return
        self.configured.emit(
            self.server_name(), url, self.model.text().strip(), self.key.text().strip()
        )
