"""What the window's first frame needs is all that loads before it.

``app/main.py`` paints the window before it imports asyncio, qasync, the chat
controller, the presenter, the message cards or the export code (~150 ms of
imports on our machines); these load right after the first frame. A new
top-level import that drags one of them back in front of the first paint
fails here, in a fresh interpreter, with the module named.
"""

from __future__ import annotations

import json
import subprocess
import sys

AFTER_FIRST_PAINT = (
    "asyncio",
    "qasync",
    "desktop_app.app.loop",
    "desktop_app.app.tasks",
    "desktop_app.services.chat_service",
    "desktop_app.services.transfer",
    "desktop_app.ui.chat_controller",
    "desktop_app.ui.main_presenter",
    "desktop_app.ui.message_view",
    "desktop_app.ui.settings_dialog",
    "logging.handlers",
)


def test_the_first_frame_imports_nothing_that_loads_after_it() -> None:
    code = (
        "import json, sys\n"
        "import desktop_app.app.main\n"
        f"print(json.dumps([m for m in {list(AFTER_FIRST_PAINT)!r} if m in sys.modules]))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert json.loads(done.stdout.strip().splitlines()[-1]) == []
