"""What the app tells the user right now: a level, a sentence, one optional action.

Services, presenters and controllers describe a notice with these types and
hand it to the reporting port (``core.ports.Reporter``); only the UI decides
how it looks (the notice bar). Enums, not strings, so mypy checks every
producer and every handler of an action (docs/ARCHITECTURE.md §3, "one
message bridge").
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum

from desktop_app.core.errors import Action, AfarensisError


class NoticeLevel(StrEnum):
    """How urgent: info fades after a few seconds, warning and error stay."""

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"


class NoticeAction(StrEnum):
    """The one button a notice may offer; the presenter handles each."""

    NONE = ""
    RETRY = "retry"
    UNDO = "undo"
    OPEN_SETTINGS = "open_settings"
    CHECK_BILLING = "check_billing"
    CHOOSE_MODEL = "choose_model"
    #: Copy :attr:`Notice.argument` (a link no browser could open).
    COPY_LINK = "copy-link"
    #: Copy :attr:`Notice.argument` (an unexpected error's traceback).
    COPY_DETAILS = "copy-details"


#: What an error's suggested action becomes on the notice bar. ``SHORTEN``
#: has no button (the sentence says what to do); waiting then retrying is
#: the same button as retrying.
_FROM_ERROR_ACTION: dict[Action, NoticeAction] = {
    Action.NONE: NoticeAction.NONE,
    Action.RETRY: NoticeAction.RETRY,
    Action.WAIT_AND_RETRY: NoticeAction.RETRY,
    Action.OPEN_SETTINGS: NoticeAction.OPEN_SETTINGS,
    Action.CHECK_BILLING: NoticeAction.CHECK_BILLING,
    Action.CHOOSE_MODEL: NoticeAction.CHOOSE_MODEL,
    Action.SHORTEN: NoticeAction.NONE,
}


@dataclass(frozen=True, slots=True)
class Notice:
    """One thing to tell the user.

    Attributes:
        level: how urgent it is.
        text: the sentence (may hold server text: shown as plain text).
        action: the button offered, if any.
        argument: what the action works on (the link or the details to copy).
        timeout_ms: how long it stays; None = the level's default, 0 = until dismissed.
    """

    level: NoticeLevel
    text: str
    action: NoticeAction = NoticeAction.NONE
    argument: str = ""
    timeout_ms: int | None = None

    @classmethod
    def info(cls, text: str) -> Notice:
        return cls(NoticeLevel.INFO, text)

    @classmethod
    def warning(cls, text: str) -> Notice:
        return cls(NoticeLevel.WARNING, text)

    @classmethod
    def error(cls, text: str, action: NoticeAction = NoticeAction.NONE) -> Notice:
        return cls(NoticeLevel.ERROR, text, action)

    def with_action(self, action: NoticeAction, argument: str = "") -> Notice:
        """This notice offering ``action`` (on ``argument``: the link, the details)."""
        return replace(self, action=action, argument=argument)

    def with_timeout(self, timeout_ms: int) -> Notice:
        return replace(self, timeout_ms=timeout_ms)

    @classmethod
    def of_error(
        cls, error: AfarensisError, level: NoticeLevel = NoticeLevel.ERROR, *, retry: bool = True
    ) -> Notice:
        """An error's sentence with the button its suggested action maps to.

        ``retry=False`` for a failure that is not a turn: the bar's Retry
        resends the composer's text, which is not what failed.
        """
        action = notice_action_for(error.action)
        if action is NoticeAction.RETRY and not retry:
            action = NoticeAction.NONE
        return cls(level, error.message, action)


def notice_action_for(action: Action) -> NoticeAction:
    """The notice bar's button for an error's suggested action."""
    return _FROM_ERROR_ACTION[action]
