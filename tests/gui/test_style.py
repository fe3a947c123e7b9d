"""ThemeManager: dark looks dark, light looks light, System follows the OS."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import QApplication, QFrame, QLabel, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from desktop_app.core.settings import Theme
from desktop_app.ui.style import ThemeManager, set_style_property


@pytest.fixture
def themes(qapp: QApplication) -> Iterator[ThemeManager]:
    palette, sheet, font, style = (
        qapp.palette(),
        qapp.styleSheet(),
        qapp.font(),
        qapp.style().name(),
    )
    manager = ThemeManager(qapp)
    yield manager
    # Leave the shared QApplication as other tests expect it.
    qapp.setStyleSheet(sheet)
    qapp.setPalette(palette)
    qapp.setFont(font)
    qapp.setStyle(style)


def _window_lightness(widget: QWidget) -> int:
    image = widget.grab().toImage()
    return image.pixelColor(image.width() // 2, image.height() // 2).lightness()


@pytest.mark.parametrize(("theme", "dark"), [(Theme.DARK, True), (Theme.LIGHT, False)])
def test_theme_sets_window_background(
    qtbot: QtBot, themes: ThemeManager, theme: Theme, dark: bool
) -> None:
    themes.apply(theme)
    widget = QWidget()
    widget.setAutoFillBackground(True)
    widget.resize(80, 60)
    qtbot.addWidget(widget)
    assert themes.is_dark is dark
    lightness = _window_lightness(widget)
    assert lightness < 60 if dark else lightness > 200


def test_fusion_style_on_every_os(themes: ThemeManager, qapp: QApplication) -> None:
    assert qapp.style().name().lower() == "fusion"


def test_apply_emits_changed(qtbot: QtBot, themes: ThemeManager) -> None:
    with qtbot.waitSignal(themes.changed) as blocker:
        themes.apply(Theme.DARK)
    assert blocker.args == [True]


def test_system_theme_follows_os_switch(qtbot: QtBot, themes: ThemeManager) -> None:
    themes.apply(Theme.SYSTEM)
    # What the OS says arrives through styleHints().colorSchemeChanged.
    for scheme, dark in ((Qt.ColorScheme.Dark, True), (Qt.ColorScheme.Light, False)):
        themes._system_scheme_changed(scheme)
        assert themes.is_dark is dark
    themes.apply(Theme.LIGHT)
    themes._system_scheme_changed(Qt.ColorScheme.Dark)
    assert not themes.is_dark  # an explicit choice ignores the OS


def test_user_bubble_is_tinted_and_assistant_plain(qtbot: QtBot, themes: ThemeManager) -> None:
    themes.apply(Theme.LIGHT)
    host = QWidget()
    layout = QVBoxLayout(host)
    cards = {}
    for role in ("user", "assistant"):
        card = QFrame()
        card.setObjectName("MessageCard")
        card.setProperty("role", role)
        card.setMinimumSize(120, 40)
        layout.addWidget(card)
        cards[role] = card
    qtbot.addWidget(host)
    host.show()
    user = cards["user"].grab().toImage().pixelColor(60, 20)
    assistant = cards["assistant"].grab().toImage().pixelColor(60, 20)
    assert user != assistant
    assert user.blue() > user.red()  # the calm blue/teal tint


def test_notice_kind_changes_colour_live(qtbot: QtBot, themes: ThemeManager) -> None:
    themes.apply(Theme.LIGHT)
    notice = QFrame()
    notice.setObjectName("NoticeBar")
    notice.setProperty("kind", "info")
    notice.resize(100, 30)
    qtbot.addWidget(notice)
    notice.show()
    info = notice.grab().toImage().pixelColor(50, 15)
    set_style_property(notice, "kind", "error")
    error = notice.grab().toImage().pixelColor(50, 15)
    assert error.red() > info.red()


def test_font_size_setting(qtbot: QtBot, themes: ThemeManager, qapp: QApplication) -> None:
    default = qapp.font().pointSizeF()
    themes.set_font_size(17)
    assert qapp.font().pointSize() == 17
    label = QLabel("Hi")
    qtbot.addWidget(label)
    assert QFont(label.font()).pointSize() == 17
    themes.set_font_size(0)
    assert qapp.font().pointSizeF() == default


def test_palette_text_is_readable_on_window(themes: ThemeManager, qapp: QApplication) -> None:
    for theme in (Theme.LIGHT, Theme.DARK):
        themes.apply(theme)
        pal = qapp.palette()
        window = pal.color(QPalette.ColorRole.Window).lightness()
        text = pal.color(QPalette.ColorRole.WindowText).lightness()
        assert abs(window - text) > 150


def _luminance(hex_color: str) -> float:
    channels = [int(hex_color[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_text_meets_wcag_aa_contrast_in_both_themes() -> None:
    from desktop_app.ui import style

    for colors in (style._LIGHT, style._DARK):
        for text in ("text", "muted", "link"):
            for ground in ("window", "base", "alt"):
                ratio = _contrast(colors[text], colors[ground])
                assert ratio >= 4.5, (text, ground, round(ratio, 2))
        assert _contrast(colors["on_accent"], colors["accent"]) >= 4.5


def test_small_text_is_readable_and_check_marks_are_drawn() -> None:
    import re
    from pathlib import Path

    from desktop_app.ui.style import load_style_sheet

    for dark in (False, True):
        sheet = load_style_sheet(dark, 9.0)
        sizes = [float(s) for s in re.findall(r"font-size: ([\d.]+)pt", sheet)]
        assert sizes and min(sizes) >= 8.5
        [image] = re.findall(r"image: url\(([^)]+)\)", sheet)
        assert Path(image).is_file()
