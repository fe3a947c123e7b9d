"""Sidebar date groups ("Today", "Yesterday", …) as a pure function.

Kept out of the Qt model so the rules are tested without a display and the
model only maps rows to labels. A group is a value, not English text: the
month headings of older chats ("March 2025") are worded by the UI in the
user's language, never by ``strftime`` in the process's C locale.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum


class Group(StrEnum):
    PINNED = "Pinned"
    TODAY = "Today"
    YESTERDAY = "Yesterday"
    WEEK = "Previous 7 days"
    MONTH = "Previous 30 days"
    OLDER = "older"  # labelled by month, e.g. "March 2026"


@dataclass(frozen=True, slots=True)
class GroupKey:
    """Where a conversation sits; ``month``/``year`` only for :attr:`Group.OLDER`.

    ``year`` is ``None`` for a month of the current year ("March", not
    "March 2026").
    """

    group: Group
    month: int = 0
    year: int | None = None


def group_of(updated_at: float, pinned: bool, today: date | None = None) -> GroupKey:
    """The heading a conversation sits under, in the local time zone."""
    if pinned:
        return GroupKey(Group.PINNED)
    day = datetime.fromtimestamp(updated_at).date()
    today = today or date.today()
    age = (today - day).days
    if age <= 0:
        return GroupKey(Group.TODAY)
    if age == 1:
        return GroupKey(Group.YESTERDAY)
    if age <= 7:
        return GroupKey(Group.WEEK)
    if age <= 30:
        return GroupKey(Group.MONTH)
    return GroupKey(Group.OLDER, day.month, day.year if day.year != today.year else None)
