"""Tools the model may call (MCP servers), as plain values and pure rules.

Nothing here starts a process or imports the MCP SDK: these are the values
that configuration, consent, approval and the tool loop agree on, and the
rules that must hold everywhere (names a provider accepts, what counts as
"the same command the user allowed", what a changed tool is).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from desktop_app.core.errors import ChatError

#: OpenAI (and most compatible servers) accept ``^[a-zA-Z0-9_-]{1,64}$``.
TOOL_NAME_LIMIT = 64
#: More than this many tools in one request is refused by some providers and
#: costs every request thousands of tokens; the rest are left out, with a notice.
MAX_OFFERED_TOOLS = 64
DEFAULT_ROUND_LIMIT = 10
DEFAULT_CALL_TIMEOUT_S = 60.0
#: Text of one result kept and sent back; the rest is cut with a visible notice.
RESULT_TEXT_LIMIT = 20_000
NAME_SEPARATOR = "__"

_UNSAFE = re.compile(r"[^a-zA-Z0-9_-]+")


@dataclass(frozen=True, slots=True)
class ServerConfig:
    """One MCP server the user configured.

    ``env`` and ``headers`` hold only *names* with non-secret values; a
    value kept in the keyring is ``None`` here (see ``tools.config``).
    Either ``command`` (stdio) or ``url`` (Streamable HTTP) is set.
    """

    name: str
    command: str = ""
    args: tuple[str, ...] = ()
    env: tuple[tuple[str, str | None], ...] = ()
    url: str = ""
    headers: tuple[tuple[str, str | None], ...] = ()
    enabled: bool = True
    #: Conversations where the server is on although it is not on globally.
    conversations: tuple[str, ...] = ()

    @property
    def is_stdio(self) -> bool:
        return bool(self.command)

    def enabled_for(self, conversation_id: str | None) -> bool:
        return self.enabled or (
            conversation_id is not None and conversation_id in self.conversations
        )

    def command_line(self) -> str:
        """The exact command shown to the user before it first runs."""
        if not self.is_stdio:
            return self.url
        return " ".join(_shell_quote(part) for part in (self.command, *self.args))

    def env_names(self) -> tuple[str, ...]:
        return tuple(name for name, _ in self.env)


def _shell_quote(text: str) -> str:
    if text and not re.search(r"[^\w@%+=:,./-]", text):
        return text
    return "'" + text.replace("'", "'\"'\"'") + "'"


def launch_fingerprint(config: ServerConfig, secret_values: Mapping[str, str]) -> str:
    """What the user consents to: command, args, env (names and values), URL, headers.

    Any change to one of them makes a new fingerprint, so the next start
    asks again. Secret values are hashed in, never stored.
    """
    env = {
        name: value if value is not None else secret_values.get(name, "")
        for name, value in config.env
    }
    headers = {
        name: value if value is not None else secret_values.get(f"header:{name}", "")
        for name, value in config.headers
    }
    payload = {
        "command": config.command,
        "args": list(config.args),
        "env": env,
        "url": config.url,
        "headers": headers,
    }
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class ToolSpec:
    """One tool a server offers, as it described itself."""

    server: str
    name: str
    description: str
    input_schema: Mapping[str, Any] = field(default_factory=dict)

    def fingerprint(self) -> str:
        """Changes when the description or the schema changes: a grant then asks again."""
        payload = {"d": self.description, "s": self.input_schema}
        return hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class OfferedTool:
    """A tool under the name the model sees."""

    wire_name: str
    spec: ToolSpec

    def definition(self) -> dict[str, Any]:
        """The Chat Completions ``tools`` entry."""
        schema = dict(self.spec.input_schema) or {"type": "object", "properties": {}}
        schema.setdefault("type", "object")
        return {
            "type": "function",
            "function": {
                "name": self.wire_name,
                "description": self.spec.description[:1024],
                "parameters": schema,
            },
        }


def wire_name(server: str, tool: str, taken: Iterable[str] = ()) -> str:
    """``server__tool`` within the provider's 64-character, ``[A-Za-z0-9_-]`` rule.

    Too long a name keeps its start and gains a short hash of the whole, so
    two long names never collide; ``taken`` names get a counter.
    """
    base = f"{_UNSAFE.sub('_', server).strip('_') or 'server'}{NAME_SEPARATOR}"
    base += _UNSAFE.sub("_", tool) or "tool"
    if len(base) > TOOL_NAME_LIMIT:
        digest = hashlib.sha256(f"{server}\0{tool}".encode()).hexdigest()[:8]
        base = f"{base[: TOOL_NAME_LIMIT - 9]}_{digest}"
    name, counter, used = base, 2, set(taken)
    while name in used:
        suffix = f"_{counter}"
        name = base[: TOOL_NAME_LIMIT - len(suffix)] + suffix
        counter += 1
    return name


@dataclass(frozen=True, slots=True)
class Offer:
    """The tools of one request, and how many were left out by the cap."""

    tools: tuple[OfferedTool, ...] = ()
    left_out: int = 0

    def find(self, name: str) -> OfferedTool | None:
        return next((tool for tool in self.tools if tool.wire_name == name), None)


def build_offer(specs: Sequence[ToolSpec], limit: int = MAX_OFFERED_TOOLS) -> Offer:
    names: list[str] = []
    offered: list[OfferedTool] = []
    for spec in specs[:limit]:
        name = wire_name(spec.server, spec.name, names)
        names.append(name)
        offered.append(OfferedTool(name, spec))
    return Offer(tuple(offered), max(0, len(specs) - limit))


@dataclass(frozen=True, slots=True)
class ToolImage:
    """An image a tool returned: its bytes stay local (a thumbnail, never a URL)."""

    mime_type: str
    data: bytes


@dataclass(frozen=True, slots=True)
class ToolOutcome:
    """What one call produced: text for the model, images for the card."""

    text: str
    is_error: bool = False
    images: tuple[ToolImage, ...] = ()
    truncated: bool = False


def cap_text(text: str, limit: int = RESULT_TEXT_LIMIT) -> tuple[str, bool]:
    if len(text) <= limit:
        return text, False
    return text[:limit], True


@dataclass(frozen=True, slots=True)
class ToolInfo:
    """What a stored ``tool`` message records besides its text (JSON column)."""

    server: str
    tool: str
    arguments: str
    is_error: bool = False
    truncated: bool = False
    #: Paths of local image files, relative to the data folder.
    images: tuple[str, ...] = ()

    def to_json(self) -> str:
        return json.dumps(
            {
                "server": self.server,
                "tool": self.tool,
                "arguments": self.arguments,
                "is_error": self.is_error,
                "truncated": self.truncated,
                "images": list(self.images),
            },
            ensure_ascii=False,
        )

    @staticmethod
    def from_json(text: str | None) -> ToolInfo | None:
        if not text:
            return None
        try:
            raw = json.loads(text)
        except ValueError:
            return None
        return ToolInfo.from_dict(raw)

    @staticmethod
    def from_dict(raw: object) -> ToolInfo | None:
        """From stored or imported JSON; anything malformed is no info, never an error."""
        if not isinstance(raw, dict):
            return None
        return ToolInfo(
            server=str(raw.get("server", "")),
            tool=str(raw.get("tool", "")),
            arguments=str(raw.get("arguments", "")),
            is_error=bool(raw.get("is_error", False)),
            truncated=bool(raw.get("truncated", False)),
            images=tuple(str(p) for p in raw.get("images", []) if isinstance(p, str)),
        )


@dataclass(frozen=True, slots=True)
class Grant:
    """ "Always allow": a tool allowed in one chat or everywhere (``conversation_id`` None)."""

    server: str
    tool: str
    fingerprint: str
    conversation_id: str | None = None

    def covers(self, spec: ToolSpec, conversation_id: str) -> bool:
        return (
            self.server == spec.server
            and self.tool == spec.name
            and self.fingerprint == spec.fingerprint()
            and self.conversation_id in (None, conversation_id)
        )


class ToolError(ChatError):
    """A tool could not run: the sentence says which server or command, and why.

    It ends one call, never the conversation: the loop sends the sentence back
    to the model as the tool's (error) result and shows it on the card.
    """

    default_message = "The tool could not run."


@dataclass(frozen=True, slots=True)
class LaunchSpec:
    """A server with its secrets filled in: what the client really starts or connects to."""

    name: str
    command: str = ""
    args: tuple[str, ...] = ()
    env: Mapping[str, str] = field(default_factory=dict)
    url: str = ""
    headers: Mapping[str, str] = field(default_factory=dict)
