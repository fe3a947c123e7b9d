"""The tool loop of one turn: offer tools, ask before each call, run it, store the result.

The chat service asks :meth:`ToolLoop.offer` before each request and hands
every finished reply to :meth:`ToolLoop.answer`. A reply with tool calls
gets one ``tool`` row per call, in order, each with its ``tool_call_id``:
the history stays valid for every later request whatever happens (a denied
call, bad JSON from the model, a crash, Stop). Nothing runs without the
user: a server's first start waits for consent, and every call waits for an
approval unless the user granted that exact tool (same description and
schema) in this chat or everywhere.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol, runtime_checkable

from desktop_app.core.errors import ChatError
from desktop_app.core.events import TurnFinished
from desktop_app.core.models import FinishReason, Message, MessageStatus, Role, ToolCall, new_id
from desktop_app.core.ports import ConversationStore
from desktop_app.core.tool_sentences import (
    BAD_JSON,
    NOT_STARTED,
    REMOVED,
    ROUND_LIMIT,
    TOO_MANY,
    say,
)
from desktop_app.core.tools import (
    MAX_OFFERED_TOOLS,
    Offer,
    OfferedTool,
    ToolInfo,
    ToolOutcome,
    ToolSpec,
    build_offer,
)
from desktop_app.services.tool_service import ToolService

log = logging.getLogger(__name__)

DENIED_TEXT = "The user denied this tool call. Do not call it again unless the user asks."
STOPPED_TEXT = "The user stopped this tool call before it finished."


class Decision(StrEnum):
    RUN_ONCE = "run_once"
    ALLOW_CHAT = "allow_chat"
    ALLOW_ALWAYS = "allow_always"
    DENY = "deny"


@dataclass(frozen=True, slots=True)
class ApprovalRequest:
    """What the approval card shows: the tool, its server and the exact arguments."""

    conversation_id: str
    reply_id: str
    call_id: str
    tool: ToolSpec
    arguments: str  # pretty JSON


@dataclass(frozen=True, slots=True)
class Approval:
    decision: Decision
    #: The arguments as the user left them (editable before running).
    arguments: str = ""


@dataclass(frozen=True, slots=True)
class ConsentRequest:
    """A server's first (or changed) start: the exact command line and env names."""

    server: str
    command_line: str
    env_names: tuple[str, ...]
    header_names: tuple[str, ...]
    is_http: bool


@runtime_checkable
class ToolSink(Protocol):
    """What a turn's sink adds to take part in tools (``ui/turn_sink.py``).

    A sink without it gets no tools offered: nothing can be approved there.
    """

    async def consent_server(self, request: ConsentRequest) -> bool: ...

    async def approve_tool(self, request: ApprovalRequest) -> Approval: ...

    def tool_notice(self, conversation_id: str, text: str) -> None: ...

    def message_added(self, message: Message) -> None: ...


class ToolLoop:
    """Offers, approvals, calls and ``tool`` rows; the chat service drives it."""

    def __init__(
        self,
        tools: ToolService,
        store: ConversationStore,
        *,
        round_limit: Callable[[], int],
        timeout: Callable[[], float],
        save_image: Callable[[str, int, str, bytes], str],
        max_offered: int = MAX_OFFERED_TOOLS,
    ) -> None:
        self._tools = tools
        self._store = store
        self._round_limit = round_limit
        self._timeout = timeout
        self._save_image = save_image
        self._max_offered = max_offered

    async def offer(self, conversation_id: str, sink: object) -> Offer | None:
        """The tools of the enabled servers, starting each only after consent."""
        if not isinstance(sink, ToolSink):
            return None
        servers = self._tools.enabled_servers(conversation_id)
        if not servers:
            return None
        specs: list[ToolSpec] = []
        for server in servers:
            if self._tools.needs_consent(server):
                request = ConsentRequest(
                    server.name,
                    server.command_line(),
                    server.env_names(),
                    tuple(n for n, _ in server.headers),
                    not server.is_stdio,
                )
                if not await sink.consent_server(request):
                    sink.tool_notice(conversation_id, say(NOT_STARTED, server.name))
                    continue
                self._tools.consent(server)
            try:
                specs.extend(await self._tools.list_tools(server))
            except ChatError as error:
                sink.tool_notice(conversation_id, error.message)
        offer = build_offer(specs, self._max_offered)
        if offer.left_out:
            sink.tool_notice(
                conversation_id,
                say(TOO_MANY, len(specs), self._max_offered, offer.left_out),
            )
        return offer if offer.tools else None

    async def answer(
        self, reply: Message, finished: TurnFinished | None, offer: Offer, sink: object, rounds: int
    ) -> Message | None:
        """Answer the reply's tool calls; the last ``tool`` row, or None when the loop ends."""
        if finished is None or not finished.tool_calls or not isinstance(sink, ToolSink):
            return None
        if finished.finish_reason is FinishReason.FUNCTION_CALL:
            return None  # the legacy form: shown, never run (and never sent back)
        if rounds >= self._round_limit():
            sink.tool_notice(
                reply.conversation_id,
                say(ROUND_LIMIT, self._round_limit()),
            )
            return None
        parent = reply
        for call in finished.tool_calls:
            parent = await self._answer_one(reply, parent, call, offer, sink)
        return parent

    async def _answer_one(
        self, reply: Message, parent: Message, call: ToolCall, offer: Offer, sink: ToolSink
    ) -> Message:
        tool = offer.find(call.name)
        if tool is None:
            outcome = ToolOutcome(f'There is no tool named "{call.name}".', is_error=True)
            return self._store_result(parent, call, None, call.arguments, outcome, sink)
        arguments = _parse_arguments(call.arguments)
        if isinstance(arguments, str):
            outcome = ToolOutcome(arguments, is_error=True)
            return self._store_result(parent, call, tool, call.arguments, outcome, sink)
        text = json.dumps(arguments, indent=2, ensure_ascii=False)
        try:
            text, approved = await self._approved(reply, call, tool, text, arguments, sink)
            if approved is None:
                outcome = ToolOutcome(DENIED_TEXT, is_error=True)
            else:
                outcome = await self._run(tool, approved)
        except asyncio.CancelledError:
            self._store_result(parent, call, tool, text, ToolOutcome(STOPPED_TEXT, True), sink)
            raise
        return self._store_result(parent, call, tool, text, outcome, sink)

    async def _approved(
        self,
        reply: Message,
        call: ToolCall,
        tool: OfferedTool,
        text: str,
        arguments: dict[str, object],
        sink: ToolSink,
    ) -> tuple[str, dict[str, object] | None]:
        conversation_id = reply.conversation_id
        if self._tools.is_granted(tool.spec, conversation_id):
            return text, arguments
        while True:
            approval = await sink.approve_tool(
                ApprovalRequest(conversation_id, reply.id, call.id, tool.spec, text)
            )
            if approval.decision is Decision.DENY:
                return text, None
            edited = _parse_arguments(approval.arguments or text)
            if isinstance(edited, str):
                sink.tool_notice(conversation_id, edited)
                text = approval.arguments
                continue  # ask again with the user's text kept
            if approval.decision is Decision.ALLOW_CHAT:
                self._tools.grant(tool.spec, conversation_id)
            elif approval.decision is Decision.ALLOW_ALWAYS:
                self._tools.grant(tool.spec, None)
            return json.dumps(edited, indent=2, ensure_ascii=False), edited

    async def _run(self, tool: OfferedTool, arguments: dict[str, object]) -> ToolOutcome:
        server = self._tools.server(tool.spec.server)
        if server is None:
            return ToolOutcome(say(REMOVED, tool.spec.server), True)
        try:
            return await self._tools.call(server, tool.spec.name, dict(arguments), self._timeout())
        except ChatError as error:
            return ToolOutcome(error.message, is_error=True)

    def _store_result(
        self,
        parent: Message,
        call: ToolCall,
        tool: OfferedTool | None,
        arguments: str,
        outcome: ToolOutcome,
        sink: ToolSink,
    ) -> Message:
        message_id = new_id()
        images = tuple(
            self._save_image(message_id, index, image.mime_type, image.data)
            for index, image in enumerate(outcome.images)
        )
        text = outcome.text if outcome.text or not outcome.is_error else "The tool failed."
        if outcome.truncated:
            text += "\n\n[The result was cut here: it was too long.]"
        message = Message(
            id=message_id,
            conversation_id=parent.conversation_id,
            role=Role.TOOL,
            content=text,
            parent_id=parent.id,
            status=MessageStatus.ERROR if outcome.is_error else MessageStatus.COMPLETE,
            tool_call_id=call.id,
            tool_info=ToolInfo(
                server=tool.spec.server if tool else "",
                tool=tool.spec.name if tool else call.name,
                arguments=arguments,
                is_error=outcome.is_error,
                truncated=outcome.truncated,
                images=images,
            ),
        )
        self._store.add_message(message)
        sink.message_added(message)
        return message


def _parse_arguments(text: str) -> dict[str, object] | str:
    """The model's arguments as an object, or the sentence sent back so it can retry."""
    try:
        value = json.loads(text or "{}")
    except json.JSONDecodeError as exc:
        return say(BAD_JSON, exc.msg, exc.pos)
    if not isinstance(value, dict):
        return "Error: the arguments must be a JSON object. Call the tool again with one."
    return value
