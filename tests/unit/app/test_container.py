"""The composition root: integrity checks only after an unclean exit."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest

from desktop_app.app import container as container_module
from desktop_app.app.container import (
    RUNNING_MARKER,
    Container,
    turn_defaults,
)
from desktop_app.app.lazy_backend import current_client_config
from desktop_app.app.paths import resolve_paths


def test_full_check_runs_only_after_a_run_that_did_not_close_and_never_before_the_window(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[bool] = []
    real_open = container_module.open_database  # type: ignore[attr-defined]  # its import, spied on

    def spying_open(path: Path, **kwargs: Any) -> Any:
        calls.append(bool(kwargs.get("verify")))
        return real_open(path, **kwargs)

    monkeypatch.setattr(container_module, "open_database", spying_open)
    paths = resolve_paths(tmp_path / "data", environ={})
    first = Container.build(paths, env={})
    assert (paths.data_dir / RUNNING_MARKER).exists()
    asyncio.run(first.close())
    assert not (paths.data_dir / RUNNING_MARKER).exists()
    clean = Container.build(paths, env={})  # clean last time: no full check
    crashed_then = Container.build(paths, env={})  # previous one never closed
    # The whole-file check never runs in build (before any window exists);
    # after a crash the window runs check_integrity on a worker thread.
    assert calls == [False, False, False]
    assert not clean.needs_integrity_check and crashed_then.needs_integrity_check
    assert asyncio.run(asyncio.to_thread(crashed_then.check_integrity)) == []
    asyncio.run(crashed_then.close())


def test_env_overrides_reach_the_client_config(tmp_path: Path) -> None:
    env = {
        "AFARENSIS_API_KEY": "sk-env",
        "AFARENSIS_BASE_URL": "http://127.0.0.1:9/v1",
        "AFARENSIS_MODEL": "env-model",
    }
    built = Container.build(resolve_paths(tmp_path / "d", environ={}), env=env)
    config = current_client_config(built.settings)
    assert config.base_url == "http://127.0.0.1:9/v1" and config.api_key == "sk-env"
    assert turn_defaults(built.settings).model == "env-model"
    assert "sk-env" not in repr(config)
    saved = (tmp_path / "d" / "config").glob("*")
    assert all("sk-env" not in p.read_text() for p in saved if p.is_file())
    asyncio.run(built.close())
