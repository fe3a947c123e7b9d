"""Run every benchmark of the project and print one table.

Usage::

    .venv/bin/python -m bench [--quick] [--packaging]

Writes the table, with the machine and the command, to
``bench/results/report.json``. A benchmark module that is missing or fails
is reported on one line and the others still run.
"""

from __future__ import annotations

import argparse
import importlib
import shlex
import sys
import time
import traceback
from collections.abc import Callable
from typing import Any

from bench.report import RESULTS, Row, machine, print_table, save_json

# history_scale's default is 100,000 conversations (many minutes to generate);
# this scale generates and measures in well under 3 minutes on 2 cores.
HISTORY_ARGS = ["--conversations", "10000", "--messages-per", "20"]
HISTORY_ARGS_QUICK = ["--conversations", "2000", "--messages-per", "20"]


def _suites(quick: bool, packaging: bool) -> list[tuple[str, str, Callable[[Any], list[Row]]]]:
    history = HISTORY_ARGS_QUICK if quick else HISTORY_ARGS
    suites: list[tuple[str, str, Callable[[Any], list[Row]]]] = [
        (
            "sse_decode",
            "SSE decoding (5 MB)" if quick else "SSE decoding",
            (lambda m: m.run(target_mb=5)) if quick else (lambda m: m.run()),
        ),
        (
            "history_scale",
            f"history at scale ({' '.join(history)})",
            lambda m: m.run(list(history)),
        ),
        ("ui_streaming", "UI streaming and opening", lambda m: m.run(quick=quick)),
        ("startup", "start-up under Xvfb", lambda m: m.run(quick=quick)),
    ]
    if packaging:
        suites.append(("packaging_size", "packaging size (PyInstaller)", lambda m: m.run()))
    return suites


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("--quick", action="store_true", help="smaller sizes, fewer repeats")
    parser.add_argument("--packaging", action="store_true", help="also build PyInstaller bundles")
    args = parser.parse_args(argv)
    command = "python -m bench " + shlex.join(sys.argv[1:] if argv is None else argv)
    info = machine()
    print(f"date:    {info['date']}")
    print(f"machine: {info['nproc']} CPUs, {info['cpu']}, {info['ram_gb']} GB RAM")
    print(f"python:  {info['python']} on {info['platform']}")
    print(f"command: {command.strip()}")
    if not args.packaging:
        print("packaging_size skipped (pass --packaging to build the bundles)")
    print(flush=True)
    rows: list[Row] = []
    suites_out: list[dict[str, Any]] = []
    for module_name, title, call in _suites(args.quick, args.packaging):
        t0 = time.perf_counter()
        try:
            module = importlib.import_module(f"bench.{module_name}")
        except ModuleNotFoundError as error:
            if error.name != f"bench.{module_name}":
                raise
            print(f"[{module_name}] missing: bench/{module_name}.py not found, skipped", flush=True)
            suites_out.append({"suite": module_name, "status": "missing"})
            continue
        print(f"[{module_name}] {title} …", flush=True)
        try:
            got = call(module)
        except Exception as error:  # one failing suite must not hide the others
            traceback.print_exc()
            print(f"[{module_name}] FAILED: {error}", flush=True)
            suites_out.append({"suite": module_name, "status": "failed", "error": str(error)})
            continue
        seconds = time.perf_counter() - t0
        print(f"[{module_name}] done in {seconds:.0f} s", flush=True)
        for r in got:
            r.setdefault("suite", module_name)
        rows.extend(got)
        suites_out.append({"suite": module_name, "status": "ok", "seconds": round(seconds, 1)})
    print()
    print_table(rows)
    path = RESULTS / "report.json"
    save_json(
        path, {"machine": info, "command": command.strip(), "suites": suites_out, "rows": rows}
    )
    print(f"\nwritten: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
