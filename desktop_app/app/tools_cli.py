"""``afarensis-chat mcp import FILE`` and ``afarensis-chat mcp list``.

The import adds servers and puts their env and header values in the keyring;
like every import it starts nothing and consents to nothing: each server asks
in the window before its first start. No Qt, no MCP SDK is loaded here.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from desktop_app.app.paths import AppPaths
from desktop_app.core.errors import AfarensisError
from desktop_app.core.ports import ToolHost
from desktop_app.services.tool_service import ToolService, describe_servers
from desktop_app.store.secrets import KeyringSecretStore
from desktop_app.store.tool_config import TOOLS_NAME, ToolConfigFile


def _service(paths: AppPaths) -> ToolService:
    def no_host() -> ToolHost:
        raise RuntimeError("the command line never starts a tool server")

    return ToolService(ToolConfigFile(paths.config_dir / TOOLS_NAME), KeyringSecretStore(), no_host)


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    mcp = sub.add_parser("mcp", help="tool servers (MCP): import a Claude Desktop config, list")
    actions = mcp.add_subparsers(dest="mcp_command", metavar="ACTION", required=True)
    imp = actions.add_parser("import", help="add the servers of an mcpServers JSON file")
    imp.add_argument("file", metavar="FILE")
    actions.add_parser("list", help="the configured servers, one a line")


def run(args: argparse.Namespace, paths: AppPaths) -> int:
    paths.ensure()
    tools = _service(paths)
    if args.mcp_command == "list":
        lines = describe_servers(tools.servers())
        print("\n".join(lines) if lines else "No tool servers are configured.")
        return 0
    try:
        text = Path(args.file).read_text(encoding="utf-8")
        names = tools.import_text(text)
    except (OSError, UnicodeDecodeError) as exc:
        print(f"Could not read {args.file}: {exc}", file=sys.stderr)
        return 1
    except AfarensisError as error:
        print(error.message, file=sys.stderr)
        return 1
    if not tools.secrets_are_kept():
        print("Warning: no usable keyring; env and header values were not kept.", file=sys.stderr)
    print(f"Imported {len(names)} tool server(s): {', '.join(names) or 'none'}.")
    print("None was started: each asks in the window before its first start.")
    return 0
