"""A tool sentence is recognised back from its words, values and all, and nothing else is."""

from __future__ import annotations

from desktop_app.core.tool_sentences import (
    CALL_FAILED,
    DIED_AT_START,
    NOT_FOUND,
    TEMPLATES,
    TOO_MANY,
    recognise,
    say,
)


def test_every_template_comes_back_with_its_values() -> None:
    for template in TEMPLATES:
        places = template.count("%")
        values = tuple(f"v{n}" for n in range(1, places + 1))
        assert recognise(say(template, *values)) == (template, values)


def test_values_with_quotes_percent_signs_and_lines_stay_as_they_were() -> None:
    sentence = say(CALL_FAILED, "read", 'my "notes"', "bad %2 input\nsecond line")
    assert sentence == 'The tool "read" of "my "notes"" failed: bad %2 input\nsecond line'
    assert recognise(sentence) == (CALL_FAILED, ("read", 'my "notes"', "bad %2 input\nsecond line"))
    assert recognise(say(TOO_MANY, 200, 128, 72)) == (TOO_MANY, ("200", "128", "72"))
    assert say(NOT_FOUND, "fs", "npx").endswith("give its full path in Settings → Tools.")
    assert recognise(say(DIED_AT_START, "fs", "npx", "Connection closed")) is not None


def test_other_text_is_not_taken_for_ours() -> None:
    assert recognise("The tool said: 5") is None
    assert recognise('The tool server "x" was not started. And more.') is None
    assert recognise("") is None
