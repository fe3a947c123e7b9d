"""How a server is launched: a frozen build's library paths never reach it; .cmd runs via cmd."""

from __future__ import annotations

import asyncio
import stat
from pathlib import Path

from desktop_app.tools import launch


def test_a_frozen_build_scrubs_its_library_paths() -> None:
    base = {
        "PATH": "/usr/bin",
        "LD_LIBRARY_PATH": "/tmp/_MEI123",
        "LD_LIBRARY_PATH_ORIG": "/opt/lib",
        "DYLD_LIBRARY_PATH": "/Applications/App/Contents/Frameworks",
        "HOME": "/home/me",
    }
    env = launch.child_environment(base, {"TOKEN": "t"}, frozen=True)
    assert env == {
        "PATH": "/usr/bin",
        "LD_LIBRARY_PATH": "/opt/lib",
        "HOME": "/home/me",
        "TOKEN": "t",
    }
    kept = launch.child_environment(base, {}, frozen=False)
    assert kept["LD_LIBRARY_PATH"] == "/tmp/_MEI123"  # a source run keeps the user's own


def test_the_login_shell_path_wins_on_macos() -> None:
    env = launch.child_environment(
        {"PATH": "/usr/bin:/bin"}, {}, frozen=True, login_path="/opt/homebrew/bin:/usr/bin"
    )
    assert env["PATH"] == "/opt/homebrew/bin:/usr/bin"
    assert asyncio.run(launch.login_shell_path("linux")) is None


def test_a_cmd_launcher_runs_through_cmd_exe(tmp_path: Path, monkeypatch: object) -> None:
    script = tmp_path / "npx.cmd"
    script.write_text("@echo off\n")
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    command, args = launch.windows_command("npx.cmd", ["-y", "pkg"], str(tmp_path))
    assert command.lower().endswith("cmd.exe") or command.lower().endswith("cmd")
    assert args == ["/d", "/s", "/c", str(script), "-y", "pkg"]
    _exe, same = launch.windows_command("python", ["x"], str(tmp_path))
    assert same == ["x"]
