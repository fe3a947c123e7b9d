"""The app's look: Fusion + our palette + our style sheet, light or dark.

Fusion is the base on every OS so the app looks and measures the same
everywhere (native styles ignore parts of QSS and differ in metrics). The
QPalette colours whatever QSS does not reach (text documents, disabled
text, native dialogs); the style sheet in ``resources/style/<theme>.qss``
shapes the chat-specific widgets by object name.

Object names and dynamic properties the style sheet targets
-----------------------------------------------------------
Set them with ``setObjectName`` / :func:`set_style_property` (a dynamic
property needs a re-polish to take effect, which that helper does). A plain
``QWidget`` subclass only paints a QSS background with
``setAttribute(Qt.WA_StyledBackground)`` (QFrame and QLabel always do).

Sidebar
    ``#Sidebar`` (container, tinted), ``#ConversationList`` (the list view),
    ``#SearchField`` (QLineEdit), ``#NewChatButton``, ``#SidebarSection``
    (a small muted heading label such as "Pinned", "Trash").
Chat
    ``#ChatView`` (the scroll area), ``#ChatColumn`` (its inner widget),
    ``#MessageCard`` with property ``role`` = ``"user"`` (tinted bubble) |
    ``"assistant"`` (plain) | ``"system"`` | ``"tool"`` (dashed); property
    ``highlighted`` (bool, search hit) and ``status`` = ``"error"``;
    ``#MessageHeader`` (who), ``#MessageFooter`` (small, muted: model,
    tokens, stop reason), ``#MessageToolbar`` (its buttons are flat),
    ``#JumpButton`` (the floating "jump to latest" pill), ``#ThinkingToggle``
    ("Thought for 14 s", flat) and ``#ThinkingBody`` (the thinking, muted).
Composer
    ``#Composer`` (rounded box; property ``focused`` (bool) draws the accent
    border), ``#ComposerEdit`` (borderless editor inside),
    ``#ComposerFooter`` (small muted hint), ``#SendButton`` (accent; property
    ``streaming`` (bool) turns it red as Stop), ``#StopButton`` (red) if a
    separate button is used.
Notices and panels
    ``#NoticeBar`` with property ``kind`` = ``"info"`` | ``"warning"`` |
    ``"error"`` (its QLabel and QPushButton children follow), ``#Welcome``,
    ``#WelcomeTitle`` (large), ``#WelcomeSubtitle`` (muted), ``#StatusLine``
    (small, muted).
Generic
    ``QLabel[muted="true"]`` for secondary text; ``QPushButton[primary="true"]``
    for the main action of a panel; ``#TestResult`` with ``kind`` = ``"ok"`` |
    ``"error"`` (settings window).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QColor, QFont, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory, QWidget

from desktop_app.core.settings import Theme

#: Palette roles per theme; the same colours as the tokens in the .qss files.
_LIGHT = {
    "window": "#f6f7f9",
    "base": "#ffffff",
    "alt": "#f1f3f6",
    "text": "#1f2329",
    "muted": "#5d6673",
    "button": "#ffffff",
    "border": "#cdd3db",
    "accent": "#2a7c94",
    "on_accent": "#ffffff",
    "link": "#1f6d85",
    "tooltip": "#ffffff",
}
_DARK = {
    "window": "#1c1f24",
    "base": "#24282f",
    "alt": "#20242a",
    "text": "#e4e8ed",
    "muted": "#9aa4b0",
    "button": "#24282f",
    "border": "#424a55",
    "accent": "#4aa8c0",
    "on_accent": "#0e1b20",
    "link": "#6cc3d8",
    "tooltip": "#24282f",
}


def build_palette(dark: bool) -> QPalette:
    """The QPalette of a theme (disabled text greyed, highlight = accent)."""
    c = {k: QColor(v) for k, v in (_DARK if dark else _LIGHT).items()}
    pal = QPalette()
    role = QPalette.ColorRole
    for r, key in (
        (role.Window, "window"),
        (role.WindowText, "text"),
        (role.Base, "base"),
        (role.AlternateBase, "alt"),
        (role.Text, "text"),
        (role.Button, "button"),
        (role.ButtonText, "text"),
        (role.BrightText, "on_accent"),
        (role.Highlight, "accent"),
        (role.HighlightedText, "on_accent"),
        (role.Link, "link"),
        (role.LinkVisited, "link"),
        (role.ToolTipBase, "tooltip"),
        (role.ToolTipText, "text"),
        (role.PlaceholderText, "muted"),
        (role.Mid, "border"),
        (role.Midlight, "alt"),
        (role.Dark, "border"),
        (role.Shadow, "border"),
        (role.Accent, "accent"),
    ):
        pal.setColor(r, c[key])
    disabled = QPalette.ColorGroup.Disabled
    for r in (role.WindowText, role.Text, role.ButtonText):
        pal.setColor(disabled, r, c["muted"])
    return pal


def load_style_sheet(dark: bool, base_point_size: float) -> str:
    """Read the theme's QSS and fill in the font sizes relative to the base font."""
    from desktop_app.resources_path import resource_path

    text = resource_path("style", "dark.qss" if dark else "light.qss").read_text("utf-8")
    # Metadata and status text: readable, not a hint (it was ~8 px at 9 pt).
    small = max(8.5, base_point_size - 1.0)
    title = base_point_size * 1.8
    check = resource_path("style", "check-dark.svg" if dark else "check-light.svg").as_posix()
    return (
        text.replace("@font_small", f"{small:g}pt")
        .replace("@font_title", f"{title:g}pt")
        .replace("@check_image", check)
    )


def set_style_property(widget: QWidget, name: str, value: object) -> None:
    """Set a dynamic property the style sheet selects on, and re-polish.

    Qt evaluates property selectors only when a widget is polished, so a
    property changed later (a notice turning into an error, Send turning
    into Stop) shows no change without this.
    """
    widget.setProperty(name, value)
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)
    widget.update()


class ThemeManager(QObject):
    """Applies a theme to the whole application and keeps it current.

    With ``Theme.SYSTEM`` it follows the OS colour scheme, including live
    switches while the app runs. Widgets that draw their own colours (icons,
    rendered Markdown) listen to :attr:`changed` and redraw.

    Signals:
        changed(bool): a theme was applied; the argument is True when dark.
    """

    changed = Signal(bool)

    def __init__(self, app: QApplication, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._app = app
        self._theme = Theme.SYSTEM
        self._dark = False
        self._font_size = 0
        # Remember the platform's font before we change it, so 0 can restore it.
        self._default_font = QFont(app.font())
        fusion = QStyleFactory.create("Fusion")
        if fusion is not None:
            app.setStyle(fusion)
        QGuiApplication.styleHints().colorSchemeChanged.connect(self._system_scheme_changed)

    @property
    def theme(self) -> Theme:
        return self._theme

    @property
    def is_dark(self) -> bool:
        """True when the dark palette is in effect now."""
        return self._dark

    @property
    def font_size(self) -> int:
        return self._font_size

    def apply(self, theme: Theme) -> None:
        """Apply a theme now and remember it (SYSTEM keeps following the OS)."""
        self._theme = theme
        self._dark = self._resolve_dark(theme)
        self._restyle()

    def set_font_size(self, point_size: int, *, restyle: bool = True) -> None:
        """Set the app's font size in points; 0 means the platform's default.

        ``restyle=False`` when :meth:`apply` follows at once: parsing the
        style sheet costs ~40 ms, once is enough (start-up, Settings → Apply).
        """
        size = max(0, point_size)
        if size == self._font_size:
            return
        self._font_size = size
        font = QFont(self._default_font)
        if self._font_size:
            font.setPointSize(self._font_size)
        self._app.setFont(font)
        if restyle:
            self._restyle()

    # ------------------------------------------------------------ internals

    @staticmethod
    def _resolve_dark(theme: Theme) -> bool:
        if theme is Theme.SYSTEM:
            scheme = QGuiApplication.styleHints().colorScheme()
            return scheme == Qt.ColorScheme.Dark
        return theme is Theme.DARK

    def _restyle(self) -> None:
        self._app.setPalette(build_palette(self._dark))
        size = self._app.font().pointSizeF()
        self._app.setStyleSheet(load_style_sheet(self._dark, size if size > 0 else 10.0))
        self.changed.emit(self._dark)

    def _system_scheme_changed(self, scheme: Qt.ColorScheme) -> None:
        """The OS switched light/dark: follow it only if the user chose System."""
        if self._theme is not Theme.SYSTEM:
            return
        dark = scheme == Qt.ColorScheme.Dark
        if dark != self._dark:
            self._dark = dark
            self._restyle()
