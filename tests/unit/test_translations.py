"""The .ts -> .qm compilation: on demand when missing or stale, never in a frozen build."""

from __future__ import annotations

import logging
import os
import shutil
import sys
from pathlib import Path

import pytest

from desktop_app import translations
from desktop_app.resources_path import resource_path

QM_MAGIC = bytes.fromhex("3cb86418caef9c95cd211cbf60a1bddd")  # every .qm starts so


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A resources/ folder of our own with the real .ts files and nothing compiled."""
    folder = tmp_path / "resources"
    shutil.copytree(resource_path("i18n"), folder / "i18n")
    monkeypatch.setattr(translations, "resources_root", lambda: folder)
    monkeypatch.setattr(translations, "cache_dir", lambda: tmp_path / "cache")
    return folder


def test_a_missing_translation_is_compiled_on_first_use(root: Path) -> None:
    qm = translations.compiled_translation("zh_CN")
    assert qm == root / "translations" / "zh_CN.qm"
    assert qm.read_bytes().startswith(QM_MAGIC)
    assert sorted(p.name for p in qm.parent.iterdir()) == ["zh_CN.qm"]  # no temp file left


def test_a_fresh_translation_is_not_compiled_again(root: Path) -> None:
    qm = translations.compiled_translation("zh_CN")
    assert qm is not None
    os.utime(qm, (qm.stat().st_atime, qm.stat().st_mtime + 60))
    before = qm.stat().st_mtime_ns
    assert translations.compiled_translation("zh_CN") == qm
    assert qm.stat().st_mtime_ns == before


def test_an_edited_ts_is_compiled_again(root: Path) -> None:
    qm = translations.compiled_translation("zh_CN")
    assert qm is not None
    first = qm.read_bytes()
    ts = root / "i18n" / "zh_CN.ts"
    ts.write_text(ts.read_text(encoding="utf-8").replace("今天", "本日"), encoding="utf-8")
    os.utime(ts, (ts.stat().st_atime, qm.stat().st_mtime + 60))
    assert translations.compiled_translation("zh_CN") == qm
    assert qm.read_bytes() != first
    assert "本日".encode("utf-16-be") in qm.read_bytes()


def test_an_unwritable_install_compiles_into_the_user_cache(
    root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the folder would go")
    monkeypatch.setattr(translations, "compiled_dir", lambda: blocker / "translations")
    qm = translations.compiled_translation("zh_CN")
    assert qm == tmp_path / "cache" / "zh_CN.qm"
    assert qm.read_bytes().startswith(QM_MAGIC)


def test_without_lrelease_it_says_why_and_falls_back_to_english(
    root: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(translations, "lrelease_command", lambda: None)
    with caplog.at_level(logging.WARNING, logger="desktop_app.translations"):
        assert translations.compiled_translation("zh_CN") is None
    assert "no zh_CN translation, using English" in caplog.text
    assert "lrelease is not installed" in caplog.text


def test_a_broken_ts_is_a_clear_error(tmp_path: Path) -> None:
    ts = tmp_path / "broken.ts"
    ts.write_text("<TS><context><name>cut off", encoding="utf-8")
    with pytest.raises(translations.CompileError, match=r"lrelease failed on broken\.ts"):
        translations.compile_ts(ts, tmp_path / "out" / "broken.qm")
    assert list((tmp_path / "out").iterdir()) == []  # nothing half-written


def test_a_frozen_build_only_reads_what_it_ships(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    assert translations.compiled_translation("zh_CN") is None
    assert not (root / "translations").exists()  # it compiled nothing
    shipped = root / "translations" / "zh_CN.qm"
    shipped.parent.mkdir()
    shipped.write_bytes(QM_MAGIC)
    assert translations.compiled_translation("zh_CN") == shipped


def test_a_language_without_ts_has_no_translation(root: Path) -> None:
    assert translations.compiled_translation("de") is None


def test_the_bootstrap_step_compiles_every_language(
    root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert translations.main([]) == 0
    assert "en.qm, zh_CN.qm" in capsys.readouterr().out
    first = (root / "translations" / "en.qm").stat().st_mtime_ns
    os.utime(root / "translations" / "en.qm", ns=(first, first + 10**10))
    assert translations.main(["--force"]) == 0  # packaging compiles afresh
    assert (root / "translations" / "en.qm").stat().st_mtime_ns != first + 10**10
    assert sorted(translations.LANGUAGES) == sorted(p.stem for p in (root / "i18n").glob("*.ts"))


def test_the_bootstrap_step_fails_loudly(
    root: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(translations, "lrelease_command", lambda: None)
    assert translations.main([]) == 1
    assert "lrelease is not installed" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("platform", "binary"), [("win32", "lrelease.exe"), ("darwin", "lrelease")]
)
def test_lrelease_is_found_in_pyside6s_folder_on_each_platform(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, platform: str, binary: str
) -> None:
    (tmp_path / binary).write_bytes(b"")
    monkeypatch.setattr(translations, "_pyside6_folders", lambda: [str(tmp_path)])
    monkeypatch.setattr(sys, "platform", platform)
    assert translations.lrelease_command() == [str(tmp_path / binary)]


def test_without_pyside6s_binary_the_script_on_path_is_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(translations, "_pyside6_folders", lambda: [str(tmp_path)])
    monkeypatch.setattr(shutil, "which", lambda name, path=None: f"/bin/{name}")
    assert translations.lrelease_command() == ["/bin/pyside6-lrelease"]
    monkeypatch.setattr(shutil, "which", lambda name, path=None: None)
    assert translations.lrelease_command() is None
