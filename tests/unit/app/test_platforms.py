"""Each platform's conventions, simulated on any machine (issue 11 item 19).

Paths: history in LocalAppData on Windows. Renames: retried while Windows
holds the target open. Keys: macOS's Cmd+Shift+[ / ] and Cmd+Backspace.
Settings: ranges validated, keys of a newer version kept.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop_app.app.paths import platform_dirs, resolve_paths
from desktop_app.core.keymap import keys_for
from desktop_app.core.settings import Settings, settings_from_dict
from desktop_app.store import fsutil
from desktop_app.store.settings_file import load_settings, save_settings


def test_windows_keeps_history_in_local_app_data_and_settings_roaming(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import platformdirs.windows

    folders = {
        "CSIDL_LOCAL_APPDATA": str(tmp_path / "Local"),
        "CSIDL_APPDATA": str(tmp_path / "Roaming"),
    }
    monkeypatch.setattr(platformdirs.windows, "get_win_folder", folders.__getitem__)
    data, config = platform_dirs("win32")
    assert data.is_relative_to(tmp_path / "Local")  # backups and logs sit under data
    assert config.is_relative_to(tmp_path / "Roaming")
    paths = resolve_paths(environ={}, platform="win32")
    assert paths.database.is_relative_to(tmp_path / "Local")
    assert paths.backups_dir.is_relative_to(tmp_path / "Local")


def test_linux_and_macos_defaults_are_unchanged(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", "/home/u")
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    monkeypatch.delenv("XDG_CONFIG_HOME", raising=False)
    assert platform_dirs("linux")[0] == Path("/home/u/.local/share/afarensis-chat")
    assert "Application Support" in str(platform_dirs("darwin")[0])


def test_a_rename_blocked_by_a_sharing_violation_is_retried_on_windows(tmp_path: Path) -> None:
    src, dst = tmp_path / "new", tmp_path / "settings.json"
    src.write_text("new")
    dst.write_text("old")
    refusals = [PermissionError(13, "sharing violation")] * 3
    slept: list[float] = []

    def antivirus_holds_it(a: Path, b: Path) -> None:
        if refusals:
            raise refusals.pop()
        a.replace(b)

    fsutil.replace_file(src, dst, platform="win32", rename=antivirus_holds_it, sleep=slept.append)
    assert dst.read_text() == "new" and len(slept) == 3


def test_elsewhere_a_permission_error_is_raised_at_once(tmp_path: Path) -> None:
    def refuse(a: Path, b: Path) -> None:
        raise PermissionError(13, "denied")

    with pytest.raises(PermissionError):
        fsutil.replace_file(tmp_path / "a", tmp_path / "b", platform="linux", rename=refuse)


def test_a_sharing_violation_that_never_ends_is_still_reported(tmp_path: Path) -> None:
    calls: list[int] = []

    def refuse(a: Path, b: Path) -> None:
        calls.append(1)
        raise PermissionError(13, "held")

    with pytest.raises(PermissionError):
        fsutil.replace_file(
            tmp_path / "a", tmp_path / "b", platform="win32", rename=refuse, sleep=lambda _: None
        )
    assert len(calls) == fsutil.ATTEMPTS


def test_macos_gets_its_own_keys_for_switching_chats_and_deleting() -> None:
    assert keys_for("previous", "darwin")[0] == "Ctrl+Shift+["  # Ctrl is Cmd on macOS in Qt
    assert keys_for("next", "darwin")[0] == "Ctrl+Shift+]"
    assert "Ctrl+Backspace" in keys_for("delete", "darwin")
    assert keys_for("previous", "linux") == ("Ctrl+PgUp",)
    assert keys_for("previous", "win32") == ("Ctrl+PgUp",)
    assert keys_for("delete", "linux") == ()
    assert "Ctrl+PgUp" in keys_for("previous", "darwin")  # the portable key still works


@pytest.mark.parametrize(
    ("name", "bad"),
    [
        ("font_size", -3),
        ("font_size", 400),
        ("backup_keep", 0),
        ("read_timeout_s", 0),
        ("read_timeout_s", -1.5),
        ("read_timeout_s", float("nan")),
    ],
)
def test_out_of_range_numbers_fall_back_to_the_default(name: str, bad: float) -> None:
    loaded = settings_from_dict({name: bad})
    assert getattr(loaded, name) == getattr(Settings(), name)


def test_in_range_numbers_are_kept() -> None:
    loaded = settings_from_dict({"font_size": 14, "backup_keep": 30, "read_timeout_s": 600})
    assert (loaded.font_size, loaded.backup_keep, loaded.read_timeout_s) == (14, 30, 600.0)


def test_keys_written_by_a_newer_version_survive_a_save(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    newer = {
        "version": 3,
        "font_size": 12,
        "voice_mode": {"enabled": True},
        "profiles": [
            {"id": "p1", "name": "Work", "base_url": "http://127.0.0.1:1/v1", "region": "eu"}
        ],
        "active_profile_id": "p1",
    }
    path.write_text(json.dumps(newer))
    settings = load_settings(path)
    from dataclasses import replace

    save_settings(path, replace(settings, font_size=15))
    saved = json.loads(path.read_text())
    assert saved["voice_mode"] == {"enabled": True}
    assert saved["profiles"][0]["region"] == "eu"
    assert saved["font_size"] == 15  # what this version changed still wins


def test_kept_unknown_keys_never_carry_a_secret(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"future": {"api_key": "sk-leak", "ok": 1}}))
    save_settings(path, load_settings(path))
    assert "sk-leak" not in path.read_text()
    assert json.loads(path.read_text())["future"] == {"ok": 1}
