"""What a message card asks for: one enum, checked by mypy at each end.

A card's toolbar, menu, footer links and code-block "Copy" links all end in
``MessageCard.action_requested(str, str)``. The string is only the wire
format (Qt signals and ``action:`` hrefs carry text): every producer builds
it with :func:`encode`, and the controller reads it back with
:func:`decode` and handles each :class:`CardAction` (an unhandled member
fails mypy's exhaustiveness check).
"""

from __future__ import annotations

from enum import StrEnum


class CardAction(StrEnum):
    COPY_MARKDOWN = "copy-md"
    COPY_TEXT = "copy-text"
    #: Copy one code block; the argument is its index in the message.
    COPY_CODE = "copy-code"
    REGENERATE = "regenerate"
    RETRY = "retry"
    CONTINUE = "continue"
    EDIT = "edit"
    DELETE = "delete"
    PREVIOUS_VERSION = "prev-version"
    NEXT_VERSION = "next-version"
    #: No browser opened a link; the argument is the link (offer to copy it).
    LINK_FAILED = "link-failed"
    RAISE_LIMIT = "raise-limit"
    #: A reply ran out of tokens while still thinking: a higher limit, then regenerate.
    RAISE_LIMIT_RETRY = "raise-limit-retry"
    SETTINGS = "settings"


#: The actions that carry an argument after a ":".
WITH_ARGUMENT = frozenset({CardAction.COPY_CODE, CardAction.LINK_FAILED})


def encode(action: CardAction, argument: str = "") -> str:
    """The wire form: ``copy-md``, or ``copy-code:2`` for one that takes an argument."""
    return f"{action.value}:{argument}" if action in WITH_ARGUMENT else action.value


def decode(text: str) -> tuple[CardAction, str] | None:
    """The action and its argument; None for text no card produces."""
    name, _, argument = text.partition(":")
    try:
        action = CardAction(name)
    except ValueError:
        return None
    return action, argument
