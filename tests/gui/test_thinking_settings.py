"""Settings for thinking models in the settings window: what is chosen is saved."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from tests.gui.test_settings_dialog import _click, _dialog
from tests.unit.services.test_settings_service import Harness


def test_thinking_choices_are_saved(qtbot: QtBot) -> None:
    dialog = _dialog(qtbot, Harness())
    general = dialog.general
    assert not general.thinking_expanded.isChecked() and not general.search_reasoning.isChecked()
    qtbot.mouseClick(general.thinking_expanded, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(general.search_reasoning, Qt.MouseButton.LeftButton)
    general.markdown_reasoning.setCurrentIndex(general.markdown_reasoning.findData("quote"))
    with qtbot.waitSignal(dialog.settings_changed) as blocker:
        _click(qtbot, dialog, QDialogButtonBox.StandardButton.Ok)
    settings = blocker.args[0]
    assert settings.thinking_expanded and settings.search_reasoning
    assert settings.markdown_reasoning == "quote"
