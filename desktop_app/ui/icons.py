"""Crisp, theme-coloured icons drawn from our own SVG files.

Each icon in ``resources/icons/`` is a 24×24 stroke drawing whose colour is
``currentColor``. :class:`SvgIconEngine` substitutes the theme's colour and
renders the SVG through ``QSvgRenderer`` at exactly the size (and device
pixel ratio) Qt asks for, so icons stay sharp at 16 px in a menu and 64 px on
a 2× screen, and match the text colour in light and dark themes without a
second set of files.
"""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QByteArray, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QIcon, QIconEngine, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer

ICON_NAMES: tuple[str, ...] = (
    "new-chat",
    "search",
    "settings",
    "send",
    "stop",
    "copy",
    "regenerate",
    "edit",
    "delete",
    "pin",
    "folder",
    "trash",
    "restore",
    "chevron-left",
    "chevron-right",
    "arrow-down",
    "warning",
    "info",
    "error",
    "continue",
    "tool",
    "key",
    "attach",
)

#: Icon ink per theme: close to the text colour, a touch softer.
LIGHT_INK = QColor("#4a5260")
DARK_INK = QColor("#c9d1dc")
#: Colours some icons carry whatever the theme (a notice's meaning).
ACCENT_INKS: dict[str, tuple[str, str]] = {
    "warning": ("#b7791f", "#e2b553"),
    "error": ("#c53030", "#f07878"),
    "info": ("#2b7a8c", "#5fb8c9"),
}


@cache
def _svg_source(name: str) -> bytes:
    """The raw SVG text of an icon; cached because menus ask again and again."""
    from desktop_app.resources_path import resource_path

    return resource_path("icons", f"{name}.svg").read_bytes()


class SvgIconEngine(QIconEngine):
    """Renders one ``currentColor`` SVG at any size in one colour.

    Disabled icons are drawn at reduced opacity rather than greyed by Qt's
    generic filter, which turns thin strokes into mush.
    """

    def __init__(self, svg: bytes, color: QColor) -> None:
        super().__init__()
        self._svg = svg
        self._color = QColor(color)

    def _renderer(self, mode: QIcon.Mode) -> QSvgRenderer:
        color = QColor(self._color)
        if mode == QIcon.Mode.Disabled:
            color.setAlphaF(0.38)
        # SVG has no alpha in colour names; opacity keeps the stroke anti-aliased.
        ink = color.name(QColor.NameFormat.HexRgb).encode()
        data = self._svg.replace(b"currentColor", ink)
        if color.alphaF() < 1.0:
            data = data.replace(b"<svg ", f'<svg opacity="{color.alphaF():.2f}" '.encode(), 1)
        return QSvgRenderer(QByteArray(data))

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode, state: QIcon.State) -> None:
        """Draw the icon into ``rect``, keeping its square aspect centred."""
        side = min(rect.width(), rect.height())
        target = QRectF(
            rect.x() + (rect.width() - side) / 2,
            rect.y() + (rect.height() - side) / 2,
            side,
            side,
        )
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        self._renderer(mode).render(painter, target)
        painter.restore()

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        """A pixmap of exactly ``size`` device-independent pixels."""
        return self.scaledPixmap(size, mode, state, 1.0)

    def scaledPixmap(
        self, size: QSize, mode: QIcon.Mode, state: QIcon.State, scale: float
    ) -> QPixmap:
        """Render at ``size × scale`` device pixels so high-DPI screens stay sharp."""
        scale = max(scale, 1.0)
        device = QSize(round(size.width() * scale), round(size.height() * scale))
        pixmap = QPixmap(device)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        self.paint(painter, QRect(0, 0, device.width(), device.height()), mode, state)
        painter.end()
        pixmap.setDevicePixelRatio(scale)
        return pixmap

    def actualSize(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QSize:
        """Vector art fits any size asked for."""
        return size

    def clone(self) -> QIconEngine:
        """QIcon copies engines when it detaches."""
        return SvgIconEngine(self._svg, self._color)

    def key(self) -> str:
        return "AfarensisSvgIconEngine"


def icon_color(name: str, dark: bool) -> QColor:
    """The ink an icon is drawn with in the given theme."""
    if name in ACCENT_INKS:
        return QColor(ACCENT_INKS[name][1 if dark else 0])
    return QColor(DARK_INK if dark else LIGHT_INK)


def icon(name: str, dark: bool, color: QColor | None = None) -> QIcon:
    """The named icon coloured for the theme (or in ``color``, e.g. white on a button).

    Raises:
        KeyError: ``name`` is not one of :data:`ICON_NAMES` (a typo, caught in tests).
    """
    if name not in ICON_NAMES:
        raise KeyError(f"unknown icon {name!r}")
    return QIcon(SvgIconEngine(_svg_source(name), color or icon_color(name, dark)))
