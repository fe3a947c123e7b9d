"""The tool servers, their consent and their grants: the one door the UI and the loop use.

Consent is what keeps a process from starting by itself: a server runs only
after the user said yes to its exact launch (command, args, env, URL,
headers). The yes is kept in the secret store under the launch's
fingerprint, not in any file an import, a backup or a restore could bring,
so a changed command, a new env value or a server that arrived by import
asks again. The host (``tools.manager``) is built on first use, so no SDK is
imported while no server is enabled.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

from desktop_app.core.errors import ConfigError
from desktop_app.core.ports import SecretStore, ToolConfigStore, ToolHost
from desktop_app.core.tool_sentences import NOT_ALLOWED, say
from desktop_app.core.tools import (
    Grant,
    LaunchSpec,
    ServerConfig,
    ToolOutcome,
    ToolSpec,
    launch_fingerprint,
)
from desktop_app.core.tools_import import parse_mcp_servers

log = logging.getLogger(__name__)

_CONSENT_PREFIX = "mcp-consent:"


def _secret_id(server: str, kind: str, name: str) -> str:
    return f"mcp:{server}:{kind}:{name}"


class ToolService:
    """Servers (with secrets in the keyring), consent, grants, and the host's calls."""

    def __init__(
        self,
        config: ToolConfigStore,
        secrets: SecretStore,
        make_host: Callable[[], ToolHost],
    ) -> None:
        self._config = config
        self._secrets = secrets
        self._make_host = make_host
        self._host: ToolHost | None = None

    # ------------------------------------------------------------ servers

    def servers(self) -> list[ServerConfig]:
        return self._config.load_servers()

    def server(self, name: str) -> ServerConfig | None:
        return next((s for s in self.servers() if s.name == name), None)

    def enabled_servers(self, conversation_id: str | None) -> list[ServerConfig]:
        return [s for s in self.servers() if s.enabled_for(conversation_id)]

    def save_server(
        self,
        config: ServerConfig,
        env_values: dict[str, str] | None = None,
        header_values: dict[str, str] | None = None,
        replacing: str | None = None,
    ) -> None:
        """Add or replace a server; every env and header value goes to the keyring."""
        if not config.name.strip():
            raise ConfigError("Give the tool server a name.")
        if not config.command and not config.url.startswith(("http://", "https://")):
            raise ConfigError("Give the tool server a command, or an http(s) URL.")
        servers = [s for s in self.servers() if s.name not in (config.name, replacing)]
        env = dict(env_values or {})
        headers = dict(header_values or {})
        for name, value in env.items():
            self._secrets.set_key(_secret_id(config.name, "env", name), value)
        for name, value in headers.items():
            self._secrets.set_key(_secret_id(config.name, "header", name), value)
        stored = replace(
            config,
            env=tuple((n, None) for n in (env or [n for n, _ in config.env])),
            headers=tuple((n, None) for n in (headers or [n for n, _ in config.headers])),
        )
        self._config.save_servers([*servers, stored])

    def remove_server(self, name: str) -> None:
        gone = self.server(name)
        if gone is None:
            return
        for env_name in gone.env_names():
            self._secrets.delete_key(_secret_id(name, "env", env_name))
        for header, _ in gone.headers:
            self._secrets.delete_key(_secret_id(name, "header", header))
        self._secrets.delete_key(_CONSENT_PREFIX + name)
        self._config.save_servers([s for s in self.servers() if s.name != name])
        self._config.save_grants([g for g in self.grants() if g.server != name])

    def set_enabled(self, name: str, enabled: bool, conversation_id: str | None = None) -> None:
        """On or off everywhere (``conversation_id`` None) or in one chat."""
        servers = []
        for s in self.servers():
            if s.name == name:
                if conversation_id is None:
                    s = replace(s, enabled=enabled)
                else:
                    chats = [c for c in s.conversations if c != conversation_id]
                    s = replace(
                        s, conversations=tuple([*chats, conversation_id] if enabled else chats)
                    )
            servers.append(s)
        self._config.save_servers(servers)

    def import_text(self, text: str) -> list[str]:
        """Add the servers of an ``mcpServers`` JSON; starts nothing and consents to nothing."""
        imported = parse_mcp_servers(text)
        for item in imported:
            self._secrets.delete_key(_CONSENT_PREFIX + item.config.name)
            self.save_server(item.config, item.env_values, item.header_values)
        return [item.config.name for item in imported]

    def secrets_are_kept(self) -> bool:
        """False when env and header values only live in memory (no keyring)."""
        return self._secrets.is_secure

    # ------------------------------------------------------------ consent

    def launch_spec(self, config: ServerConfig) -> LaunchSpec:
        env = {
            n: self._secrets.get_key(_secret_id(config.name, "env", n)) or "" for n, _ in config.env
        }
        headers = {
            n: self._secrets.get_key(_secret_id(config.name, "header", n)) or ""
            for n, _ in config.headers
        }
        return LaunchSpec(config.name, config.command, config.args, env, config.url, headers)

    def secret_entries(self) -> list[str]:
        """Every keyring entry the configured servers read when they start.

        Start-up reads them on a worker thread (``GuiSession._preload_keys``),
        so a server's first start and its consent check answer from memory
        instead of waiting on a locked keyring in the window's thread.
        """
        entries = []
        for config in self.servers():
            entries.append(_CONSENT_PREFIX + config.name)
            entries += [_secret_id(config.name, "env", n) for n, _ in config.env]
            entries += [_secret_id(config.name, "header", n) for n, _ in config.headers]
        return entries

    def _fingerprint(self, config: ServerConfig) -> str:
        spec = self.launch_spec(config)
        values = dict(spec.env) | {f"header:{k}": v for k, v in spec.headers.items()}
        return launch_fingerprint(config, values)

    def needs_consent(self, config: ServerConfig) -> bool:
        return self._secrets.get_key(_CONSENT_PREFIX + config.name) != self._fingerprint(config)

    def consent(self, config: ServerConfig) -> None:
        """The user said yes to this exact launch."""
        self._secrets.set_key(_CONSENT_PREFIX + config.name, self._fingerprint(config))

    # ------------------------------------------------------------ grants

    def grants(self) -> list[Grant]:
        return self._config.load_grants()

    def is_granted(self, spec: ToolSpec, conversation_id: str) -> bool:
        return any(g.covers(spec, conversation_id) for g in self.grants())

    def grant(self, spec: ToolSpec, conversation_id: str | None) -> None:
        """Always allow ``spec`` in one chat, or everywhere (``None``)."""
        kept = [
            g
            for g in self.grants()
            if not (
                g.server == spec.server
                and g.tool == spec.name
                and g.conversation_id == conversation_id
            )
        ]
        self._config.save_grants(
            [*kept, Grant(spec.server, spec.name, spec.fingerprint(), conversation_id)]
        )

    def revoke(self, grant: Grant) -> None:
        self._config.save_grants([g for g in self.grants() if g != grant])

    # ------------------------------------------------------------ running

    @property
    def host(self) -> ToolHost:
        if self._host is None:
            self._host = self._make_host()
        return self._host

    async def list_tools(self, config: ServerConfig) -> list[ToolSpec]:
        self._require_consent(config)
        return await self.host.list_tools(self.launch_spec(config))

    async def call(
        self, config: ServerConfig, tool: str, arguments: dict[str, Any], timeout_s: float
    ) -> ToolOutcome:
        self._require_consent(config)
        return await self.host.call(self.launch_spec(config), tool, arguments, timeout_s)

    def _require_consent(self, config: ServerConfig) -> None:
        if self.needs_consent(config):
            # The last guard: no path reaches the host without the user's yes.
            raise ConfigError(say(NOT_ALLOWED, config.name))

    async def shutdown(self) -> None:
        """Stop every server (quit); nothing to do when none ever started."""
        if self._host is not None:
            await self._host.stop_all()


def describe_servers(servers: Sequence[ServerConfig]) -> list[str]:
    """One line per server, for ``afarensis-chat mcp list``."""
    lines = []
    for s in servers:
        where = s.command_line()
        state = "on" if s.enabled else ("on in some chats" if s.conversations else "off")
        env = f"  env: {', '.join(s.env_names())}" if s.env else ""
        lines.append(f"{s.name}\t{state}\t{where}{env}")
    return lines
