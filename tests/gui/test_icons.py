"""Icons: every name renders visible, theme-coloured pixels at small and large sizes."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QColor, QIcon, QImage
from pytestqt.qtbot import QtBot

from desktop_app.ui.icons import DARK_INK, ICON_NAMES, LIGHT_INK, icon


def _opaque_colors(image: QImage) -> list[QColor]:
    image = image.convertToFormat(QImage.Format.Format_ARGB32)
    return [
        image.pixelColor(x, y)
        for y in range(image.height())
        for x in range(image.width())
        if image.pixelColor(x, y).alpha() > 200
    ]


@pytest.mark.parametrize("name", ICON_NAMES)
@pytest.mark.parametrize("size", [16, 64])
def test_icon_renders_visible_pixels(qtbot: QtBot, name: str, size: int) -> None:
    image = icon(name, dark=False).pixmap(size, size).toImage()
    assert image.width() == size
    inked = _opaque_colors(image)
    # Thin strokes still cover a few percent of the square, but not all of it.
    assert len(inked) > size * size * 0.02
    assert len(inked) < size * size * 0.9


def test_icon_takes_the_theme_colour(qtbot: QtBot) -> None:
    light = _opaque_colors(icon("stop", dark=False).pixmap(32, 32).toImage())
    dark = _opaque_colors(icon("stop", dark=True).pixmap(32, 32).toImage())
    assert max(c.lightness() for c in light) <= LIGHT_INK.lightness() + 5
    assert min(c.lightness() for c in dark) >= DARK_INK.lightness() - 5


def test_disabled_icon_is_fainter(qtbot: QtBot) -> None:
    base = icon("stop", dark=False)
    normal = len(_opaque_colors(base.pixmap(32, 32).toImage()))
    disabled = len(_opaque_colors(base.pixmap(32, 32, QIcon.Mode.Disabled).toImage()))
    assert disabled < normal


def test_high_dpi_pixmap_is_sharp(qtbot: QtBot) -> None:
    scaled = icon("send", dark=False).pixmap(QSize(16, 16), 2.0)
    assert scaled.width() == 32
    assert scaled.devicePixelRatio() == 2.0


def test_unknown_icon_is_an_error(qtbot: QtBot) -> None:
    with pytest.raises(KeyError):
        icon("no-such-icon", dark=False)
