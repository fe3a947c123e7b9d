"""One message on screen: header, safe rich-text body, how it ended, actions."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QEvent, QMimeData, QObject, QSize, Qt, QUrl, Signal
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
    QTextFormat,
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
from desktop_app.ui.card_actions import CardAction, decode, encode
from desktop_app.ui.formula_images import formula_image, reveal_anchor, selected_text
from desktop_app.ui.icons import icon
from desktop_app.ui.links import open_link
from desktop_app.ui.message_footer import footer_html

if TYPE_CHECKING:
    from desktop_app.ui.thinking_block import ThinkingBlock

SAFE_LINK_SCHEMES = ("http", "https", "mailto")
#: While a reply streams, its body grows this many lines at a time.
STREAM_GROWTH_LINES = 3


class MessageBody(QTextBrowser):
    """Read-only rich text that never loads anything and grows to fit.

    Model output is untrusted: ``loadResource`` refuses every resource (no
    image, stylesheet or file is ever fetched) but the formulas the renderer
    typeset itself, and links only open on click, through
    :meth:`MessageCard._link`, for http(s)/mailto.
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
        A ``formula:KEY`` image comes from the renderer's own cache.
        """
        if type == QTextDocument.ResourceType.ImageResource.value:
            formula = formula_image(name, self.devicePixelRatioF())
            if formula is not None:
                return formula
            blank = QImage(1, 1, QImage.Format.Format_ARGB32)
            blank.fill(0)
            return blank
        return QByteArray()

    def createMimeDataFromSelection(self) -> QMimeData:
        """A copied formula is its TeX, not an object character (plain text only:
        Qt's HTML would name ``formula:`` images no other program can load)."""
        text = selected_text(self.textCursor())
        if text is None:
            return super().createMimeDataFromSelection()
        data = QMimeData()
        data.setText(text)
        return data

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
                _insert_blocks(cursor, committed_html)
                self._pending_start = cursor.position()
            if pending_html:
                _insert_blocks(cursor, pending_html)
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


def _insert_blocks(cursor: QTextCursor, html: str) -> None:
    """Insert rendered blocks after what is there, as a one-shot render lays them out.

    ``insertHtml`` of a list or table into the fresh empty block leaves that
    block in front of it: an empty line between a paragraph and the list
    that follows, gone only when the chat was reopened (seen on Xvfb). An
    empty block the insert left behind is merged back into the one before.
    """
    _new_plain_block(cursor)
    fresh = cursor.block()
    # The newline between rendered blocks would become a trailing space.
    cursor.insertHtml(html.strip())
    if (
        fresh.isValid()
        and fresh.length() == 1
        and fresh.previous().isValid()
        and fresh.blockNumber() != cursor.blockNumber()
        and not fresh.blockFormat().hasProperty(
            QTextFormat.Property.BlockTrailingHorizontalRulerWidth
        )
    ):
        merge = QTextCursor(fresh)
        merge.deletePreviousChar()


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
        action_requested(str, str): (action, message id); the action is a
            :class:`~desktop_app.ui.card_actions.CardAction` in its wire form
            (``card_actions.encode``), e.g. ``copy-md`` or ``copy-code:2``.
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
        self._layout = layout
        #: The reply's thinking above its answer, made when it first has some.
        self.thinking: ThinkingBlock | None = None
        self._versions = (1, 1)
        self.toolbar.setVisible(False)
        self.update_meta(message)

    # ---------------------------------------------------------------- API

    def add_below_body(self, widget: QWidget) -> None:
        """Show ``widget`` (the message's attachments) between the body and the footer."""
        layout = self.layout()
        if isinstance(layout, QVBoxLayout):
            layout.insertWidget(layout.indexOf(self.body) + 1, widget)

    def set_streaming(self, streaming: bool) -> None:
        """While the body grows, let a resize repaint only the new strip of the card.

        Only while streaming: a card with a border would keep a stale bottom
        edge on a static resize, so the end of the stream repaints it whole.
        """
        self.setAttribute(Qt.WidgetAttribute.WA_StaticContents, streaming)
        self.body.reserve_growth(streaming)
        if not streaming:
            self.update()

    def thinking_block(self) -> ThinkingBlock:
        """The block that shows this reply's thinking (ui/thinking_block.py)."""
        if self.thinking is None:
            from desktop_app.ui.thinking_block import ThinkingBlock

            self.thinking = ThinkingBlock(self)
            self.thinking.body.anchorClicked.connect(self._link)
            self._layout.insertWidget(1, self.thinking)
        return self.thinking

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

    def _menu_entries(self) -> list[tuple[CardAction, str]]:
        entries = [
            (CardAction.COPY_MARKDOWN, self.tr("Copy as Markdown")),
            (CardAction.COPY_TEXT, self.tr("Copy as text")),
        ]
        if self.message.role is Role.ASSISTANT:
            entries.append((CardAction.REGENERATE, self.tr("Regenerate")))
        if self.message.role is Role.USER:
            entries.append((CardAction.EDIT, self.tr("Edit and resend")))
        entries.append((CardAction.DELETE, self.tr("Delete")))
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
        self._prev = self._tool_button(
            box, "‹", self.tr("Previous version"), CardAction.PREVIOUS_VERSION
        )
        self._version_label = QLabel("1/1", box)
        self._version_label.setTextFormat(Qt.TextFormat.PlainText)
        self._next = self._tool_button(box, "›", self.tr("Next version"), CardAction.NEXT_VERSION)
        for widget in (self._prev, self._version_label, self._next):
            nav.addWidget(widget)
            widget.setVisible(False)
        bar = QWidget(self)
        bar.setObjectName("MessageToolbar")
        row = QHBoxLayout(bar)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(2)
        self._copy = self._tool_button(
            bar, self.tr("Copy"), self.tr("Copy as Markdown"), CardAction.COPY_MARKDOWN
        )
        self._regenerate = self._tool_button(
            bar, self.tr("Regenerate"), self.tr("Regenerate this reply"), CardAction.REGENERATE
        )
        self._edit = self._tool_button(
            bar, self.tr("Edit"), self.tr("Edit and resend"), CardAction.EDIT
        )
        self._delete = self._tool_button(
            bar, self.tr("Delete"), self.tr("Delete message"), CardAction.DELETE
        )
        for widget in (self._copy, self._regenerate, self._edit, self._delete):
            row.addWidget(widget)
        return bar

    def _tool_button(
        self, parent: QWidget, text: str, name: str, action: CardAction
    ) -> QToolButton:
        button = QToolButton(parent)
        button.setText(text)
        button.setToolTip(name)
        button.setAccessibleName(name)
        button.setAutoRaise(True)
        button.clicked.connect(lambda: self._emit(action))
        return button

    def _emit(self, action: CardAction, argument: str = "") -> None:
        self.action_requested.emit(encode(action, argument), self.message.id)

    def _link(self, url: QUrl) -> None:
        """Open http(s)/mailto in the system browser on click; everything else is inert."""
        scheme = url.scheme().lower()
        if scheme == "copy":
            self._emit(CardAction.COPY_CODE, url.path())
        elif not scheme and url.hasFragment():
            reveal_anchor(self.body, url.fragment())  # a footnote in this card
        elif scheme in SAFE_LINK_SCHEMES:
            text = url.toString()
            open_link(url, self, lambda: self._emit(CardAction.LINK_FAILED, text))

    def _footer_link(self, link: str) -> None:
        decoded = decode(link.removeprefix("action:")) if link.startswith("action:") else None
        if decoded is not None:
            self._emit(*decoded)

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
