"""Every view a user meets, rendered in zh_CN, shows no untranslated English.

The texts on screen (labels, buttons, placeholders, menu entries, tab and
window titles, tooltips, sidebar headings, the footer of a cut-off reply)
are collected from the real window and its dialogs and matched against every
source string of the translation file, placeholders included: a text that is
still its English source means a string that was never wrapped in ``tr``, or
that was translated before the translator was installed.
"""

from __future__ import annotations

import asyncio
import re
import time
import xml.etree.ElementTree as ET  # our own checked-in file
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QAbstractItemModel, QModelIndex, Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QTabWidget,
    QTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from desktop_app.core.models import Conversation, FinishReason
from desktop_app.resources_path import resource_path
from desktop_app.store.conversations import SqliteConversationStore
from desktop_app.ui.conversation_settings import ConversationSettingsDialog
from desktop_app.ui.conversations_model import GroupRole
from desktop_app.ui.i18n import install_translator, remove_translator
from desktop_app.ui.settings_dialog import SettingsDialog
from tests.gui.app_harness import App, build_app
from tests.unit.services.scripted_backend import ScriptedBackend, reply
from tests.unit.services.test_settings_service import Harness

TS_FILE = resource_path("i18n", "zh_CN.ts")


def _sources() -> list[tuple[str, re.Pattern[str]]]:
    """Each translated English source as a pattern (``{n}``/``%1`` match anything)."""
    root = ET.parse(TS_FILE).getroot()
    out = []
    for message in root.iter("message"):
        source = message.findtext("source") or ""
        translation = message.find("translation")
        texts = [] if translation is None else [translation.text or ""]
        texts += [f.text or "" for f in message.iter("numerusform")]
        literal = re.sub(r"\{[a-z_]*\}|%[0-9n]", "", source)
        if not _has_words(literal) or _normal(source) in map(_normal, texts):
            continue  # "OK"-like symbols and names translated as themselves
        pattern = re.escape(_normal(source))
        pattern = re.sub(r"\\\{[a-z_]*\\\}|%[0-9n]", ".+", pattern)
        out.append((source, re.compile(pattern, re.DOTALL)))
    return out


def _normal(text: str) -> str:
    """Drop mnemonics, rich-text tags and the punctuation a label adds around a source."""
    if re.search(r"<[a-z/][^>]*>", text):
        document = QTextDocument()
        document.setHtml(text)
        text = document.toPlainText()
    text = re.sub(r"&(?!&)", "", text).replace("&&", "&")
    return text.strip().rstrip(":：…").strip()


def _has_words(text: str) -> bool:
    return re.search(r"[A-Za-z]{3,}", text) is not None


def _widget_texts(top: QWidget) -> Iterator[str]:
    yield top.windowTitle()
    for widget in [top, *top.findChildren(QWidget)]:
        if not widget.isVisibleTo(top) and widget is not top:
            continue
        yield widget.toolTip()
        if isinstance(widget, QLabel | QAbstractButton):
            yield widget.text()
        if isinstance(widget, QLineEdit | QPlainTextEdit | QTextEdit):
            yield widget.placeholderText()
        if isinstance(widget, QComboBox):
            yield from (widget.itemText(i) for i in range(widget.count()))
        if isinstance(widget, QGroupBox):
            yield widget.title()
        if isinstance(widget, QTabWidget):
            yield from (widget.tabText(i) for i in range(widget.count()))
        for action in widget.actions():
            yield action.text()
            yield action.toolTip()


def _model_texts(model: QAbstractItemModel) -> Iterator[str]:
    for row in range(model.rowCount(QModelIndex())):
        index = model.index(row, 0)
        for role in (Qt.ItemDataRole.DisplayRole, GroupRole):
            value = index.data(role)
            if isinstance(value, str):
                yield value


def _untranslated(texts: Iterator[str]) -> list[str]:
    sources = _sources()
    found = set()
    for text in texts:
        shown = _normal(text or "")
        if not _has_words(shown):
            continue
        for source, pattern in sources:
            if pattern.fullmatch(shown):
                found.add(f"{shown!r} (source {source!r})")
    return sorted(found)


@pytest.fixture
def chinese(qapp: QApplication) -> Iterator[None]:
    translator = install_translator(qapp, "zh_CN")
    assert translator is not None
    yield
    remove_translator(qapp, translator)


@pytest.fixture
def app(
    qtbot: QtBot,
    chinese: None,
    loop: asyncio.AbstractEventLoop,
    store: SqliteConversationStore,
) -> App:
    old = time.time() - 400 * 86400  # sits under a month heading of an earlier year
    store.save_conversation(Conversation("older", "旧的对话", created_at=old, updated_at=old))
    backend = ScriptedBackend(reply("第一部分", reason=FinishReason.LENGTH))
    built = build_app(store, loop, backend)
    qtbot.addWidget(built.window)
    built.window.composer.set_text("你好")
    built.window.composer._send()
    built.idle()
    return built


def test_the_main_window_with_a_cut_off_reply_is_all_chinese(app: App) -> None:
    texts = [*_widget_texts(app.window), *_model_texts(app.window.sidebar.list.model())]
    for card in app.cards():  # the footer's links ("Continue · Raise the limit")
        texts += [label.text() for label in card.findChildren(QLabel)]
    assert "新对话" in texts or any("你好" in t for t in texts)
    assert _untranslated(iter(texts)) == []
    headings = list(_model_texts(app.window.sidebar.list.model()))
    assert headings and not [h for h in headings if re.search("[A-Za-z]", h)]


def test_the_check_itself_sees_english(qapp: QApplication) -> None:
    assert _untranslated(iter(["&Font size:", "Trash"])) != []
    assert _untranslated(iter(["字体大小(&F)：", "fake-model", "https://example.com"])) == []


def test_the_trash_and_search_views_are_all_chinese(app: App) -> None:
    app.window.sidebar.search.setText("你好")
    app.wait(lambda: app.window.sidebar.results.rowCount() > 0, "a hit")
    searched = [*_widget_texts(app.window.sidebar), *_model_texts(app.window.sidebar.results)]
    app.window.sidebar.search.clear()
    app.presenter.show_trash(True)
    app.settle()
    trashed = [*_widget_texts(app.window.sidebar), *_model_texts(app.window.sidebar.list.model())]
    assert _untranslated(iter(searched + trashed)) == []


@pytest.mark.qt_log_ignore("This plugin does not support")  # popups, offscreen
def test_the_sidebar_menus_are_all_chinese(app: App) -> None:
    sidebar = app.window.sidebar
    sidebar.list.customContextMenuRequested.emit(
        sidebar.list.visualRect(app.model.index(0)).center()
    )
    menus = sidebar.findChildren(QMenu, options=Qt.FindChildOption.FindDirectChildrenOnly)
    more = sidebar.more_button.menu()
    texts = [a.text() for m in [*menus, *([more] if more else [])] for a in m.actions()]
    assert len(texts) >= 4
    assert _untranslated(iter(texts)) == []


def test_the_settings_windows_are_all_chinese(qtbot: QtBot, chinese: None) -> None:
    harness = Harness()
    dialog = SettingsDialog(harness.service)
    qtbot.addWidget(dialog)
    texts = []
    for i in range(dialog.tabs.count()):
        dialog.tabs.setCurrentIndex(i)
        texts += list(_widget_texts(dialog))
    assert _untranslated(iter(texts)) == []


def test_the_conversation_settings_are_all_chinese(app: App, qtbot: QtBot) -> None:
    dialog = ConversationSettingsDialog(
        app.history, Harness().service, app.controller.conversation_id
    )
    qtbot.addWidget(dialog)
    assert _untranslated(_widget_texts(dialog)) == []


def test_the_welcome_screen_is_all_chinese(app: App) -> None:
    app.window.show_welcome(True)
    app.settle()
    assert _untranslated(_widget_texts(app.window.welcome)) == []


def test_older_chats_are_headed_by_month_in_chinese(qapp: QApplication, chinese: None) -> None:
    from desktop_app.core.grouping import Group, GroupKey
    from desktop_app.ui.conversations_model import group_text

    assert group_text(GroupKey(Group.OLDER, 3, 2025)) == "2025年3月"
    assert group_text(GroupKey(Group.OLDER, 11)) == "11月"
    assert group_text(GroupKey(Group.TODAY)) == "今天"
