"""The package exposes its version (the CLI's --version and the bundles read it)."""

from __future__ import annotations

import desktop_app


def test_version_is_exposed() -> None:
    assert desktop_app.__version__.count(".") == 2
