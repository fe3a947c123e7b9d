"""The test tool server as a launch spec, for the tests that start it."""

from __future__ import annotations

import sys
from pathlib import Path

from desktop_app.core.tools import LaunchSpec

ROOT = Path(__file__).resolve().parents[2]


def notes_server(name: str = "notes", **env: str) -> LaunchSpec:
    """The SDK-written stdio server, run from the checkout with the test interpreter."""
    return LaunchSpec(
        name,
        sys.executable,
        ("-m", "tests.mcpserver"),
        {"PYTHONPATH": str(ROOT), **env},
    )
