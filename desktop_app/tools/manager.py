"""One long-lived MCP session per server, on the app's own (qasync) loop.

A server starts on its first use, not at launch, and stops on quit. Each
session is owned by one task that enters the SDK's client context and stays
inside it until asked to stop: anyio's cancel scopes must be entered and
left by the same task, so calls come from other tasks and only wait on it.
The SDK is imported here, on the first start (never at import of this
module); ``tools`` is the only package allowed to import it (import-linter).

Satisfies ``core.ports.ToolHost``. The caller (``services.tool_service``) has
already had the user's consent for the exact launch it passes in.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import contextlib
import json
import logging
import os
import sys
from collections.abc import Callable, Mapping
from typing import IO, TYPE_CHECKING, Any, TextIO, cast

from desktop_app.core.tool_sentences import (
    CALL_FAILED,
    CALL_TIMEOUT,
    CRASHED,
    DIED_AT_START,
    NO_LIST,
    NOT_EXECUTABLE,
    NOT_FOUND,
    NOT_READY,
    STOPPED,
    say,
)
from desktop_app.core.tools import (
    LaunchSpec,
    ToolError,
    ToolImage,
    ToolOutcome,
    ToolSpec,
    cap_text,
)
from desktop_app.tools import launch

if TYPE_CHECKING:
    from mcp import Client

log = logging.getLogger(__name__)
server_log = logging.getLogger("desktop_app.tools.server")

START_TIMEOUT_S = 30.0


class _StderrToLog(asyncio.Protocol):
    """A server's stderr, line by line, into the app log (never the UI)."""

    def __init__(self, name: str) -> None:
        self._name = name
        self._buffer = b""

    def data_received(self, data: bytes) -> None:
        self._buffer += data
        *lines, self._buffer = self._buffer.split(b"\n")
        for line in lines:
            server_log.info("[%s] %s", self._name, line.decode(errors="replace").rstrip())

    def eof_received(self) -> bool | None:
        if self._buffer:
            server_log.info("[%s] %s", self._name, self._buffer.decode(errors="replace"))
        return None


class _Session:
    """The task that holds one server's client open, and how to reach it."""

    def __init__(self, spec: LaunchSpec) -> None:
        self.spec = spec
        self.ready: asyncio.Future[Client] = asyncio.get_running_loop().create_future()
        self.stop = asyncio.Event()
        self.task: asyncio.Task[None] | None = None
        self.tools: list[ToolSpec] | None = None


class McpManager:
    """Starts, talks to and stops MCP servers; one session per server name."""

    def __init__(
        self,
        *,
        frozen: Callable[[], bool] = launch.is_frozen,
        environ: Mapping[str, str] | None = None,
    ) -> None:
        self._frozen = frozen
        self._environ = environ
        self._sessions: dict[str, _Session] = {}

    def running(self) -> list[str]:
        """Names of the servers with a live session."""
        return [name for name, s in self._sessions.items() if s.task and not s.task.done()]

    async def list_tools(self, spec: LaunchSpec) -> list[ToolSpec]:
        session = await self._ensure(spec)
        if session.tools is None:
            client = await session.ready
            try:
                result = await client.list_tools()
            except Exception as exc:
                await self._drop(spec.name)
                raise ToolError(say(NO_LIST, spec.name)) from exc
            session.tools = [
                ToolSpec(
                    server=spec.name,
                    name=tool.name,
                    description=tool.description or "",
                    input_schema=dict(tool.input_schema or {}),
                )
                for tool in result.tools
            ]
        return list(session.tools)

    async def call(
        self, spec: LaunchSpec, tool: str, arguments: dict[str, Any], timeout_s: float
    ) -> ToolOutcome:
        """Run one tool; cancelling the caller cancels the call (the server is told)."""
        session = await self._ensure(spec)
        client = await session.ready
        try:
            async with asyncio.timeout(timeout_s):
                result = await client.call_tool(tool, arguments)
        except TimeoutError as exc:
            raise ToolError(say(CALL_TIMEOUT, tool, spec.name, f"{timeout_s:g}")) from exc
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            if session.task is None or session.task.done() or _is_closed(exc):
                await self._drop(spec.name)
                raise ToolError(say(CRASHED, spec.name, tool)) from exc
            raise ToolError(say(CALL_FAILED, tool, spec.name, _reason(exc))) from exc
        return _outcome(result)

    async def stop(self, name: str) -> None:
        await self._drop(name)

    async def stop_all(self) -> None:
        """Stop every server at once (quit): each closes stdin, then is killed if it lingers."""
        await asyncio.gather(*(self._drop(name) for name in list(self._sessions)))

    # ------------------------------------------------------------ internals

    async def _ensure(self, spec: LaunchSpec) -> _Session:
        session = self._sessions.get(spec.name)
        if session is not None and session.spec != spec:
            await self._drop(spec.name)  # its command or env changed: a new process
            session = None
        if session is not None and session.task is not None and session.task.done():
            await self._drop(spec.name)  # crashed or ended: start again
            session = None
        if session is None:
            session = _Session(spec)
            self._sessions[spec.name] = session
            session.task = asyncio.get_running_loop().create_task(
                self._hold(session), name=f"mcp:{spec.name}"
            )
        try:
            async with asyncio.timeout(START_TIMEOUT_S):
                await asyncio.shield(session.ready)
        except TimeoutError as exc:
            await self._drop(spec.name)
            raise ToolError(say(NOT_READY, spec.name, f"{START_TIMEOUT_S:g}")) from exc
        except ToolError:
            await self._drop(spec.name)
            raise
        return session

    async def _drop(self, name: str) -> None:
        session = self._sessions.pop(name, None)
        if session is None or session.task is None:
            return
        session.stop.set()
        if not session.ready.done():
            session.task.cancel()
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await session.task

    async def _hold(self, session: _Session) -> None:
        spec = session.spec
        try:
            async with contextlib.AsyncExitStack() as stack:
                transport = await self._transport(spec, stack)
                from mcp import Client

                client = await stack.enter_async_context(Client(transport))
                if not session.ready.done():
                    session.ready.set_result(client)
                await session.stop.wait()
        except BaseException as exc:
            error = _start_error(spec, exc)
            if not session.ready.done():
                session.ready.set_exception(error)
            else:
                log.info("Tool server %r ended: %s", spec.name, error.message)
            if isinstance(exc, asyncio.CancelledError):
                raise

    async def _transport(self, spec: LaunchSpec, stack: contextlib.AsyncExitStack) -> Any:
        if spec.url:
            from mcp.client.streamable_http import streamable_http_client
            from mcp.shared._httpx_utils import create_mcp_http_client

            http = await stack.enter_async_context(
                create_mcp_http_client(headers=dict(spec.headers))
            )
            return streamable_http_client(spec.url, http_client=http)
        from mcp import StdioServerParameters
        from mcp.client.stdio import stdio_client

        environ = dict(os.environ if self._environ is None else self._environ)
        env = launch.child_environment(
            environ, spec.env, frozen=self._frozen(), login_path=await launch.login_shell_path()
        )
        command, args = spec.command, list(spec.args)
        if sys.platform == "win32":
            command, args = launch.windows_command(command, args, env.get("PATH"))
        params = StdioServerParameters(command=command, args=args, env=env)
        errlog = await self._stderr_pipe(spec.name, stack)
        return stdio_client(params, errlog=cast(TextIO, errlog))

    async def _stderr_pipe(self, name: str, stack: contextlib.AsyncExitStack) -> IO[str]:
        if sys.platform == "win32":  # no pipe reader on every Windows loop: a file, logged at stop
            handle = stack.enter_context(_LoggedTempFile(name))
            return handle.file
        read_fd, write_fd = os.pipe()
        reader = os.fdopen(read_fd, "rb", buffering=0)
        writer = os.fdopen(write_fd, "w")
        loop = asyncio.get_running_loop()
        transport, _ = await loop.connect_read_pipe(lambda: _StderrToLog(name), reader)
        stack.callback(transport.close)
        # The child holds its own copy once spawned; ours closes when the session ends.
        stack.callback(writer.close)
        return writer


class _LoggedTempFile:
    def __init__(self, name: str) -> None:
        import tempfile

        self._name = name
        self.file: IO[str] = tempfile.TemporaryFile("w+", encoding="utf-8", errors="replace")  # noqa: SIM115

    def __enter__(self) -> _LoggedTempFile:
        return self

    def __exit__(self, *exc: object) -> None:
        with contextlib.suppress(OSError, ValueError):
            self.file.seek(0)
            for line in self.file.read().splitlines():
                server_log.info("[%s] %s", self._name, line)
        self.file.close()


def _leaves(exc: BaseException) -> list[BaseException]:
    if isinstance(exc, BaseExceptionGroup):
        return [leaf for inner in exc.exceptions for leaf in _leaves(inner)]
    return [exc]


def _is_closed(exc: BaseException) -> bool:
    text = " ".join(str(leaf) for leaf in _leaves(exc)).lower()
    return "closed" in text or "connection" in text


def _reason(exc: BaseException) -> str:
    leaf = _leaves(exc)[0]
    text = str(leaf).strip() or type(leaf).__name__
    return text[:300]


def _start_error(spec: LaunchSpec, exc: BaseException) -> ToolError:
    for leaf in _leaves(exc):
        if isinstance(leaf, FileNotFoundError):
            return ToolError(say(NOT_FOUND, spec.name, spec.command))
        if isinstance(leaf, PermissionError):
            return ToolError(say(NOT_EXECUTABLE, spec.name, spec.command))
        if isinstance(leaf, ToolError):
            return leaf
    if isinstance(exc, asyncio.CancelledError):
        return ToolError(say(STOPPED, spec.name))
    target = spec.url or spec.command
    return ToolError(say(DIED_AT_START, spec.name, target, _reason(exc)))


def _outcome(result: Any) -> ToolOutcome:
    """The SDK's ``CallToolResult`` as our plain value (text joined, images decoded)."""
    texts: list[str] = []
    images: list[ToolImage] = []
    for block in result.content or []:
        kind = getattr(block, "type", "")
        if kind == "text":
            texts.append(str(block.text))
        elif kind == "image":
            try:
                images.append(ToolImage(str(block.mime_type), base64.b64decode(block.data)))
            except (binascii.Error, ValueError):
                texts.append("[an image that could not be decoded]")
            texts.append(f"[image: {block.mime_type}]")
        elif kind == "resource":
            resource = block.resource
            texts.append(str(getattr(resource, "text", "") or f"[resource {resource.uri}]"))
        else:
            texts.append(f"[{kind or 'unknown'} content]")
    structured = getattr(result, "structured_content", None)
    if not texts and structured is not None:
        texts.append(json.dumps(structured, ensure_ascii=False, indent=2))
    text, truncated = cap_text("\n".join(texts))
    return ToolOutcome(
        text=text, is_error=bool(result.is_error), images=tuple(images), truncated=truncated
    )
