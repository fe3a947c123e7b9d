"""Compile the Qt Linguist sources (``resources/i18n/*.ts``) into ``.qm`` files.

The ``.ts`` files are what translators edit and what is committed; the ``.qm``
files Qt loads are build output, so they go to an ignored folder,
``resources/translations/`` (``.gitignore``), and nothing generated is
committed. ``pyside6-lrelease`` ships in PySide6-Essentials, so every install
that can run the app can also compile them:

- ``bootstrap.py run|test|package`` compiles after installing
  (``python -m desktop_app.translations``), and the PyInstaller spec compiles
  afresh before it copies ``resources/`` into the bundle;
- a source checkout started some other way (``python -m desktop_app``), or a
  ``.ts`` edited since, is compiled on demand at start-up (~0.2 s, only when a
  ``.qm`` is missing or older than its ``.ts``); a read-only install compiles
  into the user cache folder instead;
- a frozen build never compiles: it ships its ``.qm`` files, and the
  self-check reports a missing one.

Stdlib only and Qt-free (lrelease is found on disk, PySide6 is not imported),
so bootstrap and packaging can use it before any window exists.
"""

from __future__ import annotations

import importlib.util
import logging
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from desktop_app import APP_ID
from desktop_app.resources_path import resources_root

log = logging.getLogger(__name__)

#: Languages with a ``.ts`` file. ``en`` holds only the plural forms of the
#: English source strings (``lupdate -pluralonly``), the Qt way of pluralising
#: the source language.
LANGUAGES = ("en", "zh_CN")
COMPILED_DIR_NAME = "translations"
_TIMEOUT_S = 60


def sources_dir() -> Path:
    """Where the committed ``.ts`` files are."""
    return resources_root() / "i18n"


def compiled_dir() -> Path:
    """The ignored folder the ``.qm`` files are compiled into (and shipped from)."""
    return resources_root() / COMPILED_DIR_NAME


def cache_dir() -> Path:
    """Where a read-only install compiles to instead (the user's cache folder)."""
    import platformdirs

    return Path(platformdirs.user_cache_dir(APP_ID, appauthor=False)) / COMPILED_DIR_NAME


def _pyside6_folders() -> list[str]:
    """PySide6's package folder(s), found without importing it."""
    spec = importlib.util.find_spec("PySide6")
    return list(spec.submodule_search_locations or []) if spec is not None else []


def lrelease_command() -> list[str] | None:
    """The command that runs Qt's lrelease, or None when none is installed.

    PySide6 keeps the binary in its package folder (that is what the
    ``pyside6-lrelease`` script runs); the script on PATH is the fallback.
    """
    for folder in _pyside6_folders():
        for name in ("lrelease.exe", "lrelease") if sys.platform == "win32" else ("lrelease",):
            binary = Path(folder) / name
            if binary.is_file():
                return [str(binary)]
    script = shutil.which("pyside6-lrelease", path=str(Path(sys.executable).parent))
    script = script or shutil.which("pyside6-lrelease")
    return [script] if script else None


class CompileError(Exception):
    """lrelease is missing or failed; the message says which and why."""


def compile_ts(source: Path, target: Path) -> None:
    """Compile one ``.ts`` into ``target`` (replaced whole, never half-written).

    Unfinished entries are left out (``-nounfinished``), so Qt shows the
    English source for them rather than a draft.

    Raises:
        CompileError: lrelease is not installed, failed, or ``target`` cannot be written.
    """
    command = lrelease_command()
    if command is None:
        raise CompileError("Qt's lrelease is not installed (it comes with PySide6-Essentials)")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, temp_name = tempfile.mkstemp(prefix=f".{target.stem}-", suffix=".qm", dir=target.parent)
        os.close(fd)
    except OSError as exc:
        raise CompileError(f"cannot write to {target.parent}: {exc.strerror or exc}") from exc
    temp = Path(temp_name)
    try:
        args = [*command, "-silent", "-nounfinished", str(source), "-qm", str(temp)]
        result = subprocess.run(
            args, capture_output=True, text=True, timeout=_TIMEOUT_S, check=False
        )
        if result.returncode != 0 or temp.stat().st_size == 0:
            detail = (result.stderr or result.stdout).strip() or f"exit {result.returncode}"
            raise CompileError(f"lrelease failed on {source.name}: {detail}")
        temp.chmod(0o644)  # mkstemp makes it private; a shared install reads it too
        temp.replace(target)
    except (OSError, subprocess.SubprocessError) as exc:
        raise CompileError(f"lrelease could not compile {source.name}: {exc}") from exc
    finally:
        temp.unlink(missing_ok=True)


def _fresh(qm: Path, ts: Path) -> bool:
    try:
        return qm.stat().st_mtime >= ts.stat().st_mtime
    except OSError:
        return False


def compiled_translation(language: str) -> Path | None:
    """The ``.qm`` of ``language``, compiled first when missing or stale; None if impossible.

    Never raises: a translation that cannot be had is logged and the caller
    falls back to English, which loses nothing.
    """
    name = f"{language}.qm"
    shipped = compiled_dir() / name
    if getattr(sys, "frozen", False):
        if not shipped.is_file():
            log.warning("translation %s is missing from this build", shipped)
            return None
        return shipped
    source = sources_dir() / f"{language}.ts"
    if not source.is_file():
        return shipped if shipped.is_file() else None
    problems = []
    for target in (shipped, cache_dir() / name):
        if _fresh(target, source):
            return target
        try:
            compile_ts(source, target)
        except CompileError as exc:
            problems.append(str(exc))
        else:
            return target
    log.warning("no %s translation, using English: %s", language, "; ".join(problems))
    return None


def compile_all(target_dir: Path | None = None, *, force: bool = False) -> list[Path]:
    """Compile every ``.ts`` into ``target_dir`` (the ignored folder); the ``.qm`` paths.

    Only stale ones unless ``force`` (packaging compiles afresh).

    Raises:
        CompileError: as :func:`compile_ts`.
    """
    folder = target_dir if target_dir is not None else compiled_dir()
    done = []
    for source in sorted(sources_dir().glob("*.ts")):
        target = folder / f"{source.stem}.qm"
        if force or not _fresh(target, source):
            compile_ts(source, target)
        done.append(target)
    return done


def main(argv: list[str] | None = None) -> int:
    """``python -m desktop_app.translations [--force]``: what bootstrap.py runs."""
    args = sys.argv[1:] if argv is None else argv
    try:
        compiled = compile_all(force="--force" in args)
    except CompileError as exc:
        print(f"translations: {exc}", file=sys.stderr)
        return 1
    names = ", ".join(path.name for path in compiled)
    print(f"translations: {names} in {compiled_dir()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
