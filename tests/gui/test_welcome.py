from __future__ import annotations

from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop_app.core.settings import PROVIDER_PRESETS
from desktop_app.ui.i18n import install_translator, remove_translator
from desktop_app.ui.welcome import WelcomePanel


def test_fields_are_never_squashed_by_a_long_wrapped_intro(
    qtbot: QtBot, qapp: QApplication
) -> None:
    """Seen in Chinese: the wrapped intro made the form rows too short to read."""
    translator = install_translator(qapp, "zh_CN")
    try:
        panel = WelcomePanel()
        qtbot.addWidget(panel)
        panel.resize(1100, 700)
        panel.show()
        qtbot.waitExposed(panel)
        for field in (panel.preset, panel.base_url, panel.model, panel.key):
            assert field.height() >= field.sizeHint().height()
    finally:
        if translator is not None:
            remove_translator(qapp, translator)


def test_choosing_a_preset_fills_url_and_model_and_enter_submits(qtbot: QtBot) -> None:
    panel = WelcomePanel()
    qtbot.addWidget(panel)
    ollama = next(i for i, p in enumerate(PROVIDER_PRESETS) if p.name == "Ollama")
    panel.preset.setCurrentIndex(ollama)
    assert panel.base_url.text() == "http://localhost:11434/v1"
    got: list[tuple[str, str, str, str]] = []
    panel.configured.connect(lambda *args: got.append(args))
    panel.key.setText("  sk-123  ")
    panel.key.returnPressed.emit()
    assert got == [
        ("Ollama", "http://localhost:11434/v1", PROVIDER_PRESETS[ollama].default_model, "sk-123")
    ]
