"""Waiting for a condition a background task makes true (a test helper)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable


async def until(condition: Callable[[], bool], tries: int = 10_000) -> None:
    """Yield to the loop until ``condition()`` holds; fail after ``tries`` turns."""
    for _ in range(tries):
        if condition():
            return
        await asyncio.sleep(0.001)
    raise AssertionError("condition never met")
