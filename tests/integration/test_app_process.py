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


def test_starts_offline_and_sigterm_quits_cleanly(tmp_path: Path) -> None:
    proc = _start(tmp_path)
    try:
        _wait_for_line(proc, "window shown after")
        deadline = time.monotonic() + 10
        while not (tmp_path / "history.sqlite3").exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert (tmp_path / RUNNING_MARKER).exists()
        time.sleep(0.5)  # let the deferred start-up (network, keyring) finish
        proc.send_signal(signal.SIGTERM)
        rest, _ = proc.communicate(timeout=15)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, rest
    assert not (tmp_path / RUNNING_MARKER).exists(), "a clean quit removes the marker"
    assert "Traceback" not in rest
    assert "sk-process-test" not in rest
