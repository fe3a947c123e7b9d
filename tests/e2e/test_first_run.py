"""First run through the welcome panel, the key in the keyring, restart, search, export."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.harness import REPO_ROOT, App, wait_until
from tests.fakeserver.harness import FakeServer

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(120)]

SECRET = "sk-e2e-first-run-7Qx93kLmZ"


def settings(app: App) -> dict[str, Any]:
    return json.loads((app.config_dir / "settings.json").read_text(encoding="utf-8"))


def first_run(app: App, server: FakeServer, key: str) -> str:
    """Fill the welcome panel by keyboard; return the new profile's id."""
    app.start()
    app.screenshot("01-welcome")
    # The key field has focus; Shift+Tab walks up to Model and Base URL.
    app.type(key)
    app.key("shift+Tab")
    app.type("fake-model")
    app.key("shift+Tab")
    app.type(server.base_url)
    app.screenshot("02-welcome-filled")
    app.key("Tab", "Tab")  # back down to the key field, where Enter submits
    app.key("Return")

    def profile_id() -> str | None:
        data = settings(app)
        active = data["active_profile_id"]
        ok = any(p["id"] == active and p["base_url"] == server.base_url for p in data["profiles"])
        return active if ok else None

    return wait_until(profile_id, "a profile for the fake server in settings.json")


def strings(value: Any) -> Iterator[str]:
    """Every string inside a decoded JSON value."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)


def window_title(app: App) -> str:
    return app.xdotool("getwindowname", app.wid).strip()


def test_first_run_reply_restart_search_export(
    make_app: Callable[..., App], server: FakeServer, tmp_path: Path
) -> None:
    app = make_app()
    first_run(app, server, SECRET)
    app.send("Tell me about aardvarks please [slow:10]")
    reply = app.wait_reply(lambda m: m["status"] == "complete", "a complete reply")
    assert "aardvarks please" in reply["content"]
    assert reply["finish_reason"] == "stop"
    app.screenshot("03-streamed-reply")
    chat = [r for r in server.requests() if r["path"] == "/v1/chat/completions"]
    assert chat and chat[-1]["body"]["stream"] is True
    assert app.quit() == 0

    server.stop()  # the history must not need the network
    app.start()
    app.screenshot("04-restarted-offline")
    assert "New chat" in window_title(app)
    app.key("ctrl+k")
    app.type("aardvark")
    app.screenshot("05-search-typed")
    app.key("Return")  # opens the first result
    wait_until(lambda: "aardvarks" in window_title(app), "the found conversation to open")
    assert window_title(app).startswith("Afarensis Chat")
    assert window_title(app).count("Afarensis Chat") == 1, window_title(app)
    app.screenshot("06-search-opened")
    assert app.quit() == 0

    out = tmp_path / "export.json"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "desktop_app",
            "--data-dir",
            str(app.data_dir),
            "export",
            "--all",
            "--format",
            "json",
            "-o",
            str(out),
        ],
        cwd=REPO_ROOT,
        env=app.desktop.env(),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    texts = list(strings(json.loads(out.read_text(encoding="utf-8"))))
    assert any("Tell me about aardvarks please" in t for t in texts)
    assert reply["content"] in texts


def test_key_lives_only_in_the_secret_service(
    make_app: Callable[..., App], server: FakeServer
) -> None:
    app = make_app()
    profile = first_run(app, server, SECRET)
    app.send("Is my key safe?")
    app.wait_reply(lambda m: m["status"] == "complete", "a complete reply")
    app.screenshot("03-reply-with-stored-key")
    assert app.quit() == 0

    assert app.desktop.keyring_get(profile) == SECRET
    needle = SECRET.encode()
    files = [p for p in app.data_dir.rglob("*") if p.is_file()]
    assert any(p.name == "settings.json" for p in files)
    leaks = [str(p) for p in files if needle in p.read_bytes()]
    assert leaks == [], f"the API key was written to {leaks}"
    assert SECRET not in app.all_logs()
    # The server got the key (it logs a hash), so the app really used the stored one.
    sent = {r["headers"].get("Authorization") for r in server.requests()}
    assert "Bearer " + hashlib.sha256(needle).hexdigest()[:12] in sent
