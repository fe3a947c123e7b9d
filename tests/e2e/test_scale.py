"""10,000 imported conversations: the window still opens fast and search answers."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.harness import REPO_ROOT, App, wait_until
from tests.e2e.test_interruptions import env_for
from tests.fakeserver.harness import FakeServer

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(180)]

COUNT = 10_000
NEEDLE_INDEX = 4_321
WINDOW_SHOWN_BUDGET_MS = 3_000


def conversation(i: int, now: float) -> dict[str, Any]:
    """One conversation in docs/export-format.md: a question and its answer."""
    cid = f"e2e-scale-{i:05d}"
    topic = "zanzibar okapi migration" if i == NEEDLE_INDEX else f"topic number {i}"
    at = now - (COUNT - i) * 60
    user = {
        "id": f"{cid}-u",
        "conversation_id": cid,
        "parent_id": None,
        "role": "user",
        "content": f"Tell me about {topic}.",
        "status": "complete",
        "finish_reason": None,
        "error": None,
        "model": None,
        "usage": None,
        "tool_calls": None,
        "created_at": at,
    }
    reply = {
        **user,
        "id": f"{cid}-a",
        "parent_id": user["id"],
        "role": "assistant",
        "content": f"Here is what I know about {topic}: quite a lot, in fact.",
        "finish_reason": "stop",
        "model": "fake-model",
        "created_at": at + 1,
    }
    return {
        "id": cid,
        "title": f"About {topic}",
        "created_at": at,
        "updated_at": at + 1,
        "pinned": False,
        "folder": None,
        "trashed_at": None,
        "model": "fake-model",
        "system_prompt": None,
        "params": {},
        "profile": None,
        "current_leaf_id": reply["id"],
        "messages": [user, reply],
    }


def write_export(path: Path) -> None:
    now = time.time()
    doc = {
        "format": "afarensis-chat-export",
        "version": 1,
        "exported_at": now,
        "app_version": "e2e",
        "conversations": [conversation(i, now) for i in range(COUNT)],
    }
    path.write_text(json.dumps(doc), encoding="utf-8")


def test_ten_thousand_conversations_open_and_search(
    make_app: Callable[..., App], server: FakeServer, tmp_path: Path, artifacts: Path
) -> None:
    source = tmp_path / "history.json"
    write_export(source)
    app = make_app(env_for(server))
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "desktop_app",
            "--data-dir",
            str(app.data_dir),
            "import",
            str(source),
        ],
        cwd=REPO_ROOT,
        env=app.desktop.env(),
        capture_output=True,
        text=True,
        timeout=150,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert app.query("SELECT count(*) FROM conversations")[0][0] == COUNT

    app.start()
    shown_ms = app.shown_after_ms()
    (artifacts / "window-shown-ms.txt").write_text(f"{shown_ms:.0f}\n")
    app.screenshot("01-window-with-10000")
    assert shown_ms < WINDOW_SHOWN_BUDGET_MS

    app.key("ctrl+k")
    before = app.frame()
    started = time.monotonic()
    app.type("okapi")
    app.wait_painted(before, "search results to be drawn")
    answered_s = time.monotonic() - started
    (artifacts / "search-answered-s.txt").write_text(f"{answered_s:.2f}\n")
    app.screenshot("02-search-results")
    app.key("Return")
    title = "About zanzibar okapi migration"
    wait_until(lambda: title in app.xdotool("getwindowname", app.wid), "the found one to open")
    app.screenshot("03-found-conversation")
    assert answered_s < 3.0
