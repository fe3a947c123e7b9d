"""Settings and parameters for thinking models survive the file and refuse junk."""

from __future__ import annotations

from dataclasses import replace

from desktop_app.core.conversation import raised_max_tokens
from desktop_app.core.models import GenerationParams
from desktop_app.core.settings import Settings, settings_from_dict, settings_to_dict


def test_thinking_settings_round_trip_through_the_file() -> None:
    chosen = replace(
        Settings(),
        thinking_expanded=True,
        search_reasoning=True,
        markdown_reasoning="quote",
        default_params=GenerationParams(reasoning_effort="medium"),
    )
    assert settings_from_dict(settings_to_dict(chosen)) == chosen


def test_an_unknown_reasoning_effort_in_the_file_means_unset() -> None:
    data = settings_to_dict(Settings())
    data["default_params"]["reasoning_effort"] = "maximum"
    assert settings_from_dict(data).default_params.reasoning_effort is None
    old = settings_to_dict(Settings())
    del old["thinking_expanded"], old["default_params"]["reasoning_effort"]
    loaded = settings_from_dict(old)
    assert loaded.thinking_expanded is False and loaded.default_params.reasoning_effort is None


def test_raising_the_limit_doubles_it_within_bounds() -> None:
    assert raised_max_tokens(None) == 8192
    assert raised_max_tokens(1000) == 2048
    assert raised_max_tokens(100) == 2048
    assert raised_max_tokens(200_000) == 262_144
