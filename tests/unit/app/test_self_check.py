"""--self-check: healthy → 0; each problem → non-zero with a clear PROBLEM line."""

from __future__ import annotations

import io
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from desktop_app.app import self_check
from desktop_app.app.paths import AppPaths
from desktop_app.app.self_check import describe_keyring_backend, run_self_check
from desktop_app.store.migrations import LATEST_VERSION


def _run(paths: AppPaths) -> tuple[int, str]:
    out = io.StringIO()
    code = run_self_check(paths, out)
    return code, out.getvalue()


def _problems(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith("PROBLEM:")]


def _make_db(path: Path, user_version: int = 1) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t (x TEXT)")
    conn.executemany("INSERT INTO t VALUES (?)", [("x" * 500,) for _ in range(200)])
    conn.execute(f"PRAGMA user_version = {user_version}")
    conn.commit()
    conn.close()


def test_healthy_directory_passes_and_reports_everything(tmp_path: Path) -> None:
    paths = AppPaths(tmp_path / "data", tmp_path / "config")
    paths.ensure()
    _make_db(paths.database)
    code, text = _run(paths)
    assert code == 0, text
    assert _problems(text) == []
    for label in ("version", "python", "qt", "pyside6", "keyring", "data dir", "config dir"):
        assert f"  {label} " in text
    assert "integrity ok, schema 1" in text
    assert "fts5 trigram  available" in text
    assert "CA certificates" in text
    assert text.rstrip().endswith("self-check: all checks passed")


def test_missing_directories_and_database_are_not_created(tmp_path: Path) -> None:
    paths = AppPaths(tmp_path / "data", tmp_path / "config")
    code, text = _run(paths)
    assert code == 0, text
    assert "(writable, will be created)" in text
    assert "not created yet" in text
    assert list(tmp_path.iterdir()) == []


def test_data_dir_that_is_a_file_is_a_problem(tmp_path: Path) -> None:
    blocker = tmp_path / "data"
    blocker.write_text("not a directory")
    code, text = _run(AppPaths(blocker, tmp_path / "config"))
    assert code == 1
    [problem] = _problems(text)
    assert f"data dir {blocker} is not writable" in problem
    assert "--data-dir" in problem


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root can write anywhere"
)
def test_read_only_config_dir_is_a_problem(tmp_path: Path) -> None:
    config = tmp_path / "config"
    config.mkdir(mode=0o500)
    try:
        code, text = _run(AppPaths(tmp_path, config))
    finally:
        config.chmod(0o700)
    assert code == 1
    assert any("config dir" in p and "not writable" in p for p in _problems(text))


def test_garbage_database_is_a_problem(tmp_path: Path) -> None:
    paths = AppPaths(tmp_path, tmp_path / "config")
    paths.database.write_bytes(b"this is not SQLite" * 300)
    code, text = _run(paths)
    assert code == 1
    [problem] = _problems(text)
    assert "cannot be read" in problem and str(paths.database) in problem


def test_damaged_database_is_a_problem(tmp_path: Path) -> None:
    paths = AppPaths(tmp_path, tmp_path / "config")
    _make_db(paths.database)
    data = bytearray(paths.database.read_bytes())
    page = 4096
    data[page + 8 : 3 * page] = b"\xff" * (2 * page - 8)  # smash the table's pages
    paths.database.write_bytes(bytes(data))
    code, text = _run(paths)
    assert code == 1
    [problem] = _problems(text)
    assert str(paths.database) in problem
    assert "integrity check" in problem or "cannot be read" in problem


def test_database_from_a_newer_release_is_a_problem(tmp_path: Path) -> None:
    paths = AppPaths(tmp_path, tmp_path / "config")
    _make_db(paths.database, user_version=LATEST_VERSION + 1)
    code, text = _run(paths)
    assert code == 1
    assert "newer Afarensis Chat" in _problems(text)[0]


def test_probe_opens_read_only(tmp_path: Path) -> None:
    paths = AppPaths(tmp_path, tmp_path / "config")
    _make_db(paths.database)
    before = paths.database.read_bytes()
    _run(paths)
    assert paths.database.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["history.sqlite3"]


def test_missing_resources_is_a_problem(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(self_check, "resource_path", lambda *parts: tmp_path.joinpath(*parts))
    code, text = _run(AppPaths(tmp_path, tmp_path / "config"))
    assert code == 1
    assert "install is incomplete" in _problems(text)[0]


def test_a_crashing_check_is_reported_not_raised(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def boom(_: self_check.Report) -> None:
        raise RuntimeError("kaput")

    monkeypatch.setattr(self_check, "check_tls", boom)
    code, text = _run(AppPaths(tmp_path, tmp_path / "config"))
    assert code == 1
    assert "RuntimeError: kaput" in _problems(text)[0]
    assert "  keyring " in text  # the other checks still ran


@pytest.mark.parametrize(
    ("module", "name", "secure"),
    [
        ("keyring.backends.fail", "Keyring", False),
        ("keyring.backends.null", "Keyring", False),
        ("keyrings.alt.file", "PlaintextKeyring", False),
        ("keyring.backends.SecretService", "Keyring", True),
        ("keyring.backends.macOS", "Keyring", True),
        ("keyring.backends.Windows", "WinVaultKeyring", True),
    ],
)
def test_keyring_backends_are_classified(module: str, name: str, secure: bool) -> None:
    backend = type(name, (), {"__module__": module})()
    assert describe_keyring_backend(backend) == (f"{module}.{name}", secure)


def test_chainer_is_judged_by_its_members() -> None:
    good = type("Keyring", (), {"__module__": "keyring.backends.SecretService"})()
    bad = type("PlaintextKeyring", (), {"__module__": "keyrings.alt.file"})()
    chainer = type("ChainerBackend", (), {"backends": [good, bad]})()
    assert describe_keyring_backend(chainer)[1] is False


def test_cli_self_check_starts_no_gui(tmp_path: Path) -> None:
    """The real entry point, in a fresh interpreter: no QtGui/QtWidgets loaded."""
    code = (
        "import sys\n"
        "from desktop_app.cli import main\n"
        "rc = main(['--self-check'])\n"
        "gui = sorted(m for m in sys.modules if m in ('PySide6.QtGui', 'PySide6.QtWidgets'))\n"
        "print('GUI-MODULES', gui)\n"
        "sys.exit(rc)\n"
    )
    env = {**os.environ, "AFARENSIS_DATA_DIR": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "GUI-MODULES []" in result.stdout
    assert f"data dir      {tmp_path}" in result.stdout


@pytest.mark.parametrize("frozen", [False, True])
def test_translations_are_checked_and_a_frozen_build_must_ship_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, frozen: bool
) -> None:
    from desktop_app.translations import compile_all

    compiled = tmp_path / "translations"
    monkeypatch.setattr(self_check, "compiled_dir", lambda: compiled)
    monkeypatch.setattr(sys, "frozen", frozen, raising=False)
    paths = AppPaths(tmp_path / "data", tmp_path / "config")
    code, text = _run(paths)
    if frozen:
        assert code == 1
        assert f"PROBLEM: the translations en, zh_CN are missing or damaged in {compiled}" in text
    else:  # a source run compiles them on its first start; the check creates nothing
        assert code == 0, text
        assert "translations  en, zh_CN compiled on first start" in text
        assert not compiled.exists()
    compile_all(compiled)
    (compiled / "en.qm").write_bytes(b"not a qm file")
    damaged = "en missing in" if frozen else "en compiled on first start"  # Qt rejects it
    assert f"translations  {damaged}" in _run(paths)[1]
    compile_all(compiled, force=True)
    code, text = _run(paths)
    assert code == 0, text
    assert f"translations  en, zh_CN ({compiled})" in text
