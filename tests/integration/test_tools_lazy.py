"""No MCP SDK, no server process, while no tool server is enabled.

A fresh interpreter builds the real container and window and runs the whole
start-up (including the deferred work after the first paint): not one
``mcp`` module may be loaded, because the start-up bench must not move.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = """
import asyncio, json, os, sys
from PySide6.QtWidgets import QApplication
from desktop_app.app.container import Foundation, paint_window
from desktop_app.app.first_frame import show_first_frame
from desktop_app.app.loop import create_loop
from desktop_app.app.session import GuiSession
from desktop_app.app.paths import AppPaths
from pathlib import Path

app = QApplication([])
folder = Path(sys.argv[1])
foundation = Foundation.open(AppPaths(folder / "data", folder / "config"))
shell = paint_window(foundation, app)
show_first_frame(app, shell, foundation)
loop = create_loop(app)
gui = GuiSession.wire(app, foundation, shell)
loop.run_until_complete(gui.startup())
loop.run_until_complete(asyncio.sleep(0.5))  # the deferred start-up work runs too
loaded = sorted(m for m in sys.modules if m.split(".")[0] in ("mcp", "mcp_types"))
print(json.dumps({"loaded": loaded, "tools": "desktop_app.tools.manager" in sys.modules}))
sys.stdout.flush()
os._exit(0)  # the check is done; interpreter teardown with Qt's threads is not under test
"""


def _start_up(folder: Path) -> dict[str, object]:
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "AFARENSIS_BASE_URL": "http://127.0.0.1:9/v1",
    }
    out = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(folder)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=60,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_the_window_loads_no_mcp_module_with_no_server(tmp_path: Path) -> None:
    assert _start_up(tmp_path) == {"loaded": [], "tools": False}


def test_nor_with_a_configured_server_before_it_is_used(tmp_path: Path) -> None:
    config = tmp_path / "config"
    config.mkdir()
    server = {"name": "notes", "command": sys.executable, "args": ["-m", "tests.mcpserver"]}
    (config / "tools.json").write_text(json.dumps({"version": 1, "servers": [server]}))
    assert _start_up(tmp_path) == {"loaded": [], "tools": False}
