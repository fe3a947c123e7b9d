"""ParamsEditor: what the user sets is what the request gets; "Default" sends nothing."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop_app.core.models import GenerationParams
from desktop_app.ui.params_editor import ParamsEditor

CUSTOM = GenerationParams(
    temperature=0.7,
    top_p=0.9,
    max_tokens=512,
    seed=0,
    stop=("###", "END"),
    presence_penalty=-0.5,
    frequency_penalty=1.25,
    json_mode=True,
    reasoning_effort="high",
)


def _editor(qtbot: QtBot, defaults: GenerationParams | None = None) -> ParamsEditor:
    editor = ParamsEditor(defaults=defaults)
    qtbot.addWidget(editor)
    return editor


def test_starts_at_server_defaults(qtbot: QtBot) -> None:
    editor = _editor(qtbot)
    assert editor.params() == GenerationParams()
    assert editor.temperature.text() == "Default"
    assert editor.seed.text() == "Random"


def test_round_trips_every_field(qtbot: QtBot) -> None:
    editor = _editor(qtbot)
    editor.set_params(CUSTOM)
    assert editor.params() == CUSTOM


def test_set_params_is_silent_but_user_edits_signal(qtbot: QtBot) -> None:
    editor = _editor(qtbot)
    with qtbot.assertNotEmitted(editor.changed):
        editor.set_params(CUSTOM)
    with qtbot.waitSignal(editor.changed):
        qtbot.mouseClick(editor.json_mode, Qt.MouseButton.LeftButton)
    assert editor.params().json_mode is False


def test_typing_a_temperature(qtbot: QtBot) -> None:
    editor = _editor(qtbot)
    editor.temperature.lineEdit().selectAll()
    qtbot.keyClicks(editor.temperature, "1.3")
    assert editor.params().temperature == 1.3


def test_stop_sequences_one_per_line_blank_lines_ignored(qtbot: QtBot) -> None:
    editor = _editor(qtbot)
    editor.stop.setPlainText("a\n\n  \nb c")
    assert editor.params().stop == ("a", "b c")


def test_reset_restores_given_defaults_and_signals(qtbot: QtBot) -> None:
    defaults = GenerationParams(temperature=0.2)
    editor = _editor(qtbot, defaults)
    editor.set_params(CUSTOM)
    with qtbot.waitSignal(editor.changed):
        qtbot.mouseClick(editor.reset_button, Qt.MouseButton.LeftButton)
    assert editor.params() == defaults


def test_every_control_has_an_accessible_name(qtbot: QtBot) -> None:
    editor = _editor(qtbot)
    for widget in (
        editor.temperature,
        editor.top_p,
        editor.max_tokens,
        editor.seed,
        editor.stop,
        editor.json_mode,
        editor.reset_button,
    ):
        assert widget.accessibleName()


def test_reasoning_effort_is_chosen_from_a_list_and_default_sends_nothing(qtbot: QtBot) -> None:
    editor = _editor(qtbot)
    assert editor.reasoning_effort.currentText() == "Default"
    assert editor.params().reasoning_effort is None
    with qtbot.waitSignal(editor.changed):
        editor.reasoning_effort.setCurrentIndex(editor.reasoning_effort.findData("low"))
    assert editor.params().reasoning_effort == "low"
