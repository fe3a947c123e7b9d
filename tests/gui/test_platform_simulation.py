"""Code paths that differ by platform, each run here with the platform simulated.

CI runs the real thing on Windows and macOS (.github/workflows/ci.yml); these
keep the branches honest on every Linux run too: how a link is opened, where
macOS users find Preferences and Quit, and how a signal asks for an orderly quit.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys

import pytest
from PySide6.QtCore import QTimer, QUrl
from PySide6.QtGui import QAction, QDesktopServices
from PySide6.QtWidgets import QApplication, QMenu
from pytestqt.qtbot import QtBot

from desktop_app.app import loop as loop_module
from desktop_app.ui import links
from desktop_app.ui.conversations_model import ConversationsModel
from desktop_app.ui.main_window import MainWindow


@pytest.mark.parametrize(
    ("platform", "launcher"),
    [
        ("darwin", ["/usr/bin/open"]),
        ("linux", ["xdg-open"]),
        ("freebsd14", ["xdg-open"]),
        ("win32", None),  # Qt's QDesktopServices (ShellExecute) opens it
    ],
)
def test_each_platform_opens_links_with_its_own_launcher(
    monkeypatch: pytest.MonkeyPatch, platform: str, launcher: list[str] | None
) -> None:
    monkeypatch.setattr(sys, "platform", platform)
    assert links._launcher() == launcher


def test_on_windows_a_link_goes_to_qt_with_our_secrets_hidden(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setenv("AFARENSIS_API_KEY", "sk-hidden")
    opened: list[tuple[str, str | None]] = []

    def fake_open(url: QUrl) -> bool:
        opened.append((url.toString(), os.environ.get("AFARENSIS_API_KEY")))
        return True

    monkeypatch.setattr(QDesktopServices, "openUrl", fake_open)
    assert links.open_external(QUrl("https://example.com/x"))
    assert opened == [("https://example.com/x", None)]


def _window(qtbot: QtBot) -> MainWindow:
    model = ConversationsModel(lambda o, n: [], lambda: 0, lambda i, t: None)
    window = MainWindow(model)
    qtbot.addWidget(window)
    return window


def _menu_actions(window: MainWindow) -> list[QAction]:
    return [action for menu in window.menuBar().findChildren(QMenu) for action in menu.actions()]


def test_macos_puts_preferences_and_quit_in_the_application_menu(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "platform", "darwin")
    window = _window(qtbot)
    roles = {action.menuRole(): action for action in _menu_actions(window)}
    preferences = roles[QAction.MenuRole.PreferencesRole]
    quit_action = roles[QAction.MenuRole.QuitRole]
    with qtbot.waitSignal(window.settings_requested, timeout=1000):
        preferences.trigger()
    with qtbot.waitSignal(window.quit_requested, timeout=1000):
        quit_action.trigger()


@pytest.mark.parametrize("platform", ["linux", "win32"])
def test_elsewhere_there_is_no_menu_bar_the_gear_is_the_entry(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, platform: str
) -> None:
    monkeypatch.setattr(sys, "platform", platform)
    assert _menu_actions(_window(qtbot)) == []


def test_sigterm_and_ctrl_c_ask_for_an_orderly_quit(
    qapp: QApplication, loop: asyncio.AbstractEventLoop
) -> None:
    """On every platform the handler only sets the quit event; the loop does the rest."""
    saved = {n: signal.getsignal(n) for n in (signal.SIGTERM, signal.SIGINT)}
    before = set(qapp.findChildren(QTimer))
    try:
        for signum in saved:
            quit_requested = asyncio.Event()
            loop_module._quit_on_signals(loop, quit_requested)
            handler = signal.getsignal(signum)
            assert callable(handler) and handler is not saved[signum]
            handler(signum, None)  # as the OS would deliver it
            loop.run_until_complete(asyncio.wait_for(quit_requested.wait(), 5))
    finally:
        for signum, handler in saved.items():
            signal.signal(signum, handler)
    tickers = set(qapp.findChildren(QTimer)) - before
    # Python runs signal handlers only when it gets control: a timer gives it that.
    assert tickers and all(t.isActive() and t.interval() <= 250 for t in tickers)
    for ticker in tickers:
        ticker.stop()
        ticker.deleteLater()
