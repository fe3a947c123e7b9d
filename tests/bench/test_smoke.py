"""Every benchmark still runs, and a broken one makes ``python -m bench`` fail.

The smoke run uses tiny sizes and judges no figure (no test asserts a time);
it exists so a refactor that breaks a benchmark fails CI instead of leaving
README's numbers describing code that no longer exists.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from bench import __main__ as bench_main

ROOT = Path(__file__).resolve().parents[2]
SMOKE_TIMEOUT_S = 600  # seconds on an idle machine; generous for a busy shared one


def _unavailable(reason: str) -> None:
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason} (CI=true: every benchmark must run)", pytrace=False)
    pytest.skip(reason)


@pytest.mark.bench
@pytest.mark.slow
@pytest.mark.timeout(SMOKE_TIMEOUT_S + 60)
def test_every_benchmark_runs_at_smoke_size(tmp_path: Path) -> None:
    missing = [m for m in ("httpx_sse", "openai") if importlib.util.find_spec(m) is None]
    if missing:
        _unavailable(
            f"benchmark baselines not installed ({', '.join(missing)}): pip install -e '.[bench]'"
        )
    if shutil.which("Xvfb") is None:
        _unavailable("bench/startup.py needs Xvfb (apt-get install xvfb)")
    result = subprocess.run(
        [sys.executable, "-m", "bench", "--smoke"],
        cwd=ROOT,
        env={**os.environ, "TMPDIR": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=SMOKE_TIMEOUT_S,
        check=False,
    )
    output = result.stdout[-4000:] + result.stderr[-4000:]
    assert result.returncode == 0, output
    for suite in ("sse_decode", "history_scale", "ui_streaming", "startup"):
        assert f"[{suite}] done" in result.stdout, output


def _suite(name: str, returns: Any) -> bench_main.Suite:
    def call(module: Any) -> Any:
        del module
        if isinstance(returns, Exception):
            raise returns
        return returns

    return (name, f"{name} (test)", call)


def test_a_failing_benchmark_makes_the_run_fail(capsys: pytest.CaptureFixture[str]) -> None:
    suites = [_suite("report", [{"metric": "m"}]), _suite("sse_decode", AttributeError("gone"))]
    assert bench_main._smoke(suites) == 1
    assert "[sse_decode] FAILED: gone" in capsys.readouterr().out


def test_a_missing_benchmark_module_makes_the_run_fail() -> None:
    assert bench_main._smoke([_suite("no_such_benchmark", [{"metric": "m"}])]) == 1


def test_a_benchmark_that_returns_no_rows_fails_the_smoke_run() -> None:
    assert bench_main._smoke([_suite("report", [])]) == 1


def test_benchmarks_that_return_rows_pass() -> None:
    assert bench_main._smoke([_suite("report", [{"metric": "m"}])]) == 0
