from __future__ import annotations

from datetime import date, datetime

from desktop_app.core.grouping import group_label


def _ts(y: int, m: int, d: int) -> float:
    return datetime(y, m, d, 12).timestamp()


def test_groups_follow_the_calendar() -> None:
    today = date(2026, 11, 27)
    assert group_label(_ts(2026, 11, 27), False, today) == "Today"
    assert group_label(_ts(2026, 11, 26), False, today) == "Yesterday"
    assert group_label(_ts(2026, 11, 21), False, today) == "Previous 7 days"
    assert group_label(_ts(2026, 11, 1), False, today) == "Previous 30 days"
    assert group_label(_ts(2026, 3, 4), False, today) == "March"
    assert group_label(_ts(2025, 3, 4), False, today) == "March 2025"
    assert group_label(_ts(2025, 3, 4), True, today) == "Pinned"
