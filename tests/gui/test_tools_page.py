"""Settings → Tools: an import lists servers (starting none), grants are listed and revoked."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from desktop_app.core.settings import Settings, within_ranges
from desktop_app.core.tools import ToolSpec
from desktop_app.services.tool_service import ToolService
from desktop_app.store.tool_config import ToolConfigFile
from desktop_app.ui.settings_dialog import SettingsDialog
from desktop_app.ui.tools_page import ToolsPage
from tests.unit.services.test_settings_service import DictSecrets, Harness


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


def test_the_tool_limits_are_edited_on_the_tools_page_and_saved_with_the_dialog(
    qtbot: QtBot, tmp_path: Path
) -> None:
    tools = ToolService(ToolConfigFile(tmp_path / "tools.json"), DictSecrets(), _no_host)  # type: ignore[arg-type]
    harness = Harness()
    harness.service.update(replace(Settings(), tool_round_limit=4, tool_timeout_s=30.0))
    dialog = SettingsDialog(harness.service, tools=tools)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.tools is not None
    limits = dialog.tools.limits
    assert (limits.rounds.value(), limits.timeout.value()) == (4, 30)  # what is saved
    assert (limits.rounds.minimum(), limits.rounds.maximum()) == (1, 100)
    assert (limits.timeout.minimum(), limits.timeout.maximum()) == (1, 3600)
    limits.rounds.setValue(0)  # below the range: held at 1, never 0 rounds
    assert limits.rounds.value() == 1
    limits.rounds.setValue(25)
    limits.timeout.setValue(120)
    apply = dialog.buttons.button(QDialogButtonBox.StandardButton.Apply)
    assert apply.isEnabled()  # an edit here is an unsaved change like any other
    apply.click()
    saved = harness.saved[-1]
    assert (saved.tool_round_limit, saved.tool_timeout_s) == (25, 120.0)


def test_a_hand_edited_limit_out_of_range_falls_back_to_the_default() -> None:
    odd = within_ranges(replace(Settings(), tool_round_limit=0, tool_timeout_s=-5.0))
    assert (odd.tool_round_limit, odd.tool_timeout_s) == (
        Settings().tool_round_limit,
        Settings().tool_timeout_s,
    )
