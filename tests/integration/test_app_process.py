"""The real app as a process: it starts, shows its window and quits in order."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

RUNNING_MARKER = ".running"


def _start(data_dir: Path) -> subprocess.Popen[str]:
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "AFARENSIS_API_KEY": "sk-process-test",
        "AFARENSIS_BASE_URL": "http://127.0.0.1:9/v1",  # nothing listens: offline start
        "AFARENSIS_MODEL": "m",
    }
    return subprocess.Popen(
        [sys.executable, "-m", "desktop_app", "--data-dir", str(data_dir)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def _wait_for_line(proc: subprocess.Popen[str], needle: str, timeout: float = 20) -> str:
    assert proc.stdout is not None
    deadline = time.monotonic() + timeout
    seen = []
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line and proc.poll() is not None:
            break
        seen.append(line)
        if needle in line:
            return line
    raise AssertionError(f"{needle!r} never printed; output:\n{''.join(seen)}")


def _wait_for_file(folder: Path, pattern: str, timeout: float = 30) -> Path:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = sorted(folder.glob(pattern))
        if found:
            return found[0]
        time.sleep(0.05)  # polling interval, not a wait for readiness
    raise AssertionError(f"no {pattern} in {folder} after {timeout:.0f} s")


def test_starts_offline_and_sigterm_quits_cleanly(tmp_path: Path) -> None:
    proc = _start(tmp_path)
    try:
        _wait_for_line(proc, "window shown after")
        assert (tmp_path / "history.sqlite3").exists()
        assert (tmp_path / RUNNING_MARKER).exists()
        # The deferred start-up (HTTP client, lexers, then the daily backup) has
        # run once today's backup exists: quit after it, not after a guessed delay.
        _wait_for_file(tmp_path / "backups", "history-daily-*.sqlite3")
        proc.send_signal(signal.SIGTERM)
        rest, _ = proc.communicate(timeout=15)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, rest
    assert not (tmp_path / RUNNING_MARKER).exists(), "a clean quit removes the marker"
    assert "Traceback" not in rest
    assert "sk-process-test" not in rest
