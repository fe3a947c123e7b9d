"""Shortcut labels come from the platform (⌘K on macOS), and macOS gets its keys.

The platform is simulated: Qt's NativeText spelling for macOS is swapped in
for ``native_text``, and the keymap is asked for ``darwin``.
"""

from __future__ import annotations

import pytest
from PySide6.QtGui import QAction, QKeySequence
from pytestqt.qtbot import QtBot

from desktop_app.core.keymap import keys_for
from desktop_app.core.settings import SendKey
from desktop_app.ui import main_window as main_window_module
from desktop_app.ui import shortcut_labels
from desktop_app.ui.conversations_model import ConversationsModel
from desktop_app.ui.main_window import MainWindow


def _mac_native(portable: str) -> str:
    """How Qt spells a portable sequence on macOS (Ctrl is Command there)."""
    return portable.replace("Ctrl+", "⌘").replace("Enter", "↩")


def _window(qtbot: QtBot) -> MainWindow:
    model = ConversationsModel(lambda o, n: [], lambda: 0, lambda i, t: None)
    window = MainWindow(model)
    qtbot.addWidget(window)
    return window


def test_labels_say_what_the_platform_calls_the_keys(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(shortcut_labels, "native_text", _mac_native)
    window = _window(qtbot)
    assert "⌘K" in window.sidebar.search.placeholderText()
    assert "Ctrl" not in window.sidebar.search.placeholderText()
    window.composer.set_send_key(SendKey.CTRL_ENTER)
    assert "⌘↩" in window.composer.edit.placeholderText()


def test_on_linux_the_label_is_qts_native_text(qtbot: QtBot) -> None:
    window = _window(qtbot)
    native = QKeySequence("Ctrl+K").toString(QKeySequence.SequenceFormat.NativeText)
    assert f"({native})" in window.sidebar.search.placeholderText()


def test_macos_switches_chats_with_cmd_shift_brackets(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(main_window_module, "keys_for", lambda i: keys_for(i, "darwin"))
    window = _window(qtbot)
    by_name = {a.text(): a for a in window.actions() if isinstance(a, QAction)}
    previous = [s.toString() for s in by_name["Previous conversation"].shortcuts()]
    following = [s.toString() for s in by_name["Next conversation"].shortcuts()]
    assert previous[0] == "Ctrl+Shift+[" and "Ctrl+PgUp" in previous
    assert following[0] == "Ctrl+Shift+]" and "Ctrl+PgDown" in following


def test_cmd_backspace_moves_the_selected_chat_to_trash_on_macos(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    import time

    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from desktop_app.core.history import ConversationSummary
    from desktop_app.ui import sidebar as sidebar_module

    monkeypatch.setattr(sidebar_module, "keys_for", lambda i: keys_for(i, "darwin"))
    rows = [ConversationSummary("c1", "Chat", time.time(), time.time())]
    model = ConversationsModel(lambda o, n: rows[o : o + n], lambda: 1, lambda i, t: None)
    model.reload()
    window = MainWindow(model)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    listing = window.sidebar.list
    listing.setCurrentIndex(model.index(0))
    window.activateWindow()
    listing.setFocus()
    qtbot.waitUntil(listing.hasFocus)
    assert window.sidebar.selected_ids() == ["c1"]
    with qtbot.waitSignal(window.sidebar.delete_requested, timeout=1000) as deleted:
        QTest.keyClick(listing, Qt.Key.Key_Backspace, Qt.KeyboardModifier.ControlModifier)
    assert deleted.args == [["c1"]]
