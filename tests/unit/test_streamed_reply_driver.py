"""The CI driver of the frozen build types the message literally on each OS."""

from __future__ import annotations

import pytest

from tests.packaging.streamed_reply import MESSAGE, keystrokes, sendkeys_text


def test_sendkeys_types_brackets_and_operators_literally() -> None:
    assert sendkeys_text("hello [long:40] (a+b)^2 50% ~{x}") == (
        "hello {[}long:40{]} {(}a{+}b{)}{^}2 50{%} {~}{{}x{}}"
    )


def test_windows_activates_the_app_by_pid_then_types_and_presses_enter() -> None:
    [command] = keystrokes("win32", 4242, MESSAGE)
    assert command[:4] == ["powershell", "-NoProfile", "-NonInteractive", "-Command"]
    assert "AppActivate(4242)" in command[4]
    assert command[4].endswith("$s.SendKeys('hello {[}long:40{]} {[}slow:20{]}{ENTER}')")
    [quit_command] = keystrokes("win32", 4242, None, quit_app=True)
    assert quit_command[4].endswith("$s.SendKeys('^q')")


def test_macos_brings_the_process_forward_and_quits_with_command_q() -> None:
    [command] = keystrokes("darwin", 7, 'say "hi" \\ there')
    assert command[0] == "osascript"
    lines = command[2::2]
    assert lines[0].endswith("(first process whose unix id is 7) to true")
    assert lines[1].endswith('keystroke "say \\"hi\\" \\\\ there"')
    assert lines[2].endswith("key code 36")
    [quit_command] = keystrokes("darwin", 7, None, quit_app=True)
    assert quit_command[-1].endswith('keystroke "q" using command down')


@pytest.mark.parametrize("platform", ["linux", "freebsd14"])
def test_x11_focuses_the_window_of_the_pid_then_types_and_sends_return(platform: str) -> None:
    type_command, enter = keystrokes(platform, 99, MESSAGE)
    assert type_command[:6] == ["xdotool", "search", "--sync", "--onlyvisible", "--pid", "99"]
    assert type_command[-2:] == ["20", MESSAGE]  # all of it typed, brackets and all
    assert enter == ["xdotool", "key", "Return"]
    [quit_command] = keystrokes(platform, 99, None, quit_app=True)
    assert quit_command[-1] == "ctrl+q"
