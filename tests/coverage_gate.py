"""Files of the Qt-free layers that their unit tests cover fully stay fully covered.

qutebrowser's ``PERFECT_FILES`` idea: ``bootstrap.py test`` runs ``tests/unit``
under coverage (``[tool.coverage.run]`` in pyproject.toml: core, api, store,
render, services), then ``python -m tests.coverage_gate``, which fails when a
file listed here has a line its unit tests no longer run. A file that reaches
100 % is suggested for the list; adding it is a promise, so it is not automatic.
Line coverage, not branch coverage: it costs least and catches the untested
new function, which is what the gate is for.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path

import coverage
from coverage.exceptions import NoSource

ROOT = Path(__file__).resolve().parents[1]

PERFECT_FILES = (
    "desktop_app/api/__init__.py",
    "desktop_app/core/__init__.py",
    "desktop_app/core/events.py",
    "desktop_app/core/grouping.py",
    "desktop_app/core/history.py",
    "desktop_app/core/models.py",
    "desktop_app/core/ports.py",
    "desktop_app/render/__init__.py",
    "desktop_app/render/budget.py",
    "desktop_app/render/highlight.py",
    "desktop_app/render/sanitize.py",
    "desktop_app/services/__init__.py",
    "desktop_app/services/json_stream.py",
    "desktop_app/services/profile_secrets.py",
    "desktop_app/store/__init__.py",
    "desktop_app/store/keyring_probe.py",
)


def check(
    cov: coverage.Coverage, perfect: Iterable[str], root: Path = ROOT
) -> tuple[list[str], list[str]]:
    """(problems, suggestions): listed files below 100 %, unlisted files at 100 %."""
    listed = set(perfect)
    problems = []
    for name in sorted(listed):
        try:
            _, statements, _, missing, lines = cov.analysis2(str(root / name))
        except NoSource:
            problems.append(f"{name}: listed in PERFECT_FILES but gone; remove it from the list")
            continue
        if missing:
            share = 100 * (len(statements) - len(missing)) / max(len(statements), 1)
            problems.append(f"{name}: {share:.1f} %, lines {lines} are not run by tests/unit")
    suggestions = []
    for measured in sorted(cov.get_data().measured_files()):
        path = Path(measured)
        if not path.is_relative_to(root):
            continue
        name = path.relative_to(root).as_posix()
        if name not in listed and not cov.analysis2(measured)[3]:
            suggestions.append(name)
    return problems, suggestions


def main() -> int:
    cov = coverage.Coverage()  # pyproject.toml's [tool.coverage.*]
    cov.load()
    if not cov.get_data().measured_files():
        print("coverage gate: no coverage data; run tests/unit under coverage first")
        return 1
    problems, suggestions = check(cov, PERFECT_FILES)
    for name in suggestions:
        print(f"coverage gate: {name} is at 100 %; add it to PERFECT_FILES (this script)")
    for problem in problems:
        print(f"coverage gate: FAILED {problem}")
    if problems:
        print("Cover the new lines with a unit test (or, on purpose, take the file off the list).")
        return 1
    print(f"coverage gate: all {len(PERFECT_FILES)} perfect files at 100 %")
    return 0


if __name__ == "__main__":
    sys.exit(main())
