"""The stateful UI walk as a soak: many steps through the real window.

``python -m bench.ui_walk [--steps 50000]`` runs the randomized stateful test
(tests/gui/test_stateful_walk.py) for that many steps in a child pytest
(offscreen Qt, real SQLite, scripted network) and reports steps per second.
A failure is a failing benchmark: the shrunk sequence and the seed are in its
output. In ``python -m bench`` it runs a short walk (``--quick``: 2,000
steps); the long soak is this module's own default.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import time
from pathlib import Path

from bench.report import Row, row

ROOT = Path(__file__).resolve().parent.parent
TEST = "tests/gui/test_stateful_walk.py"
SOAK_STEPS = 50_000


def run(steps: int = SOAK_STEPS, seed: int | None = None) -> list[Row]:
    env = {**os.environ, "AFARENSIS_WALK_STEPS": str(steps), "QT_QPA_PLATFORM": "offscreen"}
    if seed is not None:
        env["AFARENSIS_WALK_SEED"] = str(seed)
    command = [sys.executable, "-m", "pytest", TEST, "-q", "-s", "-p", "no:cacheprovider"]
    start = time.perf_counter()
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    output = result.stdout + result.stderr
    if result.returncode != 0:
        noise = ("This plugin does not support", "_pythonToCppCopy")
        lines = [ln for ln in output.splitlines() if not ln.startswith(noise)]
        tail = "\n".join(lines[-80:])
        raise RuntimeError(f"the stateful walk failed (exit {result.returncode}):\n{tail}")
    walked = re.search(r"stateful walk: (\d+) steps in ([\d.]+) s", output)
    if walked is None:
        raise RuntimeError("the stateful walk printed no step count")
    done, seconds = int(walked.group(1)), float(walked.group(2))
    return [
        row("stateful walk: steps", done, unit="steps", digits=0),
        row("stateful walk: steps per second", done / seconds, unit="steps/s"),
        row("stateful walk: wall time", elapsed, unit="s"),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.ui_walk")
    parser.add_argument("--steps", type=int, default=SOAK_STEPS)
    parser.add_argument("--seed", type=int, default=None)
    args = parser.parse_args(argv)
    for item in run(args.steps, args.seed):
        print(f"{item['metric']}: {item['ours']} {item.get('unit', '')}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
