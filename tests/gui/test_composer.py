from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop_app.core.settings import SendKey
from desktop_app.ui.composer import Composer


def _composer(qtbot: QtBot) -> Composer:
    composer = Composer()
    qtbot.addWidget(composer)
    composer.show()
    return composer


def test_enter_sends_and_clears_shift_enter_adds_a_line(qtbot: QtBot) -> None:
    composer = _composer(qtbot)
    sent: list[str] = []
    composer.submitted.connect(sent.append)
    qtbot.keyClicks(composer.edit, "first line")
    qtbot.keyClick(composer.edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClicks(composer.edit, "second")
    qtbot.keyClick(composer.edit, Qt.Key.Key_Return)
    assert sent == ["first line\nsecond"]
    assert composer.text() == ""


def test_blank_text_is_not_sent(qtbot: QtBot) -> None:
    composer = _composer(qtbot)
    sent: list[str] = []
    composer.submitted.connect(sent.append)
    qtbot.keyClicks(composer.edit, "   ")
    qtbot.keyClick(composer.edit, Qt.Key.Key_Return)
    assert sent == []


def test_ctrl_enter_setting_swaps_the_keys(qtbot: QtBot) -> None:
    composer = _composer(qtbot)
    composer.set_send_key(SendKey.CTRL_ENTER)
    sent: list[str] = []
    composer.submitted.connect(sent.append)
    qtbot.keyClicks(composer.edit, "a")
    qtbot.keyClick(composer.edit, Qt.Key.Key_Return)
    assert sent == [] and composer.text() == "a\n"
    qtbot.keyClick(composer.edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert sent == ["a\n"]


def test_while_streaming_enter_does_not_send_and_the_button_stops(qtbot: QtBot) -> None:
    composer = _composer(qtbot)
    sent: list[str] = []
    stops: list[bool] = []
    composer.submitted.connect(sent.append)
    composer.stop_requested.connect(lambda: stops.append(True))
    composer.set_streaming(True)
    assert composer.button.text() == "Stop"
    qtbot.keyClicks(composer.edit, "next question")
    qtbot.keyClick(composer.edit, Qt.Key.Key_Return)
    assert sent == [] and composer.text() == "next question"
    qtbot.keyClick(composer.edit, Qt.Key.Key_Escape)
    qtbot.mouseClick(composer.button, Qt.MouseButton.LeftButton)
    assert stops == [True, True]
    composer.set_streaming(False)
    assert composer.button.text() == "Send"


def test_up_in_an_empty_box_asks_to_edit_the_last_message(qtbot: QtBot) -> None:
    composer = _composer(qtbot)
    asked: list[bool] = []
    composer.edit_last_requested.connect(lambda: asked.append(True))
    qtbot.keyClick(composer.edit, Qt.Key.Key_Up)
    assert asked == [True]
    qtbot.keyClicks(composer.edit, "x")
    qtbot.keyClick(composer.edit, Qt.Key.Key_Up)
    assert asked == [True]


def test_box_grows_to_about_eight_lines_then_stops(qtbot: QtBot) -> None:
    composer = _composer(qtbot)
    one_line = composer.edit.height()
    composer.set_text("\n".join(["line"] * 4))
    four_lines = composer.edit.height()
    composer.set_text("\n".join(["line"] * 40))
    many = composer.edit.height()
    composer.set_text("\n".join(["line"] * 8))
    assert one_line < four_lines < many
    assert many == composer.edit.height()
