"""The tool loop's sentences to the user, as templates with ``%1``, ``%2``… places.

The loop, the MCP host and the tool service are Qt-free, so they cannot
call ``tr()``; they fill these templates with :func:`say` and hand on plain
English (the model reads the same words in a ``tool`` row). The window
shows a sentence in the user's language by matching it back to its template
(``ui.error_strings.translate_error``), translating the template and putting
the same values in again. The templates use Qt's ``%1`` form so a
translation may move the values around.
"""

from __future__ import annotations

import re

NOT_STARTED = 'The tool server "%1" was not started.'
TOO_MANY = (
    "The tool servers offer %1 tools; only the first %2 are offered to the model (%3 left out)."
)
ROUND_LIMIT = "Stopped after %1 rounds of tool calls (the limit is in Settings → Tools)."
NO_LIST = 'The tool server "%1" did not list its tools.'
NOT_READY = 'The tool server "%1" did not get ready within %2 s.'
NOT_FOUND = (
    'The tool server "%1" could not start: the command "%2" was not found. '
    "Install it, or give its full path in Settings → Tools."
)
NOT_EXECUTABLE = (
    'The tool server "%1" could not start: "%2" is not allowed to run '
    "(check that it is executable)."
)
STOPPED = 'The tool server "%1" was stopped.'
DIED_AT_START = (
    'The tool server "%1" (%2) stopped before it was ready: %3. Its messages are in the log.'
)
NOT_ALLOWED = 'The tool server "%1" has not been allowed to start.'
CALL_TIMEOUT = 'The tool "%1" of "%2" gave no answer within %3 s; it was stopped.'
CRASHED = (
    'The tool server "%1" stopped while running "%2" '
    "(it may have crashed; its messages are in the log)."
)
CALL_FAILED = 'The tool "%1" of "%2" failed: %3'
REMOVED = 'The tool server "%1" was removed.'
BAD_JSON = (
    "Error: the arguments were not valid JSON (%1 at position %2). "
    "Call the tool again with a JSON object."
)

#: Every template, for the UI's translation list (a test keeps the two equal).
TEMPLATES: tuple[str, ...] = (
    NOT_STARTED,
    TOO_MANY,
    ROUND_LIMIT,
    NO_LIST,
    NOT_READY,
    NOT_FOUND,
    NOT_EXECUTABLE,
    STOPPED,
    DIED_AT_START,
    NOT_ALLOWED,
    CALL_TIMEOUT,
    CRASHED,
    CALL_FAILED,
    REMOVED,
    BAD_JSON,
)

_PLACE = re.compile(r"%(\d)")


def say(template: str, *values: object) -> str:
    """``template`` with ``%1``… replaced by ``values`` (all at once: a value's own
    ``%2`` stays as it is)."""
    return _PLACE.sub(lambda m: str(values[int(m.group(1)) - 1]), template)


def _pattern(template: str) -> re.Pattern[str]:
    parts = _PLACE.split(template)
    # Even parts are literal text, odd parts the place numbers.
    regex = "".join(re.escape(p) if i % 2 == 0 else f"(?P<v{p}>.+?)" for i, p in enumerate(parts))
    return re.compile(regex, re.DOTALL)


_PATTERNS = [(t, _pattern(t)) for t in TEMPLATES]


def recognise(text: str) -> tuple[str, tuple[str, ...]] | None:
    """The template ``text`` was made from, and its values; None for any other text."""
    for template, pattern in _PATTERNS:
        match = pattern.fullmatch(text)
        if match is not None:
            places = sorted(int(n) for n in set(_PLACE.findall(template)))
            return template, tuple(match.group(f"v{n}") for n in places)
    return None
