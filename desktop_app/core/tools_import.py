"""Reading the widely used ``mcpServers`` JSON (Claude Desktop's ``claude_desktop_config.json``).

Pure parsing: an import only ever *describes* servers. It starts nothing,
carries no consent and no grant, so the first start of an imported server
asks the user like any other (issue 16, "nothing an import contains can
start a process by itself").
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from desktop_app.core.errors import ConfigError
from desktop_app.core.tools import ServerConfig


@dataclass(frozen=True, slots=True)
class ImportedServer:
    """A server read from a file, with its secret values kept apart (they go to the keyring)."""

    config: ServerConfig
    env_values: dict[str, str] = field(default_factory=dict)
    header_values: dict[str, str] = field(default_factory=dict)


def parse_mcp_servers(text: str) -> list[ImportedServer]:
    """The servers of an ``{"mcpServers": {name: {command, args, env} | {url, headers}}}`` file."""
    try:
        raw = json.loads(text)
    except ValueError as exc:
        raise ConfigError(f"The file is not JSON ({exc}); nothing was imported.") from exc
    servers = raw.get("mcpServers") if isinstance(raw, dict) else None
    if not isinstance(servers, dict):
        raise ConfigError('The file has no "mcpServers" object; nothing was imported.')
    out: list[ImportedServer] = []
    for name, entry in servers.items():
        if not isinstance(entry, dict) or not str(name).strip():
            continue
        command = entry.get("command")
        url = entry.get("url") or entry.get("serverUrl")
        env = _strings(entry.get("env"))
        headers = _strings(entry.get("headers"))
        raw_args = entry.get("args")
        args = raw_args if isinstance(raw_args, list) else []
        if isinstance(command, str) and command.strip():
            config = ServerConfig(
                name=str(name).strip(),
                command=command.strip(),
                args=tuple(str(a) for a in args),
                env=tuple((k, None) for k in env),
                enabled=not bool(entry.get("disabled", False)),
            )
        elif isinstance(url, str) and url.startswith(("http://", "https://")):
            config = ServerConfig(
                name=str(name).strip(),
                url=url,
                headers=tuple((k, None) for k in headers),
                enabled=not bool(entry.get("disabled", False)),
            )
        else:
            continue
        out.append(ImportedServer(config, env, headers))
    return out


def _strings(value: object) -> dict[str, str]:
    if not isinstance(value, dict):
        return {}
    return {str(k): str(v) for k, v in value.items() if str(k).strip()}
