"""Test-wide setup: Qt runs offscreen unless a test opts into a real X server."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
