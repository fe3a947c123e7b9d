"""The Streamable HTTP transport against the same test server, on 127.0.0.1."""

from __future__ import annotations

import asyncio
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop_app.core.tools import LaunchSpec
from desktop_app.tools.manager import McpManager

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def http_server() -> Iterator[str]:
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.mcpserver", "--http", str(port)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 30
    while True:  # ready once it accepts a connection
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                raise RuntimeError("the HTTP MCP test server did not start") from None
            time.sleep(0.05)  # polling interval, not a wait for readiness
    try:
        yield f"http://127.0.0.1:{port}/mcp"
    finally:
        proc.terminate()
        proc.wait(10)


def test_tools_list_and_call_over_streamable_http(http_server: str) -> None:
    async def main() -> None:
        manager = McpManager()
        spec = LaunchSpec("web", url=http_server, headers={"X-Test": "1"})
        names = {t.name for t in await manager.list_tools(spec)}
        assert {"add", "read_note"} <= names
        assert (await manager.call(spec, "add", {"a": 20, "b": 22}, 10)).text == "42"
        await manager.stop_all()
        assert manager.running() == []

    asyncio.run(main())
