"""One frozen Linux build per test session, shared by the packaging tests.

The build (PyInstaller one-folder + tar.gz + .deb with ``--quick``: ~35 s on
an idle machine, 168 s measured on a busy 2-core one) runs once, right after
collection and before the first test starts, so no per-test timeout counts
it. It goes to ``build/test-frozen/`` and is reused by later runs while the
sources, PyInstaller and Python are unchanged (a content hash, not mtimes).
A fresh ``dist/`` build newer than every source file is reused as well.
Without PyInstaller the tests skip with one line, except under ``CI=true``,
where a missing tool must not pass silently.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import importlib.util
import os
import platform
import shutil
import subprocess
import sys
import time
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

    arch = platform.machine().lower()  # as linux_pkg.py names the tarball
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


BUILD_CACHE = ROOT / "build" / "test-frozen"
BUILD_TIMEOUT_S = 1200
# What prepare_build found before the tests ran: the build, or why there is none.
_prepared: dict[str, LinuxBuild | str] = {}


def _source_digest() -> str:
    """Hash of everything the bundle is built from, and of the tools that build it."""
    digest = hashlib.sha256()
    tools = [sys.version, *(_version(d) for d in ("pyinstaller", "PySide6-Essentials"))]
    digest.update("\n".join(tools).encode())
    files = [
        *(ROOT / "desktop_app").rglob("*.py"),
        *(p for p in PACKAGING.rglob("*") if p.is_file() and "__pycache__" not in p.parts),
        *(p for p in (ROOT / "resources").rglob("*") if p.is_file()),
        ROOT / "pyproject.toml",
    ]
    for path in sorted(files):
        digest.update(str(path.relative_to(ROOT)).encode() + b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _version(dist: str) -> str:
    try:
        return f"{dist} {importlib.metadata.version(dist)}"
    except importlib.metadata.PackageNotFoundError:
        return f"{dist} absent"


def prepare_build() -> LinuxBuild:
    """The frozen build for this source tree: reused when up to date, else built now.

    Raises:
        RuntimeError: the build failed (its output's tail is the message).
    """
    reused = _build_in(ROOT / "dist")
    if _is_fresh(reused):
        return reused
    cached = _build_in(BUILD_CACHE / "dist")
    stamp = BUILD_CACHE / "source-digest"
    digest = _source_digest()
    artifacts = (cached.executable, cached.tarball, cached.deb)
    if stamp.exists() and stamp.read_text() == digest and all(p.exists() for p in artifacts):
        return cached
    shutil.rmtree(BUILD_CACHE, ignore_errors=True)
    BUILD_CACHE.mkdir(parents=True)
    result = subprocess.run(
        [
            sys.executable,
            str(PACKAGING / "build.py"),
            "--quick",
            f"--dist={BUILD_CACHE / 'dist'}",
            f"--work={BUILD_CACHE / 'work'}",
        ],
        capture_output=True,
        text=True,
        timeout=BUILD_TIMEOUT_S,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(
            f"packaging/build.py --quick exited {result.returncode}:\n"
            + result.stdout[-3000:]
            + result.stderr[-3000:]
        )
    stamp.write_text(digest)
    return cached


def pytest_collection_finish(session: pytest.Session) -> None:
    """Build before any test runs (pytest-timeout times only setup/call/teardown)."""
    if session.config.option.collectonly or not sys.platform.startswith("linux"):
        return
    if importlib.util.find_spec("PyInstaller") is None:
        return  # each test skips (or fails under CI) with the reason
    if not any("linux_build" in getattr(i, "fixturenames", ()) for i in session.items):
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    say = reporter.write_line if reporter is not None else print
    say("packaging: preparing the frozen build once, before the timed tests")
    started = time.monotonic()
    try:
        _prepared["build"] = prepare_build()
    except (RuntimeError, OSError, subprocess.TimeoutExpired) as error:
        _prepared["build"] = str(error)
    say(f"packaging: frozen build ready after {time.monotonic() - started:.0f} s")


@pytest.fixture(scope="session")
def linux_build() -> LinuxBuild:
    if not sys.platform.startswith("linux"):
        pytest.skip("the packaging tests build the Linux bundle")
    require_pyinstaller()
    if "build" not in _prepared:  # collected without the hook (e.g. another plugin)
        try:
            _prepared["build"] = prepare_build()
        except (RuntimeError, OSError, subprocess.TimeoutExpired) as error:
            _prepared["build"] = str(error)
    build = _prepared["build"]
    if isinstance(build, str):
        pytest.fail(f"the frozen build failed: {build}", pytrace=False)
    return build
