"""Translations: Chinese shows up when chosen, and no string is left untranslated."""

from __future__ import annotations

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QTranslator
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QLabel
from pytestqt.qtbot import QtBot

from desktop_app.resources_path import resource_path
from desktop_app.translations import compile_ts
from desktop_app.ui.i18n import (
    install_translator,
    load_translator,
    remove_translator,
    resolve_language,
)
from desktop_app.ui.settings_dialog import SettingsDialog
from tests.unit.services.test_settings_service import Harness

TS_FILE = resource_path("i18n", "zh_CN.ts")
EN_TS_FILE = resource_path("i18n", "en.ts")
UI_DIR = Path(__file__).resolve().parents[2] / "desktop_app" / "ui"


@pytest.fixture
def chinese(qapp: QApplication) -> Iterator[None]:
    translator = install_translator(qapp, "zh_CN")
    assert translator is not None
    yield
    remove_translator(qapp, translator)


def test_settings_window_speaks_chinese(qtbot: QtBot, chinese: None) -> None:
    dialog = SettingsDialog(Harness().service)
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "设置"
    assert [dialog.tabs.tabText(i) for i in range(4)] == ["服务器", "常规", "提示词", "参数"]
    labels = [label.text() for label in dialog.general.findChildren(QLabel)]
    assert "主题(&T)：" in labels
    # Qt's own buttons come from Qt's shipped translations.
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel).text()
    assert ok != "Cancel"


def test_english_translator_holds_only_plural_forms(qapp: QApplication, qtbot: QtBot) -> None:
    translator = install_translator(qapp, "en")
    assert translator is not None
    try:
        assert translator.findChildren(QTranslator) == []  # no Qt translation for English
        dialog = SettingsDialog(Harness().service)
        qtbot.addWidget(dialog)
        assert dialog.tabs.tabText(0) == "Servers"
    finally:
        remove_translator(qapp, translator)


@pytest.mark.parametrize(
    ("language", "count", "expected"),
    [
        ("en", 1, "Connected — 1 model: m1"),
        ("en", 4, "Connected — 4 models: m1"),
        ("zh_CN", 1, "已连接——1 个模型：m1"),
        ("zh_CN", 4, "已连接——4 个模型：m1"),
    ],
)
def test_counts_take_the_plural_form_of_the_language(
    qapp: QApplication, language: str, count: int, expected: str
) -> None:
    """Qt's numerus rules: English has two forms, Chinese one."""
    translator = install_translator(qapp, language)
    assert translator is not None
    try:
        text = QCoreApplication.translate("ProfilesPage", "Connected — %n model(s): %1", "", count)
        assert text.replace("%1", "m1") == expected
    finally:
        remove_translator(qapp, translator)


@pytest.mark.parametrize(
    ("setting", "os_languages", "expected"),
    [
        ("", ["zh-Hans-CN", "en-US"], "zh_CN"),
        ("", ["zh-CN"], "zh_CN"),
        ("", ["zh-TW"], "en"),  # Traditional script: English beats the wrong script
        ("", ["de-DE", "zh-CN"], "zh_CN"),
        ("", ["de-DE"], "en"),
        ("en", ["zh-CN"], "en"),
        ("zh_CN", ["en-US"], "zh_CN"),
    ],
)
def test_language_follows_os_unless_chosen(
    setting: str, os_languages: list[str], expected: str
) -> None:
    assert resolve_language(setting, os_languages) == expected


def test_unfinished_entries_fall_back_to_english(tmp_path: Path, qapp: QApplication) -> None:
    ts = tmp_path / "x.ts"
    ts.write_text(
        '<?xml version="1.0" encoding="utf-8"?><TS version="2.1" language="zh_CN">'
        "<context><name>Ctx</name>"
        "<message><source>Done</source><translation>完成</translation></message>"
        '<message><source>Todo</source><translation type="unfinished">半</translation></message>'
        "</context></TS>",
        encoding="utf-8",
    )
    qm = tmp_path / "x.qm"
    compile_ts(ts, qm)
    translator = QTranslator(qapp)
    assert translator.load(str(qm))
    qapp.installTranslator(translator)
    try:
        assert QCoreApplication.translate("Ctx", "Done") == "完成"
        assert QCoreApplication.translate("Ctx", "Todo") == "Todo"
        assert QCoreApplication.translate("Other", "Done") == "Done"
    finally:
        qapp.removeTranslator(translator)


def _unfinished(path: Path) -> list[str]:
    root = ET.parse(path).getroot()
    return [
        f"{context.findtext('name')}: {message.findtext('source')!r}"
        for context in root.iter("context")
        for message in context.iter("message")
        if (t := message.find("translation")) is None or t.get("type") == "unfinished"
    ]


def test_committed_ts_has_no_unfinished_strings() -> None:
    assert _unfinished(TS_FILE) == []
    assert _unfinished(EN_TS_FILE) == []
    assert len(ET.parse(TS_FILE).getroot().findall("context/message")) > 100


def _lupdate_copy(ts: Path, tmp_path: Path, *options: str) -> Path:
    """Re-run lupdate on a copy of ``ts``: a new tr() string shows up as unfinished there."""
    lupdate = shutil.which("pyside6-lupdate", path=str(Path(sys.executable).parent))
    if lupdate is None:
        pytest.skip("pyside6-lupdate is not installed")
    copy = tmp_path / ts.name
    shutil.copy(ts, copy)
    sources = sorted(str(p) for p in UI_DIR.glob("*.py"))
    args = ["-silent", "-locations", "none", "-no-obsolete", *options, *sources, "-ts", str(copy)]
    subprocess.run([lupdate, *args], check=True, capture_output=True)
    return copy


def test_every_ui_string_is_in_the_ts(tmp_path: Path) -> None:
    """Fix: ``pyside6-lupdate -locations none -no-obsolete -target-language zh_CN
    desktop_app/ui/*.py -ts resources/i18n/zh_CN.ts`` and translate the new entries.
    """
    assert _unfinished(_lupdate_copy(TS_FILE, tmp_path)) == []


def test_every_plural_string_has_its_english_forms(tmp_path: Path) -> None:
    """A new ``tr("%n …", "", n)`` needs its English singular and plural in en.ts.

    Fix: ``pyside6-lupdate -pluralonly -locations none -no-obsolete -source-language en
    -target-language en desktop_app/ui/*.py -ts resources/i18n/en.ts`` and fill in both forms.
    """
    copy = _lupdate_copy(EN_TS_FILE, tmp_path, "-pluralonly")
    assert _unfinished(copy) == []
    forms = [f.text for f in ET.parse(copy).getroot().iter("numerusform")]
    assert forms and all(forms)


def test_sidebar_groups_and_the_placeholder_title_are_translated(qapp) -> None:
    import time

    from desktop_app.core.conversation import UNTITLED
    from desktop_app.core.history import ConversationSummary
    from desktop_app.ui.conversations_model import ConversationsModel, GroupRole
    from desktop_app.ui.i18n import install_translator, remove_translator

    now = time.time()
    rows = [ConversationSummary("a", UNTITLED, now, now)]
    model = ConversationsModel(lambda o, n: rows[o : o + n], lambda: 1, lambda i, t: None)
    translator = install_translator(qapp, "zh_CN")
    assert translator is not None
    try:
        model.reload()
        assert model.index(0).data(GroupRole) == "今天"
        assert model.index(0).data() == "新对话"
    finally:
        remove_translator(qapp, translator)


def test_strings_behind_module_tr_helpers_are_translated() -> None:
    """lupdate cannot see ``_tr("...")`` wrappers: check them against the compiled .qm here."""
    import ast

    translated = load_translator("zh_CN")
    assert translated is not None
    missing = []
    for source in sorted(UI_DIR.glob("*.py")):
        tree = ast.parse(source.read_text(encoding="utf-8"))
        contexts = [
            call.args[0].value
            for node in tree.body
            if isinstance(node, ast.FunctionDef) and node.name == "_tr"
            for call in ast.walk(node)
            if isinstance(call, ast.Call)
            and call.args
            and isinstance(call.args[0], ast.Constant)
            and isinstance(call.args[0].value, str)
        ]
        if not contexts:
            continue
        for call in ast.walk(tree):
            if (
                isinstance(call, ast.Call)
                and isinstance(call.func, ast.Name)
                and call.func.id == "_tr"
                and call.args
                and isinstance(call.args[0], ast.Constant)
                and isinstance(text := call.args[0].value, str)
                and not translated.translate(contexts[0], text)
            ):
                missing.append(f"{source.name}: {contexts[0]}: {text!r}")
    assert missing == []
