"""What the window's first frame needs is all that loads before it.

``app/main.py`` paints the window before it imports asyncio, qasync, the chat
and tool services, the controller, the presenter, the message cards or the
export code (~150 ms of imports on our machines, a third of start-up); they
load right after the first frame. A new top-level import that drags one of
them back in front of the first paint fails here, in a fresh interpreter
that walks ``run_gui``'s steps up to the painted frame, with the module named.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

AFTER_FIRST_PAINT = (
    "asyncio",
    "qasync",
    "httpx",
    "desktop_app.app.loop",
    "desktop_app.app.tasks",
    "desktop_app.app.session",
    "desktop_app.services.chat_service",
    "desktop_app.services.tool_service",
    "desktop_app.services.transfer",
    "desktop_app.ui.chat_controller",
    "desktop_app.ui.main_presenter",
    "desktop_app.ui.message_view",
    "desktop_app.ui.settings_dialog",
)

SCRIPT = f"""
import json, sys
from pathlib import Path
from PySide6.QtWidgets import QApplication
from desktop_app.app.main import run_gui  # what the CLI imports
from desktop_app.app.container import Foundation, paint_window
from desktop_app.app.first_frame import show_first_frame
from desktop_app.app.paths import resolve_paths

app = QApplication([])
foundation = Foundation.open(resolve_paths(sys.argv[1], environ={{}}))
shell = paint_window(foundation, app)
show_first_frame(app, shell, foundation)
shown = shell.main.isVisible() and shell.main.windowTitle().startswith("Afarensis Chat")
early = [m for m in {list(AFTER_FIRST_PAINT)!r} if m in sys.modules]
print(json.dumps({{"shown": shown, "early": early}}))
"""


def test_the_first_frame_is_painted_before_the_rest_of_the_app_loads(tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    for name in ("AFARENSIS_API_KEY", "AFARENSIS_BASE_URL", "AFARENSIS_MODEL"):
        env.pop(name, None)
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(tmp_path / "data")],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
        env=env,
    )
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result == {"shown": True, "early": []}
