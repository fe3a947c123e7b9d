"""resources/ is found from a checkout and from a PyInstaller bundle (sys._MEIPASS)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

import desktop_app
from desktop_app.app.resources import resource_path, resources_root


def test_source_run_finds_the_checkout_resources() -> None:
    expected = Path(desktop_app.__file__).resolve().parent.parent / "resources"
    assert resources_root() == expected
    assert resource_path("icons", "app.svg").is_file()


def test_frozen_run_uses_meipass(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert resources_root() == tmp_path / "resources"
    assert resource_path("icons", "app.svg") == tmp_path / "resources" / "icons" / "app.svg"


@pytest.mark.parametrize("parts", [("..", "pyproject.toml"), ("icons", "..", "..", "x")])
def test_paths_cannot_escape_resources(parts: tuple[str, ...]) -> None:
    with pytest.raises(ValueError, match="escapes"):
        resource_path(*parts)


def test_app_icon_is_valid_svg() -> None:
    text = resource_path("icons", "app.svg").read_text(encoding="utf-8")
    assert "<svg" in text and 'viewBox="0 0 256 256"' in text
