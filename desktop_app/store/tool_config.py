"""The tool servers and the "always allow" grants, as one small JSON file.

Secret values (env and header values) are never in it: they are in the
keyring (``services.tool_service``). Consents are not in it either: a copied
or restored file must not carry the user's yes to a command (they live in
the secret store, keyed by the exact launch's fingerprint).
"""

from __future__ import annotations

import contextlib
import json
import logging
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from desktop_app.core.tools import Grant, ServerConfig
from desktop_app.store.settings_file import write_atomically

log = logging.getLogger(__name__)

TOOLS_NAME = "tools.json"
VERSION = 1


class ToolConfigFile:
    """Satisfies ``core.ports.ToolConfigStore``."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def load_servers(self) -> list[ServerConfig]:
        return [s for s in (_server(raw) for raw in self._read().get("servers", [])) if s]

    def save_servers(self, servers: Sequence[ServerConfig]) -> None:
        data = self._read()
        data["servers"] = [_server_json(s) for s in servers]
        self._write(data)

    def load_grants(self) -> list[Grant]:
        out = []
        for raw in self._read().get("grants", []):
            if isinstance(raw, dict) and {"server", "tool", "fingerprint"} <= raw.keys():
                conversation = raw.get("conversation_id")
                out.append(
                    Grant(
                        str(raw["server"]),
                        str(raw["tool"]),
                        str(raw["fingerprint"]),
                        None if conversation is None else str(conversation),
                    )
                )
        return out

    def save_grants(self, grants: Sequence[Grant]) -> None:
        data = self._read()
        data["grants"] = [
            {
                "server": g.server,
                "tool": g.tool,
                "fingerprint": g.fingerprint,
                "conversation_id": g.conversation_id,
            }
            for g in grants
        ]
        self._write(data)

    def _read(self) -> dict[str, Any]:
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {"version": VERSION}
        except (OSError, ValueError) as exc:
            aside = self.path.with_name(f"{self.path.name}.broken-{time.strftime('%Y%m%d-%H%M%S')}")
            log.warning("Unreadable %s (%s); kept as %s", self.path, exc, aside)
            with contextlib.suppress(OSError):
                self.path.replace(aside)
            return {"version": VERSION}
        return raw if isinstance(raw, dict) else {"version": VERSION}

    def _write(self, data: dict[str, Any]) -> None:
        data["version"] = VERSION
        write_atomically(self.path, json.dumps(data, indent=2, ensure_ascii=False))


def _server_json(s: ServerConfig) -> dict[str, Any]:
    return {
        "name": s.name,
        "command": s.command,
        "args": list(s.args),
        "env": [name for name, _ in s.env],
        "url": s.url,
        "headers": [name for name, _ in s.headers],
        "enabled": s.enabled,
        "conversations": list(s.conversations),
    }


def _names(value: object) -> tuple[tuple[str, str | None], ...]:
    if not isinstance(value, list):
        return ()
    return tuple((str(name), None) for name in value if str(name).strip())


def _server(raw: object) -> ServerConfig | None:
    if not isinstance(raw, dict) or not str(raw.get("name", "")).strip():
        return None
    args = raw.get("args")
    return ServerConfig(
        name=str(raw["name"]),
        command=str(raw.get("command") or ""),
        args=tuple(str(a) for a in args) if isinstance(args, list) else (),
        env=_names(raw.get("env")),
        url=str(raw.get("url") or ""),
        headers=_names(raw.get("headers")),
        enabled=bool(raw.get("enabled", True)),
        conversations=tuple(str(c) for c in raw.get("conversations") or []),
    )
