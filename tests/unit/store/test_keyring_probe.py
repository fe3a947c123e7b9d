"""The self-check's view of keyring, read through store/ (the only keyring importer)."""

from __future__ import annotations

import sys

import pytest

from desktop_app.store import keyring_probe
from desktop_app.store.keyring_probe import probe_keyring


def test_reports_the_backend_keyring_picks() -> None:
    import keyring

    probe = probe_keyring()
    assert probe.problem is None
    assert probe.detail == ""
    assert type(probe.backend) is type(keyring.get_keyring())


def test_a_missing_keyring_is_a_problem(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "keyring", None)  # makes `import keyring` fail
    probe = probe_keyring()
    assert probe.problem == "missing"
    assert "cannot be imported" in probe.detail
    assert probe.backend is None


def test_no_registered_backends_is_a_problem(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib.metadata

    monkeypatch.setattr(importlib.metadata, "entry_points", lambda **_: [])
    probe = probe_keyring()
    assert probe.problem == "no backends"
    assert probe.backend is None
    assert keyring_probe.KeyringProbe("x", "y", None).problem == "x"
