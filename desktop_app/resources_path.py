"""Find files under resources/ (icons, styles) from source and frozen runs.

From a checkout (or an editable install) resources/ sits next to the package;
in a PyInstaller bundle the spec copies it to ``<sys._MEIPASS>/resources``
(inside a macOS .app, _MEIPASS is Contents/Frameworks, where PyInstaller links
the data files). Nothing is read at import time. It sits at the top of the
package, below every layer, because both ``ui/`` and ``app/`` need it and
``ui/`` must not import ``app/`` (docs/ARCHITECTURE.md §1).
"""

from __future__ import annotations

import sys
from pathlib import Path

RESOURCES_DIR_NAME = "resources"


def resources_root() -> Path:
    """The resources/ directory of this run (it may not exist in a broken install).

    A wheel install has no checkout around it: there the files are the data
    package ``desktop_app/resources`` (see pyproject.toml).
    """
    bundle_dir = getattr(sys, "_MEIPASS", None)
    if bundle_dir is not None:
        return Path(bundle_dir) / RESOURCES_DIR_NAME
    package_dir = Path(__file__).resolve().parent
    checkout = package_dir.parent / RESOURCES_DIR_NAME
    installed = package_dir / RESOURCES_DIR_NAME
    return installed if installed.is_dir() and not checkout.is_dir() else checkout


def resource_path(*parts: str) -> Path:
    """Path of ``resources/<parts...>``, e.g. ``resource_path("icons", "app.svg")``.

    Raises:
        ValueError: if a part would climb out of resources/ (``..`` or absolute).
    """
    root = resources_root()
    path = root.joinpath(*parts)
    if not path.resolve().is_relative_to(root.resolve()):
        raise ValueError(f"resource path escapes resources/: {'/'.join(parts)}")
    return path
