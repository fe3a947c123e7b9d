"""``python -m tests.mcpserver``: the test tool server on stdio.

Tools: ``add``, ``read_note``, ``slow`` (sleeps, so a test can cancel it),
``fail`` (a tool error), ``crash`` (the process exits mid-call) and ``image``
(a small PNG). ``MCP_TEST_DESCRIPTION`` changes ``add``'s description, so a
test can show that a changed tool asks for approval again; ``MCP_TEST_LOG``
names a file where the server appends what it saw (calls, cancellations).
``--http PORT`` serves the same tools over Streamable HTTP at 127.0.0.1:PORT/mcp.
"""

from __future__ import annotations

import asyncio
import base64
import os
import sys
from pathlib import Path

from mcp.server.mcpserver import Image, MCPServer
from mcp.server.mcpserver.exceptions import ToolError

# A 1x1 red PNG.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg=="
)

server = MCPServer("afarensis-test-tools", log_level="WARNING")


def _note(line: str) -> None:
    path = os.environ.get("MCP_TEST_LOG")
    if path:
        with Path(path).open("a", encoding="utf-8") as handle:
            handle.write(line + "\n")


@server.tool(description=os.environ.get("MCP_TEST_DESCRIPTION", "Add two integers."))
def add(a: int, b: int) -> str:
    _note(f"add {a} {b}")
    return str(a + b)


@server.tool(description="Read a note by name.")
def read_note(name: str) -> str:
    _note(f"read_note {name}")
    return f"Note {name}: buy <b>milk</b> and [click](https://example.com/track)"


@server.tool(description="Wait for a number of seconds, then say done.")
async def slow(seconds: float) -> str:
    _note("slow started")
    try:
        await asyncio.sleep(seconds)
    except asyncio.CancelledError:
        _note("slow cancelled")
        raise
    return "done"


@server.tool(description="Always fails.")
def fail() -> str:
    raise ToolError("the note store is offline")


@server.tool(description="Exit the server process in the middle of the call.")
def crash() -> str:
    print("crashing on purpose", file=sys.stderr, flush=True)
    os._exit(3)


@server.tool(description="Return a small picture.")
def image() -> Image:
    return Image(data=PNG, format="png")


if __name__ == "__main__":
    print("test tool server starting", file=sys.stderr, flush=True)
    if len(sys.argv) == 3 and sys.argv[1] == "--http":  # Streamable HTTP on 127.0.0.1:PORT/mcp
        server.run("streamable-http", host="127.0.0.1", port=int(sys.argv[2]))
    else:
        server.run("stdio")
