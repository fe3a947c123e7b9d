"""``afarensis-chat --self-check``: is this installation able to run?

Meant for a person reporting a problem and for the release pipeline, which
runs it inside each frozen build: it proves the bundle carries Qt, keyring's
backends (found through package metadata), SQLite with FTS5, TLS roots and
resources/. It starts no GUI (QtCore is imported for version numbers only),
creates no file or directory, and touches no network.

Each check prints one line; every problem also prints a ``PROBLEM:`` line that
says what to do, and the exit status is 1 when there is any problem.
An insecure keyring is a warning, not a problem: the app still works and keeps
the key in memory for the session (docs/ARCHITECTURE.md §5).
"""

from __future__ import annotations

import os
import platform
import ssl
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from desktop_app import APP_NAME, __version__
from desktop_app.app.paths import AppPaths
from desktop_app.resources_path import resource_path, resources_root
from desktop_app.store.keyring_probe import probe_keyring
from desktop_app.store.probe import fts5_trigram_available, probe_database
from desktop_app.translations import LANGUAGES, compiled_dir

# Keyring backends that do not protect the key (module or class name parts).
_INSECURE_BACKEND_MARKERS = ("fail", "null", "plaintext", "keyrings.alt.file")


@dataclass
class Report:
    """Lines to print, plus the problems and warnings found on the way."""

    lines: list[tuple[str, str]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def info(self, label: str, value: str) -> None:
        self.lines.append((label, value))

    def problem(self, label: str, value: str, problem: str) -> None:
        self.lines.append((label, value))
        self.problems.append(problem)


def check_runtime(report: Report) -> None:
    frozen = "frozen" if getattr(sys, "frozen", False) else "source"
    report.info("version", f"{__version__} ({frozen})")
    report.info("python", f"{platform.python_version()} on {platform.platform()}")


def check_qt(report: Report) -> None:
    """Versions and the platform plugin, without creating a QGuiApplication."""
    try:
        import PySide6
        from PySide6.QtCore import QLibraryInfo, qVersion
    except ImportError as exc:
        report.problem("qt", "missing", f"Qt cannot be loaded ({exc}); reinstall the app.")
        return
    report.info("qt", qVersion())
    report.info("pyside6", PySide6.__version__)
    plugins = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath)) / "platforms"
    wanted = {"win32": "qwindows", "darwin": "qcocoa"}.get(sys.platform, "qxcb")
    found = (
        sorted(p.stem.removeprefix("lib") for p in plugins.glob("*q*")) if plugins.is_dir() else []
    )
    if wanted in found:
        report.info("qt platforms", ", ".join(found))
    else:
        report.problem(
            "qt platforms",
            ", ".join(found) or f"none in {plugins}",
            f"Qt's {wanted} platform plugin is missing from {plugins}; reinstall the app.",
        )


def describe_keyring_backend(backend: object) -> tuple[str, bool]:
    """``module.Class`` of the backend in use (a chainer's members) and whether it is secure."""
    members = list(getattr(backend, "backends", None) or []) or [backend]
    names = [f"{type(b).__module__}.{type(b).__name__}" for b in members]
    secure = all(
        not any(marker in name.lower() for marker in _INSECURE_BACKEND_MARKERS) for name in names
    )
    return ", ".join(names), secure


def check_keyring(report: Report) -> None:
    probe = probe_keyring()
    if probe.problem is not None:
        report.problem("keyring", probe.problem, probe.detail)
        return
    name, secure = describe_keyring_backend(probe.backend)
    report.info("keyring", f"{name} ({'secure' if secure else 'NOT secure'})")
    if not secure:
        report.warnings.append(
            "no secure keyring: the API key will be kept in memory for this session only "
            "(start a Secret Service such as gnome-keyring, or KWallet, to keep it)."
        )


def writable_state(directory: Path) -> str | None:
    """None when ``directory`` is (or could be created) writable, else why not.

    Writes and deletes one temporary file; a missing directory is judged by its
    nearest existing parent, because the app creates it on first start.
    """
    target = directory
    while not target.exists():
        if target.parent == target:
            return "no existing parent directory"
        target = target.parent
    if not target.is_dir():
        return f"{target} is not a directory"
    try:
        with tempfile.TemporaryFile(dir=target, prefix=".afarensis-self-check-"):
            pass
    except OSError as exc:
        return exc.strerror or str(exc)
    return None


def check_directories(report: Report, paths: AppPaths) -> None:
    for label, directory in (("data dir", paths.data_dir), ("config dir", paths.config_dir)):
        why = writable_state(directory)
        state = "" if directory.exists() else ", will be created"
        if why is None:
            report.info(label, f"{directory} (writable{state})")
        else:
            report.problem(
                label,
                f"{directory} (NOT writable)",
                f"{label} {directory} is not writable: {why}. "
                "Fix its permissions or choose another with --data-dir / --config-dir.",
            )


def check_database(report: Report, paths: AppPaths) -> None:
    probe = probe_database(paths.database)
    if not probe.exists:
        report.info("database", f"{paths.database} (not created yet)")
    elif probe.error is not None:
        report.problem(
            "database",
            f"{paths.database} (unreadable)",
            f"the database {paths.database} cannot be read: {probe.error}. The app will move "
            "it aside on start; restore a copy from the backups folder if you have one.",
        )
    elif probe.integrity != "ok":
        report.problem(
            "database",
            f"{paths.database} (damaged)",
            f"the database {paths.database} failed its integrity check: {probe.integrity}. "
            "Quit the app and restore a copy from the backups folder.",
        )
    elif probe.too_new:
        report.problem(
            "database",
            f"{paths.database} (schema {probe.schema_version})",
            f"the database {paths.database} was written by a newer {APP_NAME} "
            f"(schema {probe.schema_version}); install that version or newer.",
        )
    else:
        report.info("database", f"{paths.database} (integrity ok, schema {probe.schema_version})")
    ok, detail = fts5_trigram_available()
    if ok:
        report.info("fts5 trigram", f"available ({detail})")
    else:
        report.problem(
            "fts5 trigram",
            "missing",
            f"SQLite lacks FTS5 with the trigram tokenizer ({detail}); search will be slow.",
        )


def check_tls(report: Report) -> None:
    """The CA roots httpx will use (certifi's bundle when shipped), loaded offline."""
    try:
        import certifi

        cafile: str | None = certifi.where()
        source = "certifi"
    except ImportError:
        cafile, source = os.environ.get("SSL_CERT_FILE"), "system"
    try:
        context = ssl.create_default_context(cafile=cafile)
        if cafile is None:
            context.load_default_certs()
        count = context.cert_store_stats()["x509_ca"]
    except (OSError, ssl.SSLError) as exc:
        report.problem("tls", "broken", f"TLS certificates cannot be loaded ({exc}).")
        return
    if count == 0 and cafile is not None:
        report.problem("tls", f"{source}: 0 CA certificates", f"{cafile} holds no CA certificates.")
    else:
        # A system capath loads lazily, so 0 counted there is not a failure.
        report.info("tls", f"{source} ({count} CA certificates, {ssl.OPENSSL_VERSION})")


def check_resources(report: Report) -> None:
    icon = resource_path("icons", "app.svg")
    if icon.is_file():
        report.info("resources", str(resources_root()))
    else:
        report.problem(
            "resources", f"{icon} missing", f"{icon} is missing; the install is incomplete."
        )


def check_translations(report: Report) -> None:
    """The compiled ``.qm`` files load in Qt; a frozen build must ship them.

    A source run compiles missing ones on its first start, so there they are
    only reported (the self-check creates no file).
    """
    from PySide6.QtCore import QTranslator

    folder = compiled_dir()
    loaded: list[str] = []
    missing: list[str] = []
    for language in LANGUAGES:
        qm = folder / f"{language}.qm"
        (loaded if qm.is_file() and QTranslator().load(str(qm)) else missing).append(language)
    if not missing:
        report.info("translations", f"{', '.join(loaded)} ({folder})")
    elif getattr(sys, "frozen", False):
        report.problem(
            "translations",
            f"{', '.join(missing)} missing in {folder}",
            f"the translations {', '.join(missing)} are missing or damaged in {folder}; "
            "reinstall the app.",
        )
    else:
        report.info("translations", f"{', '.join(missing)} compiled on first start ({folder})")


def run_self_check(paths: AppPaths, out: TextIO | None = None) -> int:
    """Print the report to ``out`` (stdout); return 0 when healthy, 1 on any problem."""
    stream = out if out is not None else sys.stdout
    report = Report()
    checks: list[Callable[[Report], None]] = [
        check_runtime,
        check_qt,
        check_keyring,
        lambda r: check_directories(r, paths),
        lambda r: check_database(r, paths),
        check_tls,
        check_resources,
        check_translations,
    ]
    for check in checks:
        try:
            check(report)
        except Exception as exc:  # a bug in one check must not hide the others
            report.problems.append(f"the self-check itself failed ({type(exc).__name__}: {exc}).")
    print(f"{APP_NAME} self-check", file=stream)
    width = max(len(label) for label, _ in report.lines)
    for label, value in report.lines:
        print(f"  {label:<{width}}  {value}", file=stream)
    for warning in report.warnings:
        print(f"WARNING: {warning}", file=stream)
    for problem in report.problems:
        print(f"PROBLEM: {problem}", file=stream)
    verdict = f"{len(report.problems)} problem(s)" if report.problems else "all checks passed"
    print(f"self-check: {verdict}", file=stream, flush=True)
    return 1 if report.problems else 0
