"""Start the fake server as a real process and read what it logged.

Used by the integration tests here and, later, by GUI/e2e/packaging tests::

    with FakeServer(require_key="sk-test") as server:
        ...  # point the client at server.base_url
        assert server.requests()[-1]["path"] == "/v1/chat/completions"
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT_S = 15.0


class FakeServer:
    """A ``python -m tests.fakeserver`` subprocess on 127.0.0.1 and a free port."""

    def __init__(
        self,
        *,
        require_key: str | None = None,
        models: Sequence[str] | None = None,
        log_path: str | os.PathLike[str] | None = None,
    ) -> None:
        self._tmp: tempfile.TemporaryDirectory[str] | None = None
        if log_path is None:
            self._tmp = tempfile.TemporaryDirectory(prefix="fakeserver-")
            log_path = Path(self._tmp.name) / "requests.jsonl"
        self.log_path = Path(log_path)
        self.log_path.touch()
        self._args = [
            sys.executable,
            "-m",
            "tests.fakeserver",
            "--port",
            "0",
            "--log",
            str(self.log_path),
        ]
        if require_key is not None:
            self._args += ["--require-key", require_key]
        if models:
            self._args += ["--models", ",".join(models)]
        self.process: subprocess.Popen[str] | None = None
        self.port = 0

    # -------------------------------------------------------------- lifecycle

    def start(self) -> FakeServer:
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO_ROOT), env.get("PYTHONPATH")]))
        self.process = subprocess.Popen(
            self._args, cwd=REPO_ROOT, env=env, stdout=subprocess.PIPE, text=True
        )
        line: list[str] = []
        stdout = self.process.stdout
        assert stdout is not None  # stdout=PIPE
        reader = threading.Thread(target=lambda: line.append(stdout.readline()), daemon=True)
        reader.start()
        reader.join(START_TIMEOUT_S)
        if not line or not line[0].startswith("LISTENING "):
            self.kill()
            raise RuntimeError(f"fake server did not start: {line!r}")
        self.port = int(line[0].split()[1])
        return self

    def stop(self) -> None:
        """Terminate politely and wait (idempotent)."""
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)
        self._close()

    def kill(self) -> None:
        """Kill at once, e.g. to simulate a server crash."""
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(5)
        self._close()

    def _close(self) -> None:
        if self.process is not None and self.process.stdout is not None:
            self.process.stdout.close()

    def __enter__(self) -> FakeServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
        if self._tmp is not None:
            self._tmp.cleanup()

    # ------------------------------------------------------------------ views

    @property
    def root_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def base_url(self) -> str:
        return f"{self.root_url}/v1"

    def log(self) -> list[dict[str, Any]]:
        """Every log line: requests and events (``disconnect``, ``complete``, ``dropped``)."""
        text = self.log_path.read_text(encoding="utf-8")
        return [json.loads(line) for line in text.splitlines() if line.strip()]

    def requests(self) -> list[dict[str, Any]]:
        """Only the request lines ``{ts, method, path, headers, body}``, oldest first."""
        return [entry for entry in self.log() if "method" in entry]

    def events(self, name: str) -> list[dict[str, Any]]:
        return [entry for entry in self.log() if entry.get("event") == name]

    def wait_for(
        self, predicate: Callable[[list[dict[str, Any]]], bool], timeout: float = 5.0
    ) -> bool:
        """Poll the log until ``predicate(log)`` holds; False on timeout."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if predicate(self.log()):
                return True
            time.sleep(0.02)
        return predicate(self.log())
