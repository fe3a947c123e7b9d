from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from desktop_app.core.models import GenerationParams
from desktop_app.core.settings import (
    SETTINGS_VERSION,
    Profile,
    PromptPreset,
    SendKey,
    Settings,
    Theme,
    settings_from_dict,
    settings_to_dict,
)


def test_round_trip_through_json_keeps_every_setting() -> None:
    settings = Settings(
        profiles=(
            Profile("a", "Local", "http://localhost:11434/v1", "llama3", (("X-Org", "1"),)),
            Profile("b", "Hosted", "https://api.example/v1", proxy="http://proxy:3128"),
        ),
        active_profile_id="b",
        theme=Theme.DARK,
        font_size=14,
        send_key=SendKey.CTRL_ENTER,
        language="zh_CN",
        prompt_presets=(PromptPreset("Terse", "Answer briefly."),),
        default_params=GenerationParams(temperature=0.2, stop=("END",), json_mode=True),
        backup_keep=3,
    )
    again = settings_from_dict(json.loads(json.dumps(settings_to_dict(settings))))
    assert again == settings
    assert again.active_profile.name == "Hosted"


def test_junk_values_fall_back_to_defaults_and_keys_are_dropped() -> None:
    raw = {
        "theme": "purple",
        "font_size": "big",
        "auto_title": "yes",
        "api_key": "sk-secret",
        "profiles": [{"id": "p", "base_url": "http://x/v1", "api_key": "sk-secret"}],
        "active_profile_id": "missing",
    }
    settings = settings_from_dict(raw)
    assert settings.theme is Theme.SYSTEM
    assert settings.font_size == Settings().font_size
    assert settings.auto_title is True
    assert settings.active_profile_id == "p"
    assert "sk-secret" not in json.dumps(settings_to_dict(settings))
    assert settings.version == SETTINGS_VERSION


def test_with_profile_replaces_in_place_or_appends() -> None:
    settings = Settings()
    added = settings.with_profile(Profile("x", "X", "http://x/v1"))
    assert [p.id for p in added.profiles] == ["default", "x"]
    renamed = added.with_profile(Profile("default", "Renamed", "http://y/v1"))
    assert [p.name for p in renamed.profiles] == ["Renamed", "X"]


@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(),
        lambda c: st.lists(c) | st.dictionaries(st.text(), c),
        max_leaves=20,
    )
)
def test_any_json_value_gives_usable_settings(raw: object) -> None:
    settings = settings_from_dict(raw)
    assert settings.active_profile in settings.profiles
