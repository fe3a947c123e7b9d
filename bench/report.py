"""Shared helpers for benchmark rows: build one, print a table, save JSON.

A row is a dict with ``metric``, ``ours``, ``baseline``, ``ratio``, ``goal``,
``met`` and optionally ``unit`` and ``note`` (e.g. the spread of repeated
runs). ``baseline``/``ratio``/``goal``/``met`` may be None when a measurement
has no rival or no target.
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).resolve().parent / "results"
HEADERS = ("metric", "ours", "baseline", "ratio", "goal", "met")

Row = dict[str, Any]


def row(
    metric: str,
    ours: float,
    baseline: float | None = None,
    *,
    goal: str | None = None,
    met: bool | None = None,
    unit: str | None = None,
    digits: int = 1,
    note: str | None = None,
) -> Row:
    """One row; ``ratio`` is ours / baseline when there is a baseline."""
    ratio = None
    if baseline is not None and baseline > 0:
        ratio = round(ours / baseline, 2)
    out: Row = {
        "metric": metric,
        "ours": round(ours, digits),
        "baseline": None if baseline is None else round(baseline, digits),
        "ratio": ratio,
        "goal": goal,
        "met": met,
    }
    if unit:
        out["unit"] = unit
    if note:
        out["note"] = note
    return out


def spread(values: list[float], digits: int = 1) -> str:
    """``min–max over n`` of repeated runs, for a row's note."""
    if not values:
        return ""
    return f"{min(values):.{digits}f}–{max(values):.{digits}f} over {len(values)}"


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile (``p`` in 0..100)."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(p / 100 * len(ordered) + 0.5) - 1))
    return ordered[k]


def _cell(value: object) -> str:
    if value is None:
        return ""
    if value is True:
        return "yes"
    if value is False:
        return "NO"
    return str(value)


def format_table(rows: list[Row]) -> str:
    table = []
    for r in rows:
        metric = str(r["metric"])
        if r.get("unit"):
            metric = f"{metric} ({r['unit']})"
        table.append([metric, *(_cell(r.get(h)) for h in HEADERS[1:]), _cell(r.get("note"))])
    heads = ["metric", "ours", "baseline", "ratio", "goal", "met?", "note"]
    widths = [max(len(h), *(len(t[i]) for t in table)) for i, h in enumerate(heads)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(heads, widths, strict=True))]
    lines.append("  ".join("-" * w for w in widths))
    for t in table:
        cells = [t[0].ljust(widths[0])] + [
            c.rjust(w) for c, w in zip(t[1:-1], widths[1:-1], strict=True)
        ]
        lines.append("  ".join([*cells, t[-1]]).rstrip())
    return "\n".join(lines)


def print_table(rows: list[Row]) -> None:
    print(format_table(rows), flush=True)


def machine() -> dict[str, Any]:
    """Date, CPU model, core count and RAM, for the report header."""
    cpu = platform.processor() or "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram_gb = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                ram_gb = round(int(line.split()[1]) / 1024 / 1024, 1)
                break
    except OSError:
        pass
    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "ram_gb": ram_gb,
        "python": sys.version.split()[0],
        "platform": platform.platform(),
    }


def save_json(path: Path, payload: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(payload, indent=2, default=str) + "\n")
