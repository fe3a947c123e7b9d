"""Fixtures shared by the GUI tests."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication

from desktop_app.app.loop import create_loop
from desktop_app.ui.i18n import install_translator, remove_translator


@pytest.fixture(scope="session", autouse=True)
def english(qapp: QApplication) -> Iterator[None]:
    """English as the app installs it at start: the plural forms of ``%n`` strings."""
    translator = install_translator(qapp, "en")
    assert translator is not None, "resources/i18n/en.ts did not compile"
    yield
    remove_translator(qapp, translator)


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
