from __future__ import annotations

from datetime import date, datetime

from desktop_app.core.grouping import Group, GroupKey, group_of


def _ts(y: int, m: int, d: int) -> float:
    return datetime(y, m, d, 12).timestamp()


def test_groups_follow_the_calendar() -> None:
    today = date(2026, 11, 27)
    assert group_of(_ts(2026, 11, 27), False, today) == GroupKey(Group.TODAY)
    assert group_of(_ts(2026, 11, 26), False, today) == GroupKey(Group.YESTERDAY)
    assert group_of(_ts(2026, 11, 21), False, today) == GroupKey(Group.WEEK)
    assert group_of(_ts(2026, 11, 1), False, today) == GroupKey(Group.MONTH)
    assert group_of(_ts(2026, 3, 4), False, today) == GroupKey(Group.OLDER, 3)
    assert group_of(_ts(2025, 3, 4), False, today) == GroupKey(Group.OLDER, 3, 2025)
    assert group_of(_ts(2025, 3, 4), True, today) == GroupKey(Group.PINNED)
