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
