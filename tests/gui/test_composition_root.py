"""The real composition root: the graph it builds starts and says what start-up found.

The steps of ``app/main.py``'s ``run_gui`` (``Foundation.open``,
``paint_window``, the first frame, ``GuiSession.wire``, start-up) over a
history file that is not a database: the damaged file was reported while
the history opened, before there was a window, and the window shows it once
it is on screen.
"""

from __future__ import annotations

import asyncio
import gc
import sys
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QApplication

from desktop_app.app.container import Foundation, paint_window
from desktop_app.app.first_frame import show_first_frame
from desktop_app.app.paths import resolve_paths
from desktop_app.app.session import GuiSession
from desktop_app.core.settings import Settings
from desktop_app.store.settings_file import save_settings

ENV = {
    "AFARENSIS_API_KEY": "sk-root-test",  # a key from the environment: no keyring asked
    "AFARENSIS_BASE_URL": "http://127.0.0.1:9/v1",  # nothing listens: the models fail fast
    "AFARENSIS_MODEL": "m",
}


@pytest.fixture
def app_look(qapp: QApplication, monkeypatch: pytest.MonkeyPatch) -> Iterator[QApplication]:
    """Leave the shared QApplication (and sys.excepthook) as the other tests expect them."""
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    palette, sheet, font = qapp.palette(), qapp.styleSheet(), qapp.font()
    style = qapp.style().name()
    yield qapp
    qapp.setStyleSheet(sheet)
    qapp.setPalette(palette)
    qapp.setFont(font)
    qapp.setStyle(style)


def test_what_start_up_reports_before_the_window_is_shown_in_it(
    app_look: QApplication, loop: asyncio.AbstractEventLoop, tmp_path: Path
) -> None:
    paths = resolve_paths(tmp_path / "data", environ={})
    paths.ensure()
    save_settings(paths.settings_file, replace(Settings(), language="en"))
    paths.database.write_bytes(b"not a database at all " * 64)
    foundation = Foundation.open(paths, env=ENV)
    shell = paint_window(foundation, app_look)
    show_first_frame(app_look, shell, foundation)
    session = GuiSession.wire(app_look, foundation, shell)
    window, container = session.w, session.c
    try:
        loop.run_until_complete(session.startup())
        notices = window.main.notices
        assert "damaged" in notices.text() and notices.property("kind") == "warning"

        async def models_tried() -> None:  # the deferred start-up work has run
            for _ in range(1000):
                if window.main.status.text():
                    return
                await asyncio.sleep(0.01)
            raise AssertionError("the models were never asked for")

        loop.run_until_complete(models_tried())
        assert "damaged" in notices.text()  # nothing later replaced it
        # Start-up's objects are out of the full GC passes that stalled a
        # streaming reply 25-40 ms (app/heap.py).
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()  # the other tests' garbage must still be collected
        window.main.hide()
        loop.run_until_complete(container.close())
        # Gone before the next test: its presenter listens to the application's state.
        window.main.deleteLater()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
