"""One frozen Linux build per test session, shared by the packaging tests.

The build (PyInstaller one-folder + tar.gz + .deb, ~35 s with ``--quick``)
goes into a session temp dir, unless dist/ already holds a build newer than
every source file, which is then reused. Without PyInstaller the tests skip
with one line, except under ``CI=true``, where a missing tool must not pass
silently.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"
sys.path.insert(0, str(PACKAGING))  # meta, qt_trim, icons, linux_pkg are plain scripts

import meta  # noqa: E402


def require_pyinstaller() -> None:
    if importlib.util.find_spec("PyInstaller") is not None:
        return
    message = "PyInstaller is not installed (pip install -e '.[package]')"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{message}; CI must run the packaging tests")
    pytest.skip(message)


@dataclass(frozen=True)
class LinuxBuild:
    dist: Path
    bundle: Path
    executable: Path
    tarball: Path
    deb: Path


def _newest_source_mtime() -> float:
    sources = [
        *(ROOT / "desktop_app").rglob("*.py"),
        *(p for p in PACKAGING.rglob("*") if p.is_file() and "__pycache__" not in p.parts),
        *(p for p in (ROOT / "resources").rglob("*") if p.is_file()),
    ]
    return max(p.stat().st_mtime for p in sources)


def _build_in(dist: Path) -> LinuxBuild:
    version = meta.app_version()
    import linux_pkg

    arch = linux_pkg.platform.machine().lower()
    bundle = dist / meta.APP_ID
    return LinuxBuild(
        dist=dist,
        bundle=bundle,
        executable=bundle / meta.APP_ID,
        tarball=dist / f"{meta.APP_ID}-{version}-linux-{arch}.tar.gz",
        deb=dist / f"{meta.APP_ID}_{version}_{linux_pkg.deb_arch()}.deb",
    )


def _is_fresh(build: LinuxBuild) -> bool:
    artifacts = (build.executable, build.tarball, build.deb)
    if not all(p.exists() for p in artifacts):
        return False
    return min(p.stat().st_mtime for p in artifacts) > _newest_source_mtime()


@pytest.fixture(scope="session")
def linux_build(tmp_path_factory: pytest.TempPathFactory) -> LinuxBuild:
    if not sys.platform.startswith("linux"):
        pytest.skip("the packaging tests build the Linux bundle")
    require_pyinstaller()
    reused = _build_in(ROOT / "dist")
    if _is_fresh(reused):
        return reused
    base = tmp_path_factory.mktemp("frozen")
    result = subprocess.run(
        [
            sys.executable,
            str(PACKAGING / "build.py"),
            "--quick",
            f"--dist={base / 'dist'}",
            f"--work={base / 'work'}",
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return _build_in(base / "dist")
