"""``afarensis-chat mcp import FILE`` / ``mcp list``: servers added, nothing started."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import psutil
import pytest

from desktop_app.cli import main

CLAUDE_CONFIG = {
    "mcpServers": {
        "filesystem": {
            "command": "npx",
            "args": ["-y", "@modelcontextprotocol/server-filesystem", "/home/me/Notes"],
        },
        "github": {
            "command": "docker",
            "args": ["run", "-i", "--rm", "ghcr.io/github/github-mcp-server"],
            "env": {"GITHUB_PERSONAL_ACCESS_TOKEN": "ghp_secret123"},
        },
        "remote": {"url": "https://example.com/mcp", "headers": {"Authorization": "Bearer t0k"}},
        "broken": {"args": ["no command"]},
    }
}


def test_import_then_list(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = tmp_path / "claude_desktop_config.json"
    config.write_text(json.dumps(CLAUDE_CONFIG))
    before = {p.pid for p in psutil.Process().children(recursive=True)}
    assert main(["--data-dir", str(tmp_path / "d"), "mcp", "import", str(config)]) == 0
    out = capsys.readouterr().out
    assert "Imported 3 tool server(s): filesystem, github, remote." in out
    assert "None was started" in out
    assert {p.pid for p in psutil.Process().children(recursive=True)} == before
    stored = (tmp_path / "d" / "config" / "tools.json").read_text()
    assert "ghp_secret123" not in stored and "t0k" not in stored  # secrets: keyring only
    assert main(["--data-dir", str(tmp_path / "d"), "mcp", "list"]) == 0
    listing = capsys.readouterr().out.splitlines()
    assert listing[0].startswith("filesystem\ton\tnpx -y @modelcontextprotocol/server-filesystem")
    assert listing[1].endswith("env: GITHUB_PERSONAL_ACCESS_TOKEN")
    assert listing[2] == "remote\ton\thttps://example.com/mcp"


def test_a_file_that_is_not_mcp_servers_is_a_sentence(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "x.json"
    bad.write_text('{"servers": []}')
    assert main(["--data-dir", str(tmp_path / "d"), "mcp", "import", str(bad)]) == 1
    assert 'The file has no "mcpServers" object; nothing was imported.' in capsys.readouterr().err


def test_the_cli_loads_neither_qt_nor_the_sdk(tmp_path: Path) -> None:
    code = (
        "import sys; from desktop_app.cli import main; main(['--data-dir', sys.argv[1], 'mcp', "
        "'list']); print(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('PySide6', 'mcp')))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path)],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ},
    ).stdout
    assert out.strip().splitlines()[-1] == "[]"
