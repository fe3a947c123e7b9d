"""Sidebar date groups ("Today", "Yesterday", …) as a pure function.

Kept out of the Qt model so the rules are tested without a display and the
model only maps rows to labels.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum


class Group(StrEnum):
    PINNED = "Pinned"
    TODAY = "Today"
    YESTERDAY = "Yesterday"
    WEEK = "Previous 7 days"
    MONTH = "Previous 30 days"
    OLDER = "older"  # labelled by month, e.g. "March 2026"


def group_label(updated_at: float, pinned: bool, today: date | None = None) -> str:
    """The heading a conversation sits under, in the local time zone."""
    if pinned:
        return Group.PINNED.value
    day = datetime.fromtimestamp(updated_at).date()
    today = today or date.today()
    age = (today - day).days
    if age <= 0:
        return Group.TODAY.value
    if age == 1:
        return Group.YESTERDAY.value
    if age <= 7:
        return Group.WEEK.value
    if age <= 30:
        return Group.MONTH.value
    return day.strftime("%B %Y") if day.year != today.year else day.strftime("%B")
