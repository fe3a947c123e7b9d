"""The MCP client against a real stdio server written with the SDK's server API."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from pathlib import Path

import psutil
import pytest

from desktop_app.core.tools import LaunchSpec, ToolError
from desktop_app.tools.manager import McpManager
from tests.mcpserver.launch import notes_server


def _children() -> set[int]:
    return {p.pid for p in psutil.Process().children(recursive=True)}


def test_lists_tools_and_calls_them_on_one_long_lived_process() -> None:
    async def main() -> None:
        manager = McpManager()
        spec = notes_server()
        tools = {t.name: t for t in await manager.list_tools(spec)}
        assert {"add", "read_note", "slow", "fail", "crash", "image"} <= tools.keys()
        assert tools["add"].input_schema["properties"].keys() == {"a", "b"}
        pids = _children()
        assert (await manager.call(spec, "add", {"a": 2, "b": 3}, 10)).text == "5"
        picture = await manager.call(spec, "image", {}, 10)
        assert picture.images[0].mime_type == "image/png"
        assert picture.images[0].data.startswith(b"\x89PNG")
        assert _children() == pids  # the same session: no second process
        await manager.stop_all()
        assert manager.running() == []

    asyncio.run(main())


def test_a_tool_error_is_a_result_not_an_exception() -> None:
    async def main() -> None:
        manager = McpManager()
        outcome = await manager.call(notes_server(), "fail", {}, 10)
        assert outcome.is_error and "the note store is offline" in outcome.text
        await manager.stop_all()

    asyncio.run(main())


def test_a_missing_command_is_named_in_the_sentence() -> None:
    async def main() -> None:
        manager = McpManager()
        with pytest.raises(ToolError) as caught:
            await manager.list_tools(LaunchSpec("web", "no-such-mcp-command-xyz"))
        assert '"no-such-mcp-command-xyz" was not found' in caught.value.message
        assert manager.running() == []

    asyncio.run(main())


def test_a_crash_mid_call_is_said_and_the_next_use_starts_it_again(
    caplog: pytest.LogCaptureFixture,
) -> None:
    async def main() -> None:
        manager = McpManager()
        spec = notes_server()
        with pytest.raises(ToolError) as caught:
            await manager.call(spec, "crash", {}, 10)
        assert 'The tool server "notes" stopped while running "crash"' in caught.value.message
        assert (await manager.call(spec, "add", {"a": 1, "b": 1}, 10)).text == "2"
        await manager.stop_all()

    with caplog.at_level(logging.INFO, logger="desktop_app.tools.server"):
        asyncio.run(main())
    # The server's stderr went to the app log, never to the UI.
    assert "[notes] crashing on purpose" in caplog.text


def test_a_timeout_and_a_cancel_each_stop_the_call_and_tell_the_server(tmp_path: Path) -> None:
    log_file = tmp_path / "server.log"

    async def main() -> None:
        manager = McpManager()
        spec = notes_server(MCP_TEST_LOG=str(log_file))
        with pytest.raises(ToolError) as caught:
            await manager.call(spec, "slow", {"seconds": 30}, 0.5)
        assert "gave no answer within 0.5 s" in caught.value.message
        call = asyncio.create_task(manager.call(spec, "slow", {"seconds": 30}, 60))
        await _until(lambda: log_file.read_text().count("slow started") == 2)
        call.cancel()
        with pytest.raises(asyncio.CancelledError):
            await call
        await _until(lambda: log_file.read_text().count("slow cancelled") == 2)
        # The session survives a cancelled call.
        assert (await manager.call(spec, "add", {"a": 4, "b": 4}, 10)).text == "8"
        await manager.stop_all()

    asyncio.run(main())


def test_stop_all_leaves_no_server_process() -> None:
    async def main() -> None:
        manager = McpManager()
        before = _children()
        specs = [notes_server(f"s{i}") for i in range(3)]
        await asyncio.gather(*(manager.list_tools(s) for s in specs))
        started = _children() - before
        assert len(started) >= 3
        await manager.stop_all()
        assert not any(psutil.pid_exists(pid) and _alive(pid) for pid in started)

    asyncio.run(main())


def test_a_changed_launch_restarts_the_server() -> None:
    async def main() -> None:
        manager = McpManager()
        first = notes_server(MCP_TEST_DESCRIPTION="Adds.")
        second = notes_server(MCP_TEST_DESCRIPTION="Adds, then tells a joke.")
        old = {t.name: t for t in await manager.list_tools(first)}["add"]
        new = {t.name: t for t in await manager.list_tools(second)}["add"]
        assert old.description == "Adds." and new.description == "Adds, then tells a joke."
        assert old.fingerprint() != new.fingerprint()
        await manager.stop_all()

    asyncio.run(main())


def _alive(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


async def _until(condition: Callable[[], bool]) -> None:
    """Wait for what another process writes (a file): polled, bounded by the test timeout."""
    while not condition():  # noqa: ASYNC110 - no event crosses the process boundary
        await asyncio.sleep(0.02)
