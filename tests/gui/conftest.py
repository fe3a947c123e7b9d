"""Fixtures shared by the GUI tests."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication

from desktop_app.app.loop import create_loop


@pytest.fixture
def loop(qapp: QApplication) -> Iterator[asyncio.AbstractEventLoop]:
    event_loop = create_loop(qapp)
    yield event_loop
    event_loop.close()
    asyncio.set_event_loop(None)


def settle_layout() -> None:
    """Deliver every posted event (layout requests post the next level's in turn).

    What ``qtbot.wait(ms)`` was used for, without betting on a duration.
    """
    for _ in range(10):
        QApplication.sendPostedEvents()
        QApplication.processEvents()
