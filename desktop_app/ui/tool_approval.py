"""Asking the user, inline in the conversation, before any tool runs.

Two questions, each awaited by the tool loop (``services.tool_loop``):

- **consent** to a server's first (or changed) start: a dialog with the
  exact command line and the names of the environment variables;
- **approval** of each call: a card at the end of the conversation with the
  tool, its server and the exact arguments (pretty JSON, editable), and Run
  once · Always allow in this chat · Always allow everywhere · Deny.

Keyboard: the card takes focus with Run once as its default button;
Ctrl+Enter runs, Escape denies, Tab walks the arguments and the buttons.
A card that goes away unanswered (the chat was closed) denies.
"""

from __future__ import annotations

import asyncio
import contextlib

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.notices import Notice
from desktop_app.services.tool_loop import Approval, ApprovalRequest, ConsentRequest, Decision
from desktop_app.ui.chat_view import ChatView
from desktop_app.ui.notices import NoticeBar


def _tr(text: str) -> str:
    return QCoreApplication.translate("ToolConsent", text)


class ToolApprovalCard(QFrame):
    """One pending call: what would run, and the four answers."""

    def __init__(self, request: ApprovalRequest, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ToolApprovalCard")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.request = request
        self.answer: asyncio.Future[Approval] = asyncio.get_running_loop().create_future()
        spec = request.tool
        title = QLabel(
            self.tr("Run the tool “%1” from “%2”?")
            .replace("%1", spec.name)
            .replace("%2", spec.server),
            self,
        )
        title.setObjectName("ToolApprovalTitle")
        title.setTextFormat(Qt.TextFormat.PlainText)  # tool and server names are untrusted
        description = QLabel(spec.description, self)
        description.setTextFormat(Qt.TextFormat.PlainText)
        description.setWordWrap(True)
        description.setObjectName("ToolApprovalDescription")
        hint = QLabel(self.tr("Arguments (you can edit them before running):"), self)
        self.arguments = QPlainTextEdit(self)
        self.arguments.setObjectName("ToolArguments")
        self.arguments.setPlainText(request.arguments)
        self.arguments.setTabChangesFocus(True)
        self.arguments.setAccessibleName(self.tr("Tool arguments"))
        lines = max(3, min(12, request.arguments.count("\n") + 2))
        self.arguments.setFixedHeight(self.arguments.fontMetrics().lineSpacing() * lines + 12)
        self.run_once = QPushButton(self.tr("Run once"), self)
        self.allow_chat = QPushButton(self.tr("Always allow in this chat"), self)
        self.allow_always = QPushButton(self.tr("Always allow everywhere"), self)
        self.deny = QPushButton(self.tr("Deny"), self)
        self.run_once.setDefault(True)
        buttons = QHBoxLayout()
        for button, decision in (
            (self.run_once, Decision.RUN_ONCE),
            (self.allow_chat, Decision.ALLOW_CHAT),
            (self.allow_always, Decision.ALLOW_ALWAYS),
            (self.deny, Decision.DENY),
        ):
            button.setAutoDefault(True)
            button.clicked.connect(lambda _=False, d=decision: self.decide(d))
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.addWidget(title)
        if spec.description:
            layout.addWidget(description)
        else:
            description.hide()
        layout.addWidget(hint)
        layout.addWidget(self.arguments)
        layout.addLayout(buttons)
        QShortcut(QKeySequence("Ctrl+Return"), self, lambda: self.decide(Decision.RUN_ONCE))
        self.setAccessibleName(self.title_text(spec.name, spec.server))
        answer = self.answer
        self.destroyed.connect(lambda: _settle(answer, Approval(Decision.DENY)))

    def title_text(self, tool: str, server: str) -> str:
        return self.tr("Tool approval: %1 from %2").replace("%1", tool).replace("%2", server)

    def decide(self, decision: Decision) -> None:
        if self.answer.done():
            return
        _settle(self.answer, Approval(decision, self.arguments.toPlainText()))
        self.setEnabled(False)
        self.hide()
        self.deleteLater()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.decide(Decision.DENY)
            return
        super().keyPressEvent(event)


def _settle(answer: asyncio.Future[Approval], approval: Approval) -> None:
    """The first answer wins; a closed loop (quit) is no error."""
    with contextlib.suppress(asyncio.InvalidStateError, RuntimeError):
        if not answer.done():
            answer.set_result(approval)


class ToolPrompter:
    """The UI side of ``services.tool_loop.ToolSink`` (the turn sink forwards to it)."""

    def __init__(self, view: ChatView, notices: NoticeBar, window: QWidget) -> None:
        self._view = view
        self._notices = notices
        self._window = window

    async def approve_tool(self, request: ApprovalRequest) -> Approval:
        card = ToolApprovalCard(request)
        self._view.append_widget(card)
        card.run_once.setFocus()
        # Again once the current events are done: opening a new chat focuses the composer.
        QTimer.singleShot(0, card.run_once, card.run_once.setFocus)
        return await card.answer

    async def consent_server(self, request: ConsentRequest) -> bool:
        box = QMessageBox(self._window)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(_tr("Start a tool server?"))
        box.setTextFormat(Qt.TextFormat.PlainText)
        if request.is_http:
            text = _tr("Connect to the tool server “%1” at:").replace("%1", request.server)
        else:
            text = _tr("Start the tool server “%1”? It runs this command:").replace(
                "%1", request.server
            )
        names = ", ".join((*request.env_names, *request.header_names)) or _tr("none")
        box.setText(
            f"{text}\n\n{request.command_line}\n\n"
            + _tr("Environment variables and headers it gets: %1").replace("%1", names)
            + "\n\n"
            + _tr("Only allow programs you trust: it runs with your permissions.")
        )
        start = box.addButton(_tr("&Start it"), QMessageBox.ButtonRole.AcceptRole)
        refuse = box.addButton(_tr("Don't start"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(refuse)
        box.setEscapeButton(refuse)
        done: asyncio.Future[bool] = asyncio.get_running_loop().create_future()

        def finished(_result: int) -> None:
            if not done.done():
                done.set_result(box.clickedButton() is start)
            box.deleteLater()

        box.finished.connect(finished)
        box.open()
        return await done

    def tool_notice(self, conversation_id: str, text: str) -> None:
        del conversation_id
        self._notices.report(Notice.warning(text))
