"""The left pane: search, New chat, the conversation list and the Trash."""

from __future__ import annotations

import re

from PySide6.QtCore import (
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QRect,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QFont, QFontMetrics, QKeySequence, QPainter, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QMenu,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.history import Snippet
from desktop_app.core.keymap import keys_for
from desktop_app.ui.conversations_model import (
    ConversationsModel,
    GroupRole,
    IdRole,
    MessageIdRole,
    PinnedRole,
    SearchResultsModel,
    SnippetRole,
)
from desktop_app.ui.icons import icon
from desktop_app.ui.shortcut_labels import with_shortcut

SEARCH_DELAY_MS = 150


class ConversationDelegate(QStyledItemDelegate):
    """Draws a row: optional group heading, title, and a search snippet."""

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        metrics = QFontMetrics(option.font)
        height = metrics.height() + 12
        if index.data(GroupRole):
            height += metrics.height() + 10
        if index.data(SnippetRole):
            height += metrics.height() + 2
        return QSize(200, height)

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        painter.save()
        rect = QRect(option.rect)
        metrics = QFontMetrics(option.font)
        palette = option.palette
        group = index.data(GroupRole)
        if group:
            heading = QRect(rect.left() + 10, rect.top() + 6, rect.width() - 20, metrics.height())
            small = QFont(option.font)
            small.setBold(True)
            small.setPointSizeF(max(6.0, small.pointSizeF() * 0.85))
            painter.setFont(small)
            painter.setPen(palette.placeholderText().color())
            painter.drawText(heading, Qt.AlignmentFlag.AlignVCenter, str(group))
            rect.setTop(rect.top() + metrics.height() + 10)
        item = rect.adjusted(4, 1, -4, -1)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        if selected:
            painter.setBrush(palette.highlight())
            painter.setPen(Qt.PenStyle.NoPen)
            painter.drawRoundedRect(item, 6, 6)
        elif option.state & QStyle.StateFlag.State_MouseOver:
            painter.setBrush(palette.alternateBase())
            painter.setPen(Qt.PenStyle.NoPen)
            painter.drawRoundedRect(item, 6, 6)
        color = palette.highlightedText().color() if selected else palette.text().color()
        painter.setPen(color)
        painter.setFont(option.font)
        title = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        line = QRect(item.left() + 8, item.top() + 5, item.width() - 16, metrics.height())
        if index.data(PinnedRole):
            # Our own pin icon, not an emoji: many fonts have no 📌 (a tofu box).
            side = metrics.height()
            pin = icon("pin", dark=color.lightness() > 128, color=color)
            pin.paint(painter, QRect(line.left(), line.top(), side, side))
            line.setLeft(line.left() + side + 4)
        painter.drawText(
            line,
            Qt.AlignmentFlag.AlignVCenter,
            metrics.elidedText(title, Qt.TextElideMode.ElideRight, line.width()),
        )
        snippet = index.data(SnippetRole)
        if snippet:
            line.translate(0, metrics.height() + 2)
            _draw_snippet(painter, line, snippet, option.font)
        painter.restore()


SNIPPET_LEAD_CHARS = 16


def menu_targets(clicked: str, selected: list[str]) -> list[str]:
    """The conversations a context-menu action applies to.

    The clicked row, or the whole selection only when the clicked row is
    part of it (the user right-clicked inside what they selected).
    """
    return list(selected) if clicked in selected else [clicked]


_MARKDOWN_NOISE = re.compile(r"\*\*|`+|~~|^#{1,6}\s+|^>\s?|^\s*[-*+]\s+(?=\S)", re.MULTILINE)
#: ``__strong__`` only as a pair around words: ``notes__add``, ``snake__case`` keep theirs.
_UNDERSCORE_STRONG = re.compile(r"(?<!\w)__(?=\S)(.+?)(?<=\S)__(?!\w)")


def _tidy(text: str) -> str:
    """Markdown marks out, whitespace collapsed, but an edge space kept.

    The space after a match ("河流 flows") is what separates it from the
    next segment; collapsing ``" flows"`` to ``"flows"`` glued them.
    """
    plain = _MARKDOWN_NOISE.sub("", _UNDERSCORE_STRONG.sub(r"\1", text))
    core = " ".join(plain.split())
    if not core:
        return " " if plain else ""
    lead = " " if plain[:1].isspace() else ""
    tail = " " if plain[-1:].isspace() else ""
    return lead + core + tail


def trim_snippet_lead(snippet: Snippet, lead: int = SNIPPET_LEAD_CHARS) -> Snippet:
    """Tidy each segment and keep at most ``lead`` characters of context before the first match.

    A sidebar row is narrow: without this the match itself is often elided
    away and the user cannot see why the row is there. The context trimmed
    is the text just before the match, so a leading "Assistant: " stays
    (trimming only the first segment left a role-led hit's match out of
    view; seen on Xvfb). Snippets come from stored markdown, so ``**`` and
    backticks are dropped from what is shown.
    """
    segments = [(_tidy(text), hit) for text, hit in snippet]
    segments = [(text, hit) for text, hit in segments if text]
    if segments and not segments[0][1]:
        segments[0] = (segments[0][0].lstrip(), False)
    first_hit = next((i for i, (_, hit) in enumerate(segments) if hit), None)
    if not first_hit:  # no match, or the match leads
        return tuple(segments)
    before = first_hit - 1
    context = segments[before][0]
    if len(context) > lead:
        segments[before] = ("…" + context[-lead:].lstrip(), False)
        while before > 0 and segments[before - 1][0].strip() == "…":
            del segments[before - 1]  # make_snippet's own ellipsis, now doubled
            before -= 1
    return tuple(segments)


def _draw_snippet(painter: QPainter, rect: QRect, snippet: Snippet, font: QFont) -> None:
    """Draw segments left to right, matches in bold, eliding at the edge."""
    x = rect.left()
    for text, is_match in trim_snippet_lead(snippet):
        segment_font = QFont(font)
        segment_font.setBold(is_match)
        painter.setFont(segment_font)
        metrics = QFontMetrics(segment_font)
        clean = text.strip()
        x += metrics.horizontalAdvance(" ") if text.startswith(" ") and x > rect.left() else 0
        room = rect.right() - x
        if room <= 0:
            break
        shown = metrics.elidedText(clean, Qt.TextElideMode.ElideRight, room)
        painter.drawText(
            QRect(x, rect.top(), room, rect.height()), Qt.AlignmentFlag.AlignVCenter, shown
        )
        x += metrics.horizontalAdvance(shown) + (
            metrics.horizontalAdvance(" ") if text.endswith(" ") else 0
        )
        if shown != clean:
            break


class Sidebar(QWidget):
    """Search field, New chat, list (conversations or hits), Trash toggle.

    Signals:
        conversation_chosen(str): open this conversation.
        hit_chosen(str, str): open conversation at message (id, message id; "" = none).
        new_chat_requested: start a new chat.
        search_changed(str): the (debounced) search text changed.
        pin_requested(str, bool), export_requested(str),
        delete_requested(list), restore_requested(list), empty_trash_requested,
        trash_toggled(bool): context-menu and button actions.
    """

    conversation_chosen = Signal(str)
    hit_chosen = Signal(str, str)
    new_chat_requested = Signal()
    search_changed = Signal(str)
    pin_requested = Signal(str, bool)
    export_requested = Signal(str)
    delete_requested = Signal(list)
    restore_requested = Signal(list)
    empty_trash_requested = Signal()
    trash_toggled = Signal(bool)
    settings_requested = Signal()
    erase_requested = Signal(list)
    import_requested = Signal()
    export_all_requested = Signal()

    def __init__(self, model: ConversationsModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("Sidebar")
        self.model = model
        self.results = SearchResultsModel()
        self.in_trash = False
        self.search = QLineEdit(self)
        self.search.setObjectName("SearchField")
        self.search.setPlaceholderText(
            with_shortcut(self.tr("Search conversations (%1)"), "Ctrl+K")
        )
        self.search.setAccessibleName(self.tr("Search conversations"))
        self.search.setClearButtonEnabled(True)
        self.new_button = QPushButton(self.tr("New chat"), self)
        self.new_button.setObjectName("NewChatButton")
        self.new_button.setAccessibleName(self.tr("New chat"))
        self.list = QListView(self)
        self.list.setObjectName("ConversationList")
        self.list.setAccessibleName(self.tr("Conversations"))
        self.list.setItemDelegate(ConversationDelegate(self.list))
        self.list.setModel(model)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.EditKeyPressed)
        self.list.setUniformItemSizes(False)
        self.list.setMouseTracking(True)
        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.trash_button = QPushButton(self.tr("Trash"), self)
        self.trash_button.setObjectName("TrashButton")
        self.trash_button.setCheckable(True)
        self.trash_button.setAccessibleName(self.tr("Show Trash"))
        self.empty_button = QPushButton(self.tr("Empty Trash"), self)
        self.empty_button.setAccessibleName(self.tr("Empty Trash"))
        self.empty_button.hide()
        self.trash_heading = QLabel(self.tr("Trash"), self)
        self.trash_heading.setObjectName("TrashHeading")
        self.trash_note = QLabel(
            self.tr("Deleted chats stay here until you empty the Trash."), self
        )
        self.trash_note.setObjectName("TrashNote")
        self.trash_note.setWordWrap(True)
        self.trash_empty = QLabel(self.tr("The Trash is empty."), self)
        self.trash_empty.setObjectName("TrashEmpty")
        self.trash_empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        for label in (self.trash_heading, self.trash_note, self.trash_empty):
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.hide()
        # Icon only (its name is the tooltip): with "Back to chats" and
        # "Empty Trash" beside it, words would widen the sidebar.
        self.settings_button = QPushButton(self)
        self.settings_button.setObjectName("SettingsButton")
        self.settings_button.setAccessibleName(self.tr("Open Settings"))
        self.settings_button.setToolTip(self.tr("Settings"))
        self.more_button = QPushButton("…", self)
        self.more_button.setObjectName("MoreButton")
        self.more_button.setAccessibleName(self.tr("Import and export"))
        self.more_button.setToolTip(self.tr("Import and export"))
        more = QMenu(self.more_button)
        more.addAction(self.tr("Import conversations…"), self.import_requested.emit)
        more.addAction(self.tr("Export all conversations (JSON)…"), self.export_all_requested.emit)
        self.more_button.setMenu(more)
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.trash_button)
        bottom.addStretch(1)
        bottom.addWidget(self.more_button)
        bottom.addWidget(self.settings_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addLayout(top)
        layout.addWidget(self.new_button)
        layout.addWidget(self.trash_heading)
        layout.addWidget(self.trash_note)
        # Under the heading, not in the bottom row: three buttons there would
        # widen the sidebar in most languages.
        layout.addWidget(self.empty_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.trash_empty)
        layout.addWidget(self.list, 1)
        layout.addLayout(bottom)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(SEARCH_DELAY_MS)
        self._debounce.timeout.connect(lambda: self.search_changed.emit(self.search.text().strip()))
        self.search.textChanged.connect(lambda _: self._debounce.start())
        self.search.returnPressed.connect(self._activate_first)
        self.new_button.clicked.connect(self.new_chat_requested)
        self.list.activated.connect(self._activated)
        self.list.clicked.connect(self._activated)
        self.list.customContextMenuRequested.connect(self._menu)
        self.trash_button.toggled.connect(self._toggle_trash)
        self.empty_button.clicked.connect(self.empty_trash_requested)
        self.settings_button.clicked.connect(self.settings_requested)
        model.modelReset.connect(self._update_trash_state)
        clear = QShortcut(QKeySequence(Qt.Key.Key_Escape), self.search)
        clear.setContext(Qt.ShortcutContext.WidgetShortcut)
        clear.activated.connect(self.search.clear)
        delete = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.list)
        delete.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete.activated.connect(self._delete_selected)
        for portable in keys_for("delete"):  # Cmd+Backspace on macOS
            extra = QShortcut(QKeySequence(portable), self.list)
            extra.setContext(Qt.ShortcutContext.WidgetShortcut)
            extra.activated.connect(self._delete_selected)

    # ---------------------------------------------------------------- API

    def show_results(self, hits: list) -> None:  # type: ignore[type-arg]
        self.results.set_hits(hits)
        self.list.setModel(self.results)

    def show_conversations(self) -> None:
        """Back to the conversation list; the search field empties with it.

        A field that still says "zebras" over the plain list would disagree
        with what is shown (and typing the same word again would search nothing).
        """
        if self.search.text():
            # Not with signals blocked: the field's clear button hides on textChanged.
            self.search.clear()
        self._debounce.stop()  # an empty search needs no round trip
        if self.list.model() is not self.model:
            self.list.setModel(self.model)

    def select(self, conversation_id: str | None) -> None:
        """Highlight exactly the open conversation (nothing for a new chat).

        However the chat was opened (a click, search, the keyboard, a new
        chat), an older multi-selection must not linger: the context menu
        and the Delete key act on the selection.
        """
        if self.list.model() is not self.model:
            return  # search results are shown: they keep their own highlight
        row = self.model.row_of(conversation_id) if conversation_id else -1
        selection = self.list.selectionModel()
        if row >= 0:
            index = self.model.index(row)
            selection.setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        else:
            selection.clearSelection()
            selection.clearCurrentIndex()

    def selected_ids(self) -> list[str]:
        rows = self.list.selectionModel().selectedIndexes() if self.list.selectionModel() else []
        return [str(i.data(IdRole)) for i in rows if i.data(IdRole)]

    # ------------------------------------------------------------ internals

    def _activated(self, index: QModelIndex) -> None:
        if self.list.model() is self.results:
            self.hit_chosen.emit(str(index.data(IdRole)), str(index.data(MessageIdRole) or ""))
        elif not self.in_trash:
            self.conversation_chosen.emit(str(index.data(IdRole)))

    def _activate_first(self) -> None:
        model = self.list.model()
        if model.rowCount() > 0:
            first = model.index(0, 0)
            self.list.setCurrentIndex(first)
            self._activated(first)

    def _toggle_trash(self, on: bool) -> None:
        self.in_trash = on
        self.empty_button.setVisible(on)
        self.trash_button.setText(self.tr("Back to chats") if on else self.tr("Trash"))
        self.new_button.setVisible(not on)
        self.trash_toggled.emit(on)
        self._update_trash_state()

    def _update_trash_state(self) -> None:
        """In the Trash: a heading, what it means, and an empty state."""
        on = self.in_trash
        empty = self.model.rowCount() == 0
        self.trash_heading.setVisible(on)
        self.trash_note.setVisible(on and not empty)
        self.trash_empty.setVisible(on and empty)
        self.list.setVisible(not (on and empty))
        self.empty_button.setEnabled(not empty)

    def _delete_selected(self) -> None:
        ids = self.selected_ids()
        if ids and not self.in_trash:
            self.delete_requested.emit(ids)

    def _menu(self, pos: QPoint) -> None:
        index = self.list.indexAt(pos)
        index = self.list.currentIndex() if not index.isValid() else index
        if not index.isValid() or self.list.model() is not self.model:
            return
        cid = str(index.data(IdRole))
        ids = menu_targets(cid, self.selected_ids())
        menu = QMenu(self)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)  # not one QMenu per right-click
        if self.in_trash:
            menu.addAction(self.tr("Restore"), lambda: self.restore_requested.emit(ids))
            menu.addAction(self.tr("Delete forever"), lambda: self.erase_requested.emit(ids))
        else:
            menu.addAction(self.tr("Rename"), lambda: self.list.edit(index))
            pinned = bool(index.data(PinnedRole))
            menu.addAction(
                self.tr("Unpin") if pinned else self.tr("Pin"),
                lambda: self.pin_requested.emit(cid, not pinned),
            )
            menu.addAction(self.tr("Export…"), lambda: self.export_requested.emit(cid))
            menu.addSeparator()
            menu.addAction(self.tr("Delete"), lambda: self.delete_requested.emit(ids))
        menu.popup(self.list.viewport().mapToGlobal(self.list.visualRect(index).center()))
