"""Settings → Tools: an import lists servers (starting none), grants are listed and revoked."""

from __future__ import annotations

import json
from pathlib import Path

from pytestqt.qtbot import QtBot

from desktop_app.core.tools import ToolSpec
from desktop_app.services.tool_service import ToolService
from desktop_app.store.tool_config import ToolConfigFile
from desktop_app.ui.tools_page import ToolsPage
from tests.unit.services.test_settings_service import DictSecrets


def _no_host() -> object:
    raise AssertionError("the settings page must never start a server")


def test_import_lists_servers_and_a_grant_can_be_revoked(qtbot: QtBot, tmp_path: Path) -> None:
    secrets = DictSecrets()
    tools = ToolService(ToolConfigFile(tmp_path / "tools.json"), secrets, _no_host)  # type: ignore[arg-type]
    page = ToolsPage(tools)
    qtbot.addWidget(page)
    config = tmp_path / "claude_desktop_config.json"
    config.write_text(
        json.dumps(
            {"mcpServers": {"fs": {"command": "npx", "args": ["-y", "fs"], "env": {"K": "v"}}}}
        )
    )
    page.import_file(config)
    assert page.servers.count() == 1 and page.servers.item(0).text() == "fs — npx -y fs"
    assert "Imported 1 server(s): fs. Each asks before its first start." in page.status.text()
    assert tools.needs_consent(tools.servers()[0])
    tools.grant(ToolSpec("fs", "read", "Read a file."), None)
    page.reload()
    assert page.grants.count() == 1 and "everywhere" in page.grants.item(0).text()
    page.grants.item(0).setSelected(True)
    page.revoke.click()
    assert page.grants.count() == 0 and tools.grants() == []
    page.servers.setCurrentRow(0)
    page.remove.click()
    assert tools.servers() == [] and secrets.get_key("mcp:fs:env:K") is None


def test_a_broken_file_is_a_sentence(qtbot: QtBot, tmp_path: Path) -> None:
    tools = ToolService(ToolConfigFile(tmp_path / "tools.json"), DictSecrets(), _no_host)  # type: ignore[arg-type]
    page = ToolsPage(tools)
    qtbot.addWidget(page)
    bad = tmp_path / "x.json"
    bad.write_text("{nope")
    page.import_file(bad)
    assert page.status.text().startswith("The file is not JSON") and page.servers.count() == 0
