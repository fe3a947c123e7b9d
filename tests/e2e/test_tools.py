"""Tools in the real window on Xvfb: consent, a call approved by keyboard, no orphan on quit."""

from __future__ import annotations

import json
import signal
import sys
from collections.abc import Callable
from pathlib import Path

import psutil
import pytest

from tests.e2e.harness import App, wait_until
from tests.e2e.test_interruptions import env_for
from tests.fakeserver.harness import FakeServer

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(120)]

SERVER_SCRIPT = Path(__file__).resolve().parents[1] / "mcpserver" / "__main__.py"


def _configure(app: App, name: str) -> None:
    """A server of its own name per test: the keyring (and so consent) is the session's."""
    app.config_dir.mkdir(parents=True, exist_ok=True)
    server = {"name": name, "command": sys.executable, "args": [str(SERVER_SCRIPT)]}
    (app.config_dir / "tools.json").write_text(json.dumps({"version": 1, "servers": [server]}))


def _mcp_children(app: App) -> list[psutil.Process]:
    assert app.proc is not None
    try:
        children = psutil.Process(app.proc.pid).children(recursive=True)
    except psutil.NoSuchProcess:
        return []
    return [c for c in children if str(SERVER_SCRIPT) in " ".join(c.cmdline())]


def _consent_by_keyboard(app: App) -> None:
    dialog = wait_until(
        lambda: app.xdotool("search", "--onlyvisible", "--name", "^Start a tool server").split(),
        "the consent dialog",
        timeout=20,
    )
    app.xdotool("windowfocus", "--sync", dialog[0])
    app.xdotool("key", "--clearmodifiers", "alt+s")  # "&Start it"


def _approve_call(app: App, server: FakeServer) -> psutil.Process:
    app.send("What is 2+3? [call:add]")
    _consent_by_keyboard(app)
    running = wait_until(lambda: _mcp_children(app), "the MCP server process", timeout=30)
    # The approval card has the focus with "Run once" as its default button.
    wait_until(
        lambda: any(m["role"] == "assistant" and m["tool_calls"] for m in app.messages()),
        "the reply asking for the tool",
        timeout=20,
    )
    app.screenshot("01-approval-card")
    app.key("Return")
    app.wait_reply(lambda m: m["content"] == "The tool said: 5", "the final answer", timeout=30)
    rows = app.messages()
    tool = next(m for m in rows if m["role"] == "tool")
    assert tool["content"] == "5"
    assert app.query("SELECT tool_call_id FROM messages WHERE role = 'tool'")[0][0]
    app.screenshot("02-tool-card-and-answer")
    sent = [r["body"] for r in server.requests() if r["path"].endswith("/chat/completions")]
    assert sent[-1]["messages"][-1]["role"] == "tool"
    return running[0]


def test_a_call_approved_by_keyboard_runs_and_ctrl_q_ends_the_server(
    make_app: Callable[..., App], server: FakeServer
) -> None:
    app = make_app(env_for(server))
    _configure(app, "notes-quit")
    app.start()
    child = _approve_call(app, server)
    assert app.quit() == 0
    assert not _alive(child), "the MCP server outlived the app"


def test_sigterm_ends_the_server_too(make_app: Callable[..., App], server: FakeServer) -> None:
    app = make_app(env_for(server))
    _configure(app, "notes-sigterm")
    app.start()
    child = _approve_call(app, server)
    assert app.proc is not None
    app.proc.send_signal(signal.SIGTERM)
    assert app.proc.wait(20) == 0
    assert not _alive(child), "the MCP server outlived the app"


def _alive(process: psutil.Process) -> bool:
    try:
        return process.is_running() and process.status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False
