"""The quit question is asked without a nested event loop and says the count."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from desktop_app.services.secret_writes import KeyChoice
from desktop_app.services.unsaved_on_quit import Choice
from desktop_app.ui.unsaved_dialogs import UnsavedDialogs

T = TypeVar("T")


def _answer(loop: asyncio.AbstractEventLoop, dialogs: UnsavedDialogs, button: str) -> Choice:
    def check(box: QMessageBox) -> None:
        assert "3 change(s)" in box.text()
        assert box.informativeText() == "The folder is read-only."

    return _click(loop, dialogs.ask(3, "The folder is read-only."), check, button)


def _click(
    loop: asyncio.AbstractEventLoop,
    question: Coroutine[Any, Any, T],
    check: Callable[[QMessageBox], None],
    button: str,
) -> T:
    async def ask_and_click() -> T:
        asking = asyncio.ensure_future(question)
        for _ in range(400):  # the box is open (modal, not exec()): the loop still runs
            boxes = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox)]
            shown = [b for b in boxes if b.isVisible()]
            if shown:
                box = shown[0]
                check(box)
                pressed = next(b for b in box.findChildren(QPushButton) if b.text() == button)
                pressed.click()
                return await asking
            await asyncio.sleep(0.005)
        raise AssertionError("the question never showed")

    return loop.run_until_complete(ask_and_click())


def test_each_button_is_its_choice(qtbot: QtBot, loop: asyncio.AbstractEventLoop) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()
    dialogs = UnsavedDialogs(parent)
    assert _answer(loop, dialogs, "Try Again") is Choice.RETRY
    assert _answer(loop, dialogs, "Save a Copy…") is Choice.SAVE_COPY
    assert _answer(loop, dialogs, "Quit Without Saving") is Choice.DISCARD


def test_keys_not_in_the_keyring_yet_ask_to_wait_or_quit(
    qtbot: QtBot, loop: asyncio.AbstractEventLoop
) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()
    dialogs = UnsavedDialogs(parent)

    def check(box: QMessageBox) -> None:
        assert "2 key(s)" in box.text() and "enter them again" in box.text()

    assert _click(loop, dialogs.ask_keys(2), check, "Wait") is KeyChoice.WAIT
    assert _click(loop, dialogs.ask_keys(2), check, "Quit Without Saving") is KeyChoice.DISCARD
