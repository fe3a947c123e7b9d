"""The dependency rule of docs/ARCHITECTURE.md §1, checked in fresh interpreters."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import desktop_app

QT_FREE_PACKAGES = ("core", "api", "store", "render", "services")


def _modules(package: str) -> list[str]:
    pkg = __import__(f"desktop_app.{package}", fromlist=["_"])
    return [f"desktop_app.{package}"] + [
        f"desktop_app.{package}.{m.name}" for m in pkgutil.iter_modules(pkg.__path__)
    ]


def test_lower_layers_never_import_qt_or_qasync() -> None:
    modules = [m for p in QT_FREE_PACKAGES for m in _modules(p)]
    code = (
        "import importlib, sys\n"
        f"for m in {modules!r}: importlib.import_module(m)\n"
        "bad = sorted(n for n in sys.modules if n.split('.')[0] in ('PySide6', 'qasync'))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert out == "", f"Qt leaked into the Qt-free layers: {out}"


def test_core_imports_nothing_third_party() -> None:
    modules = _modules("core")
    code = (
        "import importlib, sys\n"
        "before = set(sys.modules)\n"
        f"for m in {modules!r}: importlib.import_module(m)\n"
        "third = {n.split('.')[0] for n in set(sys.modules) - before}\n"
        "third -= set(sys.stdlib_module_names) | {'desktop_app'}\n"
        "print(','.join(sorted(third)))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert out == "", f"core/ imported third-party modules: {out}"


def test_version_is_exposed() -> None:
    assert desktop_app.__version__.count(".") == 2
