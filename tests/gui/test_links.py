"""A clicked link reaches the browser without our keys, and mailto stays harmless."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices

from desktop_app.ui import links
from desktop_app.ui.links import open_external, safe_mailto

RECORDER = """import json, os, sys
with open(sys.argv[1], "w") as f:
    json.dump({"url": sys.argv[2], "env": dict(os.environ)}, f)
"""


def test_a_real_child_browser_gets_no_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    script = tmp_path / "browser.py"
    script.write_text(RECORDER)
    out = tmp_path / "seen.json"
    monkeypatch.setenv("AFARENSIS_API_KEY", "sk-afa-secret")
    monkeypatch.setenv("OPENAI_API_KEY", "sk-openai-secret")
    monkeypatch.setenv("GITHUB_TOKEN", "ghp-secret")
    monkeypatch.setenv("AFARENSIS_KEEP_ME", "yes")
    launched: list[subprocess.Popen[bytes]] = []
    real_popen = subprocess.Popen

    def keep(*args: object, **kwargs: object) -> subprocess.Popen[bytes]:
        child: subprocess.Popen[bytes] = real_popen(*args, **kwargs)  # type: ignore[call-overload]
        launched.append(child)
        return child

    monkeypatch.setattr(subprocess, "Popen", keep)  # what links.py spawns with
    assert open_external(QUrl("https://example.com/a?b=1"), [sys.executable, str(script), str(out)])
    assert launched[0].wait(timeout=30) == 0
    seen = json.loads(out.read_text())
    assert seen["url"] == "https://example.com/a?b=1"
    env = seen["env"]
    assert not {"AFARENSIS_API_KEY", "OPENAI_API_KEY", "GITHUB_TOKEN"} & set(env)
    assert env["AFARENSIS_KEEP_ME"] == "yes"
    assert "sk-afa-secret" not in out.read_text()
    assert os.environ["OPENAI_API_KEY"] == "sk-openai-secret"  # ours is untouched


def test_qt_fallback_hides_keys_only_during_the_call(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-openai-secret")
    during: list[str | None] = []

    def fake_open(url: QUrl) -> bool:
        during.append(os.environ.get("OPENAI_API_KEY"))
        return True

    monkeypatch.setattr(links, "_launcher", lambda: None)
    monkeypatch.setattr(QDesktopServices, "openUrl", fake_open)
    assert open_external(QUrl("https://example.com"))
    assert during == [None]
    assert os.environ["OPENAI_API_KEY"] == "sk-openai-secret"


def test_mailto_keeps_only_subject_and_body() -> None:
    url = QUrl("mailto:a@b.c?subject=Hi%20there&attach=/etc/passwd&cc=x@evil&BODY=text")
    clean = safe_mailto(url)
    assert clean.path() == "a@b.c"
    text = clean.toString(QUrl.ComponentFormattingOption.FullyEncoded)
    assert "attach" not in text and "passwd" not in text and "cc=" not in text
    assert "subject=Hi%20there" in text and "BODY=text" in text
    assert safe_mailto(QUrl("mailto:a@b.c?attach=x")).toString() == "mailto:a@b.c"
