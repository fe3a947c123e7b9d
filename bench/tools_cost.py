"""What MCP tools cost: the SDK's import time, memory and size, and quit with servers running.

``python -m bench.tools_cost``. Each figure is measured here, in fresh
processes where it matters:

- the SDK's import (``mcp`` plus the client transports the app uses) in a
  fresh interpreter, against a bare interpreter: time and peak RSS added;
- the installed size of the SDK and the packages it alone brings (an upper
  bound for what the one-folder bundle gains);
- quit with three stdio servers running: ``Container.close()`` (the app's
  own quit path) with three consented test servers live, goal ≤ 2 s.

Start-up with no server configured is ``bench/startup.py``'s row: nothing
of the SDK is imported then (tests/gui/test_tools_lazy.py proves it).
"""

from __future__ import annotations

import asyncio
import importlib.metadata as md
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.report import Row, median, row

ROOT = Path(__file__).resolve().parents[1]
REPEATS = 5
IMPORT = "import mcp, mcp.client.stdio, mcp.client.streamable_http"
PROBE = """
import resource, sys, time
t = time.perf_counter()
{code}
took = time.perf_counter() - t
print(took, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
"""
#: Distributions the SDK brings that the app did not already depend on.
SDK_ONLY = (
    "mcp",
    "mcp-types",
    "pydantic",
    "pydantic-core",
    "httpx2",
    "jsonschema",
    "jsonschema-specifications",
    "referencing",
    "rpds-py",
    "attrs",
    "PyJWT",
    "python-multipart",
    "sse-starlette",
    "starlette",
    "uvicorn",
    "typing-inspection",
    "opentelemetry-api",
)


def _probe(code: str) -> tuple[float, float]:
    out = subprocess.run(
        [sys.executable, "-c", PROBE.format(code=code)],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    ).stdout.split()
    return float(out[0]) * 1000, float(out[1])


def import_cost(repeats: int) -> tuple[float, float, float, float]:
    sdk = [_probe(IMPORT) for _ in range(repeats)]
    bare = [_probe("pass") for _ in range(repeats)]
    return (
        median([s[0] for s in sdk]),
        median([b[0] for b in bare]),
        median([s[1] for s in sdk]),
        median([b[1] for b in bare]),
    )


def installed_mb() -> float:
    total = 0
    for name in SDK_ONLY:
        try:
            files = md.distribution(name).files or []
        except md.PackageNotFoundError:
            continue
        for file in files:
            path = Path(str(file.locate()))
            if path.is_file():
                total += path.stat().st_size
    return total / 1e6


async def _quit_with_three(folder: Path) -> float:
    from desktop_app.app.container import Container
    from desktop_app.app.paths import AppPaths
    from desktop_app.core.tools import ServerConfig

    paths = AppPaths(folder / "data", folder / "config")
    container = Container.build(paths)
    script = str(ROOT / "tests" / "mcpserver" / "__main__.py")
    for i in range(3):
        container.tools.save_server(ServerConfig(f"s{i}", sys.executable, (script,)))
    for server in container.tools.servers():
        container.tools.consent(server)
    await asyncio.gather(*(container.tools.list_tools(s) for s in container.tools.servers()))
    started = time.perf_counter()
    await container.close()
    return time.perf_counter() - started


def quit_time(repeats: int) -> float:
    times = []
    for _ in range(repeats):
        with tempfile.TemporaryDirectory(prefix="bench-tools-") as scratch:
            times.append(asyncio.run(_quit_with_three(Path(scratch))))
    return median(times)


def run(*, smoke: bool = False) -> list[Row]:
    repeats = 1 if smoke else REPEATS
    sdk_ms, bare_ms, sdk_mb, bare_mb = import_cost(repeats)
    quit_s = quit_time(1 if smoke else 3)
    return [
        # Paid once, on the first start of a consented server; never at launch.
        row(
            "MCP SDK import (mcp + client transports), fresh process",
            sdk_ms - bare_ms,
            unit="ms",
            digits=0,
        ),
        row("MCP SDK import: peak RSS (vs bare interpreter)", sdk_mb, bare_mb, unit="MB", digits=0),
        row("MCP SDK and the packages only it brings, installed size", installed_mb(), unit="MB"),
        row(
            "quit with three stdio MCP servers running",
            quit_s,
            goal="≤ 2 s",
            met=quit_s <= 2.0,
            unit="s",
            digits=2,
        ),
    ]


def main() -> None:
    print(json.dumps(run(), indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
