"""Run every benchmark of the project and print one table.

Usage::

    .venv/bin/python -m bench [--quick] [--packaging] [--only startup,ui_streaming]
    .venv/bin/python -m bench --smoke

Writes the table, with the machine and the command, to
``bench/results/report.json``. A benchmark module that is missing or fails
is reported on one line and the others still run; the exit status is then 1.

``--smoke`` runs every benchmark once at a tiny size (seconds in all) and
judges no figure: it only proves each still runs and returns rows, so a
refactor that breaks one fails CI (tests/test_bench_smoke.py). It writes
nothing to bench/results/. ``packaging_size`` is not in it (it builds two
PyInstaller bundles; the packaging tests build ours).
"""

from __future__ import annotations

import argparse
import importlib
import shlex
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from typing import Any

from bench.report import RESULTS, Row, machine, print_table, save_json

# history_scale's default is 100,000 conversations (many minutes to generate);
# this scale generates and measures in well under 3 minutes on 2 cores.
HISTORY_ARGS = ["--conversations", "10000", "--messages-per", "20"]
HISTORY_ARGS_QUICK = ["--conversations", "2000", "--messages-per", "20"]
HISTORY_ARGS_SMOKE = ["--conversations", "20", "--messages-per", "4"]

Suite = tuple[str, str, Callable[[Any], list[Row]]]


def _smoke_suites(scratch: str) -> list[Suite]:
    history = [*HISTORY_ARGS_SMOKE, "--cache-dir", scratch]
    return [
        ("sse_decode", "SSE decoding (smoke)", lambda m: m.run(target_mb=0.2, repeats=1)),
        ("history_scale", "history at scale (smoke)", lambda m: m.run(history)),
        ("ui_streaming", "UI streaming and opening (smoke)", lambda m: m.run(smoke=True)),
        ("startup", "start-up under Xvfb (smoke)", lambda m: m.run(smoke=True)),
        ("ui_walk", "stateful UI walk (smoke)", lambda m: m.run(steps=60)),
        (
            "tools_cost",
            "MCP tools: SDK cost, quit with servers (smoke)",
            lambda m: m.run(smoke=True),
        ),
    ]


def _suites(quick: bool, packaging: bool) -> list[Suite]:
    history = HISTORY_ARGS_QUICK if quick else HISTORY_ARGS
    suites: list[Suite] = [
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
        (
            "ui_walk",
            "stateful UI walk (soak: python -m bench.ui_walk)",
            lambda m: m.run(steps=2_000 if quick else 10_000),
        ),
        ("tools_cost", "MCP tools: SDK cost, quit with three servers", lambda m: m.run()),
    ]
    if packaging:
        suites.append(("packaging_size", "packaging size (PyInstaller)", lambda m: m.run()))
    return suites


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("--quick", action="store_true", help="smaller sizes, fewer repeats")
    parser.add_argument("--packaging", action="store_true", help="also build PyInstaller bundles")
    parser.add_argument(
        "--smoke", action="store_true", help="each benchmark once, tiny sizes, nothing judged"
    )
    parser.add_argument(
        "--only",
        metavar="NAMES",
        help="comma-separated benchmark modules to run (e.g. startup,ui_streaming)",
    )
    args = parser.parse_args(argv)
    only = {name.strip() for name in args.only.split(",")} if args.only else None
    if args.smoke:
        with tempfile.TemporaryDirectory(prefix="bench-smoke-") as scratch:
            return _smoke(_smoke_suites(scratch))
    command = "python -m bench " + shlex.join(sys.argv[1:] if argv is None else argv)
    info = machine()
    print(f"date:    {info['date']}")
    print(f"machine: {info['nproc']} CPUs, {info['cpu']}, {info['ram_gb']} GB RAM")
    print(f"python:  {info['python']} on {info['platform']}")
    print(f"command: {command.strip()}")
    if not args.packaging:
        print("packaging_size skipped (pass --packaging to build the bundles)")
    print(flush=True)
    suites = [s for s in _suites(args.quick, args.packaging) if only is None or s[0] in only]
    if only is not None and len(suites) != len(only):
        parser.error(f"unknown benchmark in --only: {args.only}")
    rows, suites_out = _run_suites(suites)
    print()
    print_table(rows)
    path = RESULTS / "report.json"
    save_json(
        path, {"machine": info, "command": command.strip(), "suites": suites_out, "rows": rows}
    )
    print(f"\nwritten: {path}")
    return _exit_status(suites_out)


def _smoke(suites: list[Suite]) -> int:
    """Each suite once; a suite fails if it raises or returns no rows."""
    print("smoke: every benchmark once at a tiny size; no figure is judged", flush=True)
    _, suites_out = _run_suites(suites)
    for suite in suites_out:
        if suite["status"] == "ok" and not suite["rows"]:
            suite["status"] = "failed"
            print(f"[{suite['suite']}] FAILED: returned no rows", flush=True)
    return _exit_status(suites_out)


def _exit_status(suites_out: list[dict[str, Any]]) -> int:
    bad = [s["suite"] for s in suites_out if s["status"] != "ok"]
    if bad:
        print(f"bench: {len(bad)} benchmark(s) failed or missing: {', '.join(bad)}", flush=True)
        return 1
    return 0


def _run_suites(suites: list[Suite]) -> tuple[list[Row], list[dict[str, Any]]]:
    rows: list[Row] = []
    suites_out: list[dict[str, Any]] = []
    for module_name, title, call in suites:
        t0 = time.perf_counter()
        try:
            module = importlib.import_module(f"bench.{module_name}")
        except ModuleNotFoundError as error:
            if error.name != f"bench.{module_name}":
                raise
            print(f"[{module_name}] missing: bench/{module_name}.py not found", flush=True)
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
        suites_out.append(
            {"suite": module_name, "status": "ok", "seconds": round(seconds, 1), "rows": len(got)}
        )
    return rows, suites_out


if __name__ == "__main__":
    sys.exit(main())
