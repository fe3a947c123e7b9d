"""Renames that survive Windows' sharing violations.

On Windows ``os.replace`` fails with ``PermissionError`` while another
process holds the target open without delete sharing: an antivirus scanning
the file we just wrote, the search indexer, a second copy of the app. Those
holds last milliseconds, so a few short retries turn a failed save into a
slightly slower one. Elsewhere a ``PermissionError`` is a real permission
problem and is raised at once.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

ATTEMPTS = 8
FIRST_DELAY_S = 0.02


def replace_file(
    src: Path,
    dst: Path,
    *,
    platform: str = sys.platform,
    rename: Callable[[Path, Path], None] = os.replace,
    sleep: Callable[[float], None] = time.sleep,
) -> None:
    """``os.replace(src, dst)``, retried on Windows while the target is held open."""
    attempts = ATTEMPTS if platform == "win32" else 1
    delay = FIRST_DELAY_S
    for attempt in range(attempts):
        try:
            rename(src, dst)
            return
        except PermissionError:
            if attempt == attempts - 1:
                raise
            sleep(delay)
            delay *= 2
