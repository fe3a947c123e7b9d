"""The sidebar's list: a paged Qt model over the history, never a widget per row.

Rows are fetched 50 at a time as the view scrolls (``canFetchMore`` /
``fetchMore``), so a profile with 100,000 conversations opens as fast as an
empty one. Search results use a second, flat model of hits.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from PySide6.QtCore import (
    QAbstractListModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

from desktop_app.core.conversation import UNTITLED
from desktop_app.core.grouping import Group, GroupKey, group_of
from desktop_app.core.history import ConversationSummary, SearchHit, Snippet
from desktop_app.core.models import Role

PAGE = 50
IdRole = Qt.ItemDataRole.UserRole + 1
GroupRole = Qt.ItemDataRole.UserRole + 2
PinnedRole = Qt.ItemDataRole.UserRole + 3
SnippetRole = Qt.ItemDataRole.UserRole + 4
MessageIdRole = Qt.ItemDataRole.UserRole + 5
FolderRole = Qt.ItemDataRole.UserRole + 6

AnyIndex = QModelIndex | QPersistentModelIndex


def _tr(text: str) -> str:
    return QCoreApplication.translate("Sidebar", text)


def _month_names() -> tuple[str, ...]:
    """Month names in the UI's language (literal calls, so the i18n check sees them)."""
    return (
        _tr("January"),
        _tr("February"),
        _tr("March"),
        _tr("April"),
        _tr("May"),
        _tr("June"),
        _tr("July"),
        _tr("August"),
        _tr("September"),
        _tr("October"),
        _tr("November"),
        _tr("December"),
    )


def group_text(key: GroupKey) -> str:
    """A group heading as the user reads it: "March 2025" / "2025年3月"."""
    if key.group is not Group.OLDER:
        return _tr(key.group.value)
    month = _month_names()[key.month - 1]
    if key.year is None:
        return month
    return _tr("{month} {year}").format(month=month, year=key.year)


class ConversationsModel(QAbstractListModel):
    """Conversations, pinned first then newest, fetched page by page."""

    def __init__(
        self,
        fetch: Callable[[int, int], Sequence[ConversationSummary]],
        count: Callable[[], int],
        rename: Callable[[str, str], None],
    ) -> None:
        super().__init__()
        self._fetch = fetch
        self._count = count
        self._rename = rename
        self._rows: list[ConversationSummary] = []
        self._groups: list[GroupKey] = []
        self._total = 0

    def set_source(
        self,
        fetch: Callable[[int, int], Sequence[ConversationSummary]],
        count: Callable[[], int],
    ) -> None:
        """Page from another query (the Trash) and show its first page."""
        self._fetch = fetch
        self._count = count
        self.reload()

    def reload(self) -> None:
        """Re-read the first page (after a change); later pages come on scroll."""
        self.beginResetModel()
        self._total = self._count()
        self._rows = list(self._fetch(0, PAGE))
        self._groups = [group_of(r.updated_at, r.pinned) for r in self._rows]
        self.endResetModel()

    def summary(self, row: int) -> ConversationSummary | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, conversation_id: str) -> int:
        return next((i for i, r in enumerate(self._rows) if r.id == conversation_id), -1)

    def ids(self) -> list[str]:
        return [r.id for r in self._rows]

    # --------------------------------------------------------- Qt interface

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def canFetchMore(self, parent: AnyIndex) -> bool:
        return not parent.isValid() and len(self._rows) < self._total

    def fetchMore(self, parent: AnyIndex) -> None:
        if parent.isValid():
            return
        more = list(self._fetch(len(self._rows), PAGE))
        if not more:
            self._total = len(self._rows)
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(more) - 1)
        self._rows.extend(more)
        self._groups.extend(group_of(r.updated_at, r.pinned) for r in more)
        self.endInsertRows()

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row = self._rows[index.row()]
        if role in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.EditRole,
            Qt.ItemDataRole.AccessibleTextRole,
        ):
            # The stored placeholder title is shown in the user's language.
            return _tr("New chat") if row.title == UNTITLED else row.title
        if role == IdRole:
            return row.id
        if role == PinnedRole:
            return row.pinned
        if role == FolderRole:
            return row.folder
        if role == GroupRole:
            label = self._groups[index.row()]
            previous = self._groups[index.row() - 1] if index.row() > 0 else None
            return group_text(label) if label != previous else None
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        base = super().flags(index)
        return base | Qt.ItemFlag.ItemIsEditable if index.isValid() else base

    def setData(self, index: AnyIndex, value: object, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        title = str(value).strip()
        row = self._rows[index.row()]
        if not title or title == row.title:
            return False
        self._rename(row.id, title)
        self._rows[index.row()] = replace(row, title=title)
        self.dataChanged.emit(index, index)
        return True


class SearchResultsModel(QAbstractListModel):
    """Search hits: conversation title plus a snippet with the match in bold."""

    def __init__(self) -> None:
        super().__init__()
        self._hits: list[SearchHit] = []

    def set_hits(self, hits: Sequence[SearchHit]) -> None:
        self.beginResetModel()
        self._hits = list(hits)
        self.endResetModel()

    def hit(self, row: int) -> SearchHit | None:
        return self._hits[row] if 0 <= row < len(self._hits) else None

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._hits)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or index.row() >= len(self._hits):
            return None
        hit = self._hits[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return hit.conversation_title
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{hit.conversation_title}: {hit.snippet_text}"
        if role == IdRole:
            return hit.conversation_id
        if role == MessageIdRole:
            return hit.message_id
        if role == SnippetRole:
            return _with_role(hit)
        if role == GroupRole:
            return _tr("Search results") if index.row() == 0 else None
        return None


def _with_role(hit: SearchHit) -> Snippet:
    """The snippet led by who wrote it ("You: …", "Assistant: …")."""
    if hit.role is Role.USER:
        who = _tr("You")
    elif hit.role is Role.ASSISTANT:
        who = _tr("Assistant")
    else:
        return hit.snippet
    return ((f"{who}: ", False), *hit.snippet)
