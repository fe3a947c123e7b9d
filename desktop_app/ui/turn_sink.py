"""The sink of one turn: which replies it started, and what came of it.

Each turn gets its own, so a turn's cleanup finishes only the replies it
started (never a newer turn's in the same chat), and knows whether the
server answered or the rows were taken back out (docs/ARCHITECTURE.md §3).
"""

from __future__ import annotations

from typing import Protocol

from desktop_app.core.events import SavingPaused, TurnEvent, TurnFinished
from desktop_app.core.models import Message, MessageStatus
from desktop_app.services.tool_loop import Approval, ApprovalRequest, ConsentRequest, Decision


class TurnListener(Protocol):
    """What the sink forwards to (the chat controller)."""

    def message_added(self, message: Message) -> None: ...

    def message_removed(self, message_id: str) -> None: ...

    def turn_event(
        self, message_id: str, event: TurnEvent, conversation_id: str | None = None
    ) -> None: ...

    def reply_done(self, message_id: str) -> None: ...


class ToolPrompts(Protocol):
    """Who asks the user about tools (``ui.tool_approval.ToolPrompter``)."""

    async def consent_server(self, request: ConsentRequest) -> bool: ...

    async def approve_tool(self, request: ApprovalRequest) -> Approval: ...

    def tool_notice(self, conversation_id: str, text: str) -> None: ...


class TurnSinkOfOne:
    """The sink of one turn: forwards to the controller, remembers its replies.

    Satisfies ``services.chat_service.TurnSink``.
    """

    def __init__(
        self, controller: TurnListener, conversation_id: str, tools: ToolPrompts | None = None
    ) -> None:
        self._controller = controller
        self._tools = tools
        self.conversation_id = conversation_id
        self.replies: list[str] = []
        self.rolled_back = False
        #: The server sent a whole reply (the status line may say "Connected").
        self.answered = False
        #: Replies whose latest text the disk refused: the screen has it, not the store.
        self.unsaved: set[str] = set()

    def message_added(self, message: Message) -> None:
        if message.status is MessageStatus.STREAMING:
            self.replies.append(message.id)
        self._controller.message_added(message)

    def message_removed(self, message_id: str) -> None:
        self.rolled_back = True
        self._controller.message_removed(message_id)

    # Tools (services.tool_loop.ToolSink): without a prompter, nothing runs.

    async def consent_server(self, request: ConsentRequest) -> bool:
        return await self._tools.consent_server(request) if self._tools else False

    async def approve_tool(self, request: ApprovalRequest) -> Approval:
        if self._tools is None:
            return Approval(Decision.DENY)
        self._controller.reply_done(request.reply_id)  # its card stops saying "Thinking…"
        return await self._tools.approve_tool(request)

    def tool_notice(self, conversation_id: str, text: str) -> None:
        if self._tools is not None:
            self._tools.tool_notice(conversation_id, text)

    def turn_event(self, message_id: str, event: TurnEvent) -> None:
        if isinstance(event, TurnFinished):
            self.answered = True
        elif isinstance(event, SavingPaused):
            self.unsaved.add(message_id)
        self._controller.turn_event(message_id, event, self.conversation_id)
