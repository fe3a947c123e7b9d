from __future__ import annotations

import pytest

from desktop_app.core import errors
from desktop_app.core.errors import Action, ChatError, RateLimitedError


def _all_error_classes() -> list[type[errors.AfarensisError]]:
    return [
        c
        for c in vars(errors).values()
        if isinstance(c, type)
        and issubclass(c, errors.AfarensisError)
        and c not in (errors.AfarensisError, ChatError, errors.StorageError)
        and c is not errors.DatabaseRecoveredError
    ]


@pytest.mark.parametrize("cls", _all_error_classes())
def test_every_error_speaks_a_full_sentence(cls: type[errors.AfarensisError]) -> None:
    error = cls()
    assert str(error) == error.message
    assert error.message.endswith((".", ")")) and len(error.message) > 30
    assert "Traceback" not in error.message and "<" not in error.message


def test_rate_limit_says_when_to_retry() -> None:
    error = RateLimitedError(retry_after=7.4)
    assert "7 s" in str(error) and error.action is Action.WAIT_AND_RETRY and error.retryable


def test_recovered_database_names_where_the_old_file_is() -> None:
    error = errors.DatabaseRecoveredError("/data/history.corrupt-2026.sqlite3")
    assert "/data/history.corrupt-2026.sqlite3" in str(error)
