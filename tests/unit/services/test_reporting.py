"""The message bridge: what is reported before the window exists is not lost."""

from __future__ import annotations

from desktop_app.core.errors import (
    Action,
    AfarensisError,
    AuthError,
    RateLimitedError,
    StorageFullError,
)
from desktop_app.core.notices import Notice, NoticeAction, NoticeLevel, notice_action_for
from desktop_app.services.reporting import QueuedReporter, reporting


class Bar:
    def __init__(self) -> None:
        self.shown: list[Notice] = []

    def report(self, notice: Notice) -> None:
        self.shown.append(notice)


def test_notices_before_the_window_wait_and_arrive_in_order() -> None:
    reporter = QueuedReporter()
    reporter.report(Notice.warning("history moved aside"))
    reporter.report(Notice.info("two replies were interrupted"))
    bar = Bar()
    reporter.attach(bar)
    assert [n.text for n in bar.shown] == ["history moved aside", "two replies were interrupted"]
    reporter.report(Notice.error("later"))
    assert [n.text for n in bar.shown][-1] == "later"
    assert reporter.pending == ()


def test_a_failing_user_action_says_why_instead_of_raising() -> None:
    reporter = QueuedReporter()
    bar = Bar()
    reporter.attach(bar)

    def pin(conversation_id: str, pinned: bool) -> bool:
        raise StorageFullError()

    assert reporting(reporter, pin, False)("c1", True) is False
    # The sentence, and no Retry: the bar's Retry would resend the composer's text.
    assert bar.shown == [Notice.error(StorageFullError().message)]


def test_an_error_offers_the_button_its_action_names() -> None:
    notice = Notice.of_error(AuthError())
    assert notice.level is NoticeLevel.ERROR and notice.action is NoticeAction.OPEN_SETTINGS
    assert Notice.of_error(RateLimitedError()).action is NoticeAction.RETRY
    assert Notice.of_error(AfarensisError("x")).action is NoticeAction.NONE
    # Every suggested action has a button (or deliberately none).
    assert {notice_action_for(a) for a in Action} <= set(NoticeAction)
