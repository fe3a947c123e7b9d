"""One message on screen: header, safe rich-text body, how it ended, actions."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QByteArray, QEvent, QObject, QSize, Qt, QUrl, Signal
from PySide6.QtGui import (
    QEnterEvent,
    QFocusEvent,
    QGuiApplication,
    QImage,
    QResizeEvent,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMenu,
    QSizePolicy,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.models import Message, Role
from desktop_app.ui.icons import icon
from desktop_app.ui.links import open_link
from desktop_app.ui.message_footer import footer_html

SAFE_LINK_SCHEMES = ("http", "https", "mailto")
#: While a reply streams, its body grows this many lines at a time.
STREAM_GROWTH_LINES = 3


class MessageBody(QTextBrowser):
    """Read-only rich text that never loads anything and grows to fit.

    Model output is untrusted: ``loadResource`` refuses every resource (no
    image, stylesheet or file is ever fetched) and links only open on click,
    through :meth:`MessageCard._link`, for http(s)/mailto.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextBrowserInteraction
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.document().setDocumentMargin(2)
        # It grows at the bottom while streaming: on a resize repaint only the
        # newly exposed strip, not the whole visible body (~2.5 ms a frame).
        # Text changes still repaint through the document's own update rects.
        self.setAttribute(Qt.WidgetAttribute.WA_StaticContents)
        self.viewport().setAttribute(Qt.WidgetAttribute.WA_StaticContents)
        self.document().documentLayout().documentSizeChanged.connect(self._fit)
        self._pending_start = 0
        self._batching = False
        self._growth_step = 0

    def loadResource(self, type: int, name: QUrl | str) -> object:
        """Refuse every resource: remote images and local files alike.

        Returning ``None`` is not a refusal: ``QTextDocument`` then reads the
        path itself, so a raw ``<img src=/path>`` drew a local file at full
        size. An empty resource (a 1x1 transparent image, empty bytes) is.
        """
        del name
        if type == QTextDocument.ResourceType.ImageResource.value:
            blank = QImage(1, 1, QImage.Format.Format_ARGB32)
            blank.fill(0)
            return blank
        return QByteArray()

    def set_html(self, html: str) -> None:
        self.setHtml(html)
        self._pending_start = self.document().characterCount() - 1

    def begin_stream(self) -> None:
        self.clear()
        self._pending_start = 0

    def apply_stream(self, committed_html: str, pending_html: str) -> None:
        """Append newly committed blocks, then replace only the pending tail.

        The removal and the inserts each change the document's size; fitting
        the height after each would resize the widget up to three times a
        flush (shrink, grow, grow), and every resize relayouts the column and
        repaints the whole visible body. So fit once, at the end.
        """
        self._batching = True
        try:
            cursor = QTextCursor(self.document())
            cursor.setPosition(min(self._pending_start, self.document().characterCount() - 1))
            cursor.movePosition(QTextCursor.MoveOperation.End, QTextCursor.MoveMode.KeepAnchor)
            cursor.removeSelectedText()
            if committed_html:
                _new_plain_block(cursor)
                cursor.insertHtml(committed_html)
                self._pending_start = cursor.position()
            if pending_html:
                _new_plain_block(cursor)
                cursor.insertHtml(pending_html)
        finally:
            self._batching = False
        self._fit()

    def reserve_growth(self, streaming: bool) -> None:
        """While streaming, grow a few lines at a time instead of line by line.

        Each growth resizes the card and the column, and following it to the
        bottom then repaints the whole visible chat: Qt cannot blit a scroll
        area whose widget was resized in the same frame (measured: 2.7 paints
        of the body per flush, one of them full-height). Growing in steps of
        :data:`STREAM_GROWTH_LINES` lines makes that once every few lines;
        the text fills the reserved strip meanwhile. The end fits exactly.
        """
        step = self.fontMetrics().lineSpacing() * STREAM_GROWTH_LINES if streaming else 0
        if step != self._growth_step:
            self._growth_step = step
            self._fit()

    def _fit(self) -> None:
        if self._batching:
            return
        height = int(self.document().size().height()) + 4
        if self._growth_step:
            height = -(-height // self._growth_step) * self._growth_step  # round up
        if self.horizontalScrollBar().isVisible():
            height += self.horizontalScrollBar().height()
        if height != self.height():
            self.setFixedHeight(height)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        # setTextWidth relayouts the whole document even for the same width, and
        # every height change from _fit lands here: only rewrap on a new width.
        width = self.viewport().width()
        if self.document().textWidth() != width:
            self.document().setTextWidth(width)
        self._fit()

    def sizeHint(self) -> QSize:
        return QSize(400, int(self.document().size().height()) + 4)


def _new_plain_block(cursor: QTextCursor) -> None:
    """Start a fresh block with default formats.

    A plain ``insertBlock()`` copies the current block's format, so text after
    a block quote or list would be indented into it; the one-shot render
    would not do that.
    """
    if cursor.position() > 0:
        cursor.insertBlock(QTextBlockFormat(), QTextCharFormat())


class MessageCard(QFrame):
    """A message with its hover toolbar and footer.

    Signals:
        action_requested(str, str): (action, message id). Actions: ``copy-md``,
            ``copy-text``, ``regenerate``, ``edit``, ``delete``, ``continue``,
            ``retry``, ``raise-limit``, ``settings``, ``prev-version``,
            ``next-version``, ``copy-code:<n>``.
    """

    action_requested = Signal(str, str)
    #: This card's toolbar appeared (message id): the view hides any other.
    toolbar_shown = Signal(str)

    def __init__(self, message: Message, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("MessageCard")
        self.setProperty("role", message.role.value)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(lambda _: self.show_menu())
        self.message = message
        self.header = QLabel(self)
        self.header.setTextFormat(Qt.TextFormat.PlainText)  # may show server text
        self.header.setObjectName("MessageHeader")
        self.body = MessageBody(self)
        self.body.anchorClicked.connect(self._link)
        self.body.installEventFilter(self)
        self.footer = QLabel(self)
        self.footer.setObjectName("MessageFooter")
        self.footer.setTextFormat(Qt.TextFormat.RichText)
        self.footer.setWordWrap(True)
        self.footer.setTextInteractionFlags(
            Qt.TextInteractionFlag.LinksAccessibleByMouse
            | Qt.TextInteractionFlag.LinksAccessibleByKeyboard
        )
        self.footer.linkActivated.connect(self._footer_link)
        self.toolbar = self._build_toolbar()
        # Hidden, the toolbar keeps its place: hovering never moves the text.
        policy = self.toolbar.sizePolicy()
        policy.setRetainSizeWhenHidden(True)
        self.toolbar.setSizePolicy(policy)
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.header, 1)
        top.addWidget(self._versions_box, 0)
        top.addWidget(self.toolbar, 0)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.setSpacing(4)
        layout.addLayout(top)
        layout.addWidget(self.body)
        layout.addWidget(self.footer)
        self._versions = (1, 1)
        self.toolbar.setVisible(False)
        self.update_meta(message)

    # ---------------------------------------------------------------- API

    def set_streaming(self, streaming: bool) -> None:
        """While the body grows, let a resize repaint only the new strip of the card.

        Only while streaming: a card with a border would keep a stale bottom
        edge on a static resize, so the end of the stream repaints it whole.
        """
        self.setAttribute(Qt.WidgetAttribute.WA_StaticContents, streaming)
        self.body.reserve_growth(streaming)
        if not streaming:
            self.update()

    def set_versions(self, index: int, count: int) -> None:
        """Show "‹ 2/3 ›" when this message has sibling versions."""
        self._versions = (index, count)
        visible = count > 1
        for widget in (self._prev, self._next, self._version_label):
            widget.setVisible(visible)
        self._version_label.setText(f"{index}/{count}")
        self._prev.setEnabled(index > 1)
        self._next.setEnabled(index < count)

    def update_meta(self, message: Message) -> None:
        """Refresh header and footer (status, stop reason, usage)."""
        self.message = message
        if message.role is Role.USER:
            who = self.tr("You")
        elif message.role is Role.ASSISTANT:
            who = message.model or self.tr("Assistant")
        else:
            who = message.role.value.capitalize()
        self.header.setText(who)
        self.setAccessibleName(self.tr("Message from %1").replace("%1", who))
        html = footer_html(message)
        self.footer.setText(html)
        self.footer.setVisible(bool(html))
        self._regenerate.setVisible(message.role is Role.ASSISTANT)
        self._edit.setVisible(message.role is Role.USER)

    def set_icons(self, dark: bool) -> None:
        """Icon-only toolbar buttons in the theme's colour (names stay as tooltips)."""
        for button, name in (
            (self._prev, "chevron-left"),
            (self._next, "chevron-right"),
            (self._copy, "copy"),
            (self._regenerate, "regenerate"),
            (self._edit, "edit"),
            (self._delete, "delete"),
        ):
            button.setIcon(icon(name, dark))
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)

    def show_menu(self) -> None:
        menu = QMenu(self)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)  # not one QMenu per right-click
        for action, label in self._menu_entries():
            menu.addAction(label, partial(self._emit, action))
        menu.popup(self.mapToGlobal(self.rect().center()))

    # ------------------------------------------------------------ internals

    def _menu_entries(self) -> list[tuple[str, str]]:
        entries = [("copy-md", self.tr("Copy as Markdown")), ("copy-text", self.tr("Copy as text"))]
        if self.message.role is Role.ASSISTANT:
            entries.append(("regenerate", self.tr("Regenerate")))
        if self.message.role is Role.USER:
            entries.append(("edit", self.tr("Edit and resend")))
        entries.append(("delete", self.tr("Delete")))
        return entries

    def _build_toolbar(self) -> QWidget:
        # The ‹ n/m › counter is always visible when there are versions;
        # the actions show on hover or focus.
        box = QWidget(self)
        box.setObjectName("MessageVersions")
        nav = QHBoxLayout(box)
        nav.setContentsMargins(0, 0, 0, 0)
        nav.setSpacing(2)
        self._versions_box = box
        self._prev = self._tool_button(box, "‹", self.tr("Previous version"), "prev-version")
        self._version_label = QLabel("1/1", box)
        self._version_label.setTextFormat(Qt.TextFormat.PlainText)
        self._next = self._tool_button(box, "›", self.tr("Next version"), "next-version")
        for widget in (self._prev, self._version_label, self._next):
            nav.addWidget(widget)
            widget.setVisible(False)
        bar = QWidget(self)
        bar.setObjectName("MessageToolbar")
        row = QHBoxLayout(bar)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(2)
        self._copy = self._tool_button(bar, self.tr("Copy"), self.tr("Copy as Markdown"), "copy-md")
        self._regenerate = self._tool_button(
            bar, self.tr("Regenerate"), self.tr("Regenerate this reply"), "regenerate"
        )
        self._edit = self._tool_button(bar, self.tr("Edit"), self.tr("Edit and resend"), "edit")
        self._delete = self._tool_button(
            bar, self.tr("Delete"), self.tr("Delete message"), "delete"
        )
        for widget in (self._copy, self._regenerate, self._edit, self._delete):
            row.addWidget(widget)
        return bar

    def _tool_button(self, parent: QWidget, text: str, name: str, action: str) -> QToolButton:
        button = QToolButton(parent)
        button.setText(text)
        button.setToolTip(name)
        button.setAccessibleName(name)
        button.setAutoRaise(True)
        button.clicked.connect(lambda: self._emit(action))
        return button

    def _emit(self, action: str) -> None:
        self.action_requested.emit(action, self.message.id)

    def _link(self, url: QUrl) -> None:
        """Open http(s)/mailto in the system browser on click; everything else is inert."""
        scheme = url.scheme().lower()
        if scheme == "copy":
            self._emit(f"copy-code:{url.path()}")
        elif scheme in SAFE_LINK_SCHEMES:
            text = url.toString()
            open_link(url, self, lambda: self._emit(f"link-failed:{text}"))

    def _footer_link(self, link: str) -> None:
        if link.startswith("action:"):
            self._emit(link.removeprefix("action:"))

    def show_toolbar(self, visible: bool) -> None:
        """Show or hide the actions; only one card shows them at a time."""
        if visible != self.toolbar.isVisibleTo(self):
            self.toolbar.setVisible(visible)
        if visible:
            self.toolbar_shown.emit(self.message.id)

    def enterEvent(self, event: QEnterEvent) -> None:
        self.show_toolbar(True)
        super().enterEvent(event)

    def leaveEvent(self, event: QEvent) -> None:
        if not self.hasFocus() and not self.body.hasFocus():
            self.show_toolbar(False)
        super().leaveEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:
        self.show_toolbar(True)
        super().focusInEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Show the toolbar while the body has keyboard focus, as on hover."""
        del watched
        if event.type() == QEvent.Type.FocusIn:
            self.show_toolbar(True)
        return False


def copy_to_clipboard(text: str) -> None:
    clipboard = QGuiApplication.clipboard()
    clipboard.setText(text)
