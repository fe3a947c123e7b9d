"""The PERFECT_FILES gate: a fully covered file that loses a line fails CI, by name."""

from __future__ import annotations

from pathlib import Path

import coverage
from coverage import CoverageData

from tests.coverage_gate import PERFECT_FILES, ROOT, check

MODULE = '''"""A module."""


def used() -> int:
    return 1


def new_and_untested() -> int:
    return 2
'''


def _coverage_of(tmp_path: Path, ran: dict[str, set[int]]) -> coverage.Coverage:
    """Coverage data as a run that executed exactly these lines would leave."""
    data_file = tmp_path / "data"
    data = CoverageData(basename=str(data_file))
    data.add_lines({str(tmp_path / name): lines for name, lines in ran.items()})
    data.write()
    cov = coverage.Coverage(data_file=str(data_file), config_file=False)
    cov.load()
    return cov


def test_a_perfect_file_that_loses_a_line_fails_with_its_name(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text(MODULE)
    cov = _coverage_of(tmp_path, {"a.py": {1, 4, 5, 8}})
    problems, suggestions = check(cov, ["a.py"], tmp_path)
    assert problems == ["a.py: 75.0 %, lines 9 are not run by tests/unit"]
    assert suggestions == []


def test_a_fully_covered_file_passes_and_an_unlisted_one_is_suggested(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text(MODULE)
    (tmp_path / "b.py").write_text(MODULE)
    cov = _coverage_of(tmp_path, {"a.py": {1, 4, 5, 8, 9}, "b.py": {1, 4, 5, 8, 9}})
    assert check(cov, ["a.py"], tmp_path) == ([], ["b.py"])


def test_a_listed_file_that_is_gone_must_leave_the_list(tmp_path: Path) -> None:
    cov = _coverage_of(tmp_path, {})
    problems, _ = check(cov, ["gone.py"], tmp_path)
    assert problems == ["gone.py: listed in PERFECT_FILES but gone; remove it from the list"]


def test_the_list_names_real_files_of_the_qt_free_layers() -> None:
    layers = ("core", "api", "store", "render", "services")
    for name in PERFECT_FILES:
        assert (ROOT / name).is_file(), name
        assert name.split("/")[1] in layers, name
