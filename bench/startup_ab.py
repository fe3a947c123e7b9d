"""Start-up of this checkout against another one, interleaved in one run.

Run-to-run drift on a shared machine (±20 % between runs minutes apart) is
larger than most start-up changes, so a before/after comparison starts the
floor, the other checkout's app and ours in turn, ``--rounds`` times each
(after one untimed start of each that fills its byte-code cache), and
prints medians with min–max::

    git worktree add --detach /tmp/before main
    .venv/bin/python -m bench.startup_ab /tmp/before --rounds 7

Both apps run with this venv's interpreter and dependencies; only
``desktop_app`` comes from each checkout (its folder is the working
directory and ``PYTHONPATH``). Nothing is judged: it only prints.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

from bench import startup
from bench.report import RESULTS

ROOT = Path(__file__).resolve().parent.parent
ENV = {
    "AFARENSIS_API_KEY": "sk-bench",
    "AFARENSIS_BASE_URL": "http://127.0.0.1:9/v1",
    "AFARENSIS_MODEL": "bench-model",
}
METRICS = ("cpu_shown_ms", "cpu_show_call_ms", "shown_ms", "painted_ms", "peak_rss_mb")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.startup_ab")
    parser.add_argument("other", type=Path, help="another checkout of the project")
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args(argv)
    tmp = Path(tempfile.mkdtemp(prefix="bench-ab-"))
    floor = tmp / "floor.py"
    floor.write_text(startup.FLOOR)
    py = sys.executable
    programs = {
        "floor": ([py, str(floor)], startup.FLOOR_TITLE, ROOT),
        "other": (
            [py, "-m", "desktop_app", "--data-dir", str(tmp / "a")],
            startup.APP_TITLE,
            args.other,
        ),
        "ours": ([py, "-m", "desktop_app", "--data-dir", str(tmp / "b")], startup.APP_TITLE, ROOT),
    }
    results: dict[str, list[dict[str, float]]] = {name: [] for name in programs}
    xvfb, display = startup.start_xvfb()
    try:
        watcher = startup.XWatcher(display)
        for round_ in range(args.rounds + 1):  # round 0 is untimed: it fills the caches
            for name, (cmd, title, root) in programs.items():
                env = dict(
                    ENV,
                    PYTHONPATH=str(root),
                    PYTHONPYCACHEPREFIX=str(RESULTS / "pycache-ab" / name),
                )
                got = _launch_in(root, cmd, title, display, watcher, env)
                if round_:
                    results[name].append(got)
    finally:
        xvfb.terminate()
        xvfb.wait()
        shutil.rmtree(tmp, ignore_errors=True)
    floor_cpu = statistics.median(r["cpu_shown_ms"] for r in results["floor"])
    for name, runs in results.items():
        for metric in METRICS:
            values = [r[metric] for r in runs]
            med = statistics.median(values)
            ratio = f"{med / floor_cpu:.2f}x floor CPU" if metric == "cpu_shown_ms" else ""
            print(
                f"{name:6s} {metric:17s} median {med:8.1f}  "
                f"min {min(values):8.1f}  max {max(values):8.1f}  {ratio}"
            )


def _launch_in(
    root: Path,
    cmd: list[str],
    title: bytes,
    display: str,
    watcher: startup.XWatcher,
    env: dict[str, str],
) -> dict[str, float]:
    """``startup.launch`` with ``root`` as the working directory (``-m`` imports from it)."""
    before = Path.cwd()
    os.chdir(root)
    try:
        return startup.launch(cmd, title, display, watcher, env)
    finally:
        os.chdir(before)


if __name__ == "__main__":
    main()
