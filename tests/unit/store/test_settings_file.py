"""Settings and window state on disk: atomic, tolerant of corruption, key-free."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from desktop_app.core.settings import Settings, Theme
from desktop_app.store.settings_file import load_settings, load_state, save_settings, save_state


def test_settings_round_trip_and_leave_no_temp_files(tmp_path: Path) -> None:
    path = tmp_path / "cfg" / "settings.json"
    settings = replace(Settings(), theme=Theme.DARK, font_size=14)
    save_settings(path, settings)
    save_settings(path, settings)
    assert load_settings(path) == settings
    assert [p.name for p in path.parent.iterdir()] == ["settings.json"]


def test_a_corrupt_settings_file_is_kept_aside_and_defaults_used(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text("{not json", encoding="utf-8")
    assert load_settings(path) == Settings()
    (aside,) = tmp_path.glob("settings.json.corrupt-*")
    assert aside.read_text(encoding="utf-8") == "{not json"


def test_an_api_key_in_an_old_file_is_never_written_back(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    old = {"profiles": [{"id": "p", "base_url": "http://x", "api_key": "sk-leak"}]}
    path.write_text(json.dumps(old), encoding="utf-8")
    save_settings(path, load_settings(path))
    assert "sk-leak" not in path.read_text(encoding="utf-8")


def test_window_state_round_trips_bytes_and_skips_junk(tmp_path: Path) -> None:
    path = tmp_path / "window-state.json"
    save_state(path, {"geometry": b"\x00\x01\xff", "splitter": b""})
    assert load_state(path) == {"geometry": b"\x00\x01\xff", "splitter": b""}
    path.write_text('{"values": {"geometry": "***", "ok": "AAE="}}', encoding="utf-8")
    assert load_state(path) == {"ok": b"\x00\x01"}
