"""One app per history, with real processes: a second launch raises the first
and exits without touching the history; a lock left by a SIGKILL is taken over."""

from __future__ import annotations

import signal
import subprocess
from pathlib import Path

from desktop_app.app.single_instance import LOCK_NAME
from tests.integration.test_app_process import RUNNING_MARKER, _start, _wait_for_line


def _stop(proc: subprocess.Popen[str]) -> str:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
    try:
        rest, _ = proc.communicate(timeout=20)
    finally:
        if proc.poll() is None:
            proc.kill()
    return rest


def test_a_second_launch_raises_the_first_window_and_exits(tmp_path: Path) -> None:
    first = _start(tmp_path)
    try:
        _wait_for_line(first, "window shown after")
        second = _start(tmp_path)
        out, _ = second.communicate(timeout=30)
        assert second.returncode == 0, out
        assert "already running" in out and "window shown" not in out
        _wait_for_line(first, "window raised for a second launch")
        # The second copy never opened the history: the first's marker is intact.
        assert (tmp_path / RUNNING_MARKER).exists()
    finally:
        rest = _stop(first)
    assert first.returncode == 0, rest
    assert not (tmp_path / RUNNING_MARKER).exists()


def test_a_lock_left_by_a_killed_copy_is_taken_over(tmp_path: Path) -> None:
    crashed = _start(tmp_path)
    try:
        _wait_for_line(crashed, "window shown after")
    finally:
        crashed.kill()  # SIGKILL: no cleanup, the lock file stays behind
        crashed.communicate(timeout=20)
    assert (tmp_path / LOCK_NAME).exists()
    after = _start(tmp_path)
    try:
        _wait_for_line(after, "window shown after")
    finally:
        rest = _stop(after)
    assert after.returncode == 0, rest
