"""resources/ is found from a checkout and from a PyInstaller bundle (sys._MEIPASS)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

import desktop_app
from desktop_app.resources_path import resource_path, resources_root


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


def test_wheel_install_finds_the_data_package(tmp_path: Path) -> None:
    """Installed from a wheel there is no checkout: resources/ is inside the package."""
    import importlib.util
    import shutil

    site = tmp_path / "site-packages"
    module_dir = site / "desktop_app"
    module_dir.mkdir(parents=True)
    shutil.copy(Path(desktop_app.__file__).parent / "resources_path.py", module_dir)
    icons = site / "desktop_app" / "resources" / "icons"
    icons.mkdir(parents=True)
    (icons / "app.svg").write_text("<svg/>")
    spec = importlib.util.spec_from_file_location(
        "installed_resources", module_dir / "resources_path.py"
    )
    assert spec is not None and spec.loader is not None
    installed = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(installed)
    assert installed.resource_path("icons", "app.svg") == icons / "app.svg"


def test_the_wheel_declares_every_resource_file() -> None:
    """pyproject's package-data patterns cover every file under resources/."""
    import fnmatch
    import tomllib

    root = Path(desktop_app.__file__).resolve().parent.parent
    config = tomllib.loads((root / "pyproject.toml").read_text())["tool"]["setuptools"]
    assert config["package-dir"]["desktop_app.resources"] == "resources"
    patterns = [
        f"{package.removeprefix('desktop_app.resources').removeprefix('.')}/{pattern}".lstrip("/")
        for package, globs in config["package-data"].items()
        if package.startswith("desktop_app.resources")
        for pattern in globs
    ]
    files = [
        p.relative_to(root / "resources").as_posix()
        for p in (root / "resources").rglob("*")
        if p.is_file()
    ]
    uncovered = [f for f in files if not any(fnmatch.fnmatch(f, pat) for pat in patterns)]
    assert files and not uncovered, uncovered
