"""Settings window: presets fill fields, keys go to the keyring, tests report plainly."""

from __future__ import annotations

import asyncio

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QWidget
from pytestqt.qtbot import QtBot

from desktop_app.core.errors import NetworkError
from desktop_app.core.settings import SendKey, Settings, Theme, settings_to_dict
from desktop_app.ui.settings_dialog import SettingsDialog
from tests.unit.services.test_settings_service import Harness


def _dialog(qtbot: QtBot, harness: Harness) -> SettingsDialog:
    dialog = SettingsDialog(harness.service)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _click(qtbot: QtBot, dialog: SettingsDialog, kind: QDialogButtonBox.StandardButton) -> None:
    qtbot.mouseClick(dialog.buttons.button(kind), Qt.MouseButton.LeftButton)


def _add_preset(dialog: SettingsDialog, name: str) -> None:
    menu = dialog.profiles.add_button.menu()
    assert menu is not None
    next(a for a in menu.actions() if a.text() == name).trigger()


def test_is_non_modal(qtbot: QtBot) -> None:
    dialog = _dialog(qtbot, Harness())
    assert dialog.isVisible()
    assert not dialog.isModal()


def test_ollama_preset_fills_base_url(qtbot: QtBot) -> None:
    dialog = _dialog(qtbot, Harness())
    _add_preset(dialog, "Ollama")
    assert dialog.profiles.form.base_url.text() == "http://localhost:11434/v1"
    assert dialog.profiles.form.model.currentText() == "llama3.2"
    assert dialog.profiles.list.currentItem().text() == "Ollama"


def test_api_key_goes_to_secret_store_not_settings_file(qtbot: QtBot) -> None:
    harness = Harness()
    dialog = _dialog(qtbot, harness)
    qtbot.keyClicks(dialog.profiles.form.key, "sk-typed-secret")
    _click(qtbot, dialog, QDialogButtonBox.StandardButton.Apply)
    assert harness.secrets.keys == {"default": "sk-typed-secret"}
    assert harness.saved, "Apply saves the settings"
    assert "sk-typed-secret" not in repr(settings_to_dict(harness.saved[-1]))


def test_stored_key_is_never_shown(qtbot: QtBot) -> None:
    harness = Harness()
    harness.secrets.keys["default"] = "sk-stored"
    dialog = _dialog(qtbot, harness)
    assert dialog.profiles.form.key.text() == ""
    assert "saved" in dialog.profiles.form.key.placeholderText()


def test_memory_only_keys_show_the_notice(qtbot: QtBot) -> None:
    dialog = _dialog(qtbot, Harness(secure=False))
    assert "memory" in dialog.profiles.form.notice.text()


def test_ok_emits_settings_and_closes(qtbot: QtBot) -> None:
    dialog = _dialog(qtbot, Harness())
    dialog.general.theme.setCurrentIndex(dialog.general.theme.findData("dark"))
    dialog.general.send_key.setCurrentIndex(1)
    with qtbot.waitSignal(dialog.settings_changed) as blocker:
        _click(qtbot, dialog, QDialogButtonBox.StandardButton.Ok)
    settings = blocker.args[0]
    assert isinstance(settings, Settings)
    assert settings.theme is Theme.DARK and settings.send_key is SendKey.CTRL_ENTER
    assert not dialog.isVisible()


def test_bad_header_line_blocks_saving_with_a_reason(qtbot: QtBot) -> None:
    harness = Harness()
    dialog = _dialog(qtbot, harness)
    dialog.profiles.form.headers.setPlainText("X-Title: Me\nnot a header")
    _click(qtbot, dialog, QDialogButtonBox.StandardButton.Apply)
    assert harness.saved == []
    assert "line 2" in dialog.error.text()


def test_headers_and_proxy_are_saved(qtbot: QtBot) -> None:
    harness = Harness()
    dialog = _dialog(qtbot, harness)
    dialog.profiles.form.headers.setPlainText("X-Title: Me")
    qtbot.keyClicks(dialog.profiles.form.proxy, "http://proxy:3128")
    assert dialog.apply()
    profile = harness.service.settings.active_profile
    assert profile.extra_headers == (("X-Title", "Me"),)
    assert profile.proxy == "http://proxy:3128"


def test_removing_profile_and_choosing_active(qtbot: QtBot) -> None:
    harness = Harness()
    dialog = _dialog(qtbot, harness)
    _add_preset(dialog, "LM Studio")
    dialog.profiles.active.setCurrentIndex(1)
    assert dialog.apply()
    assert harness.service.settings.active_profile.base_url == "http://localhost:1234/v1"
    dialog.profiles.list.setCurrentRow(0)
    qtbot.mouseClick(dialog.profiles.remove_button, Qt.MouseButton.LeftButton)
    assert dialog.apply()
    assert [p.name for p in harness.service.settings.profiles] == ["LM Studio"]


def test_connection_failure_shows_plain_message(
    qtbot: QtBot, loop: asyncio.AbstractEventLoop
) -> None:
    harness = Harness()
    harness.error = NetworkError()
    dialog = _dialog(qtbot, harness)
    qtbot.mouseClick(dialog.profiles.test_button, Qt.MouseButton.LeftButton)
    assert dialog.profiles.test_task is not None
    loop.run_until_complete(dialog.profiles.test_task)
    assert dialog.profiles.test_result.text() == NetworkError.default_message
    assert dialog.profiles.test_result.property("kind") == "error"
    assert dialog.profiles.test_button.isEnabled()


def test_connection_success_lists_models_and_offers_them(
    qtbot: QtBot, loop: asyncio.AbstractEventLoop
) -> None:
    harness = Harness()
    harness.models = ["m4", "m2", "m3", "m1"]
    dialog = _dialog(qtbot, harness)
    qtbot.keyClicks(dialog.profiles.form.key, "sk-new")
    qtbot.mouseClick(dialog.profiles.test_button, Qt.MouseButton.LeftButton)
    assert dialog.profiles.test_task is not None
    loop.run_until_complete(dialog.profiles.test_task)
    assert dialog.profiles.test_result.text() == "Connected — 4 models: m1, m2, m3…"
    assert harness.tested[0][1] == "sk-new"  # the typed, unsaved key is tested
    assert dialog.profiles.form.model.count() == 4


def test_prompt_presets_and_default_params(qtbot: QtBot) -> None:
    harness = Harness()
    dialog = _dialog(qtbot, harness)
    qtbot.mouseClick(dialog.prompts.add_button, Qt.MouseButton.LeftButton)
    dialog.prompts.name.setText("")
    qtbot.keyClicks(dialog.prompts.name, "Translator")
    dialog.prompts.text.setPlainText("Translate to French.")
    dialog.params.json_mode.setChecked(True)
    assert dialog.apply()
    settings = harness.service.settings
    assert [(p.name, p.text) for p in settings.prompt_presets] == [
        ("Translator", "Translate to French.")
    ]
    assert settings.default_params.json_mode


def test_every_input_has_an_accessible_name(qtbot: QtBot) -> None:
    dialog = _dialog(qtbot, Harness())
    kinds: tuple[str, ...] = ("QLineEdit", "QPlainTextEdit", "QComboBox", "QSpinBox")
    kinds += ("QDoubleSpinBox",)
    kinds += ("QCheckBox", "QPushButton", "QToolButton", "QListWidget")
    unnamed = [
        f"{w.metaObject().className()} {w.objectName()}"
        for w in dialog.findChildren(QWidget)
        if w.metaObject().className() in kinds
        and not w.accessibleName()
        and not w.objectName().startswith("qt_")
        and (parent := w.parent()) is not None
        and parent.metaObject().className() not in ("QSpinBox", "QDoubleSpinBox", "QComboBox")
    ]
    assert unnamed == []


def test_no_label_shows_a_stray_ampersand(qtbot: QtBot) -> None:
    """A "&" meant as a mnemonic is drawn literally when the label has no buddy."""
    from PySide6.QtWidgets import QLabel

    dialog = SettingsDialog(Harness().service)
    qtbot.addWidget(dialog)
    stray = [
        label.text()
        for label in dialog.findChildren(QLabel)
        if "&" in label.text().replace("&&", "")
        and label.textFormat() is not Qt.TextFormat.RichText
        and "<" not in label.text()
        and label.buddy() is None
    ]
    assert stray == []
