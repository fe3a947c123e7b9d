"""The approval card and the tool-result card, as a user meets them."""

from __future__ import annotations

import asyncio
import base64
import html
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel, QToolButton
from pytestqt.qtbot import QtBot

from desktop_app.core.models import Message, MessageStatus, Role
from desktop_app.core.tools import ToolInfo, ToolSpec
from desktop_app.services.tool_loop import ApprovalRequest, Decision
from desktop_app.ui.chat_view import ChatView
from desktop_app.ui.tool_approval import ToolApprovalCard

PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg=="
)


def _request() -> ApprovalRequest:
    spec = ToolSpec("notes", "add", "Add two integers.", {"type": "object"})
    return ApprovalRequest("c", "r", "call_1", spec, '{\n  "a": 2,\n  "b": 3\n}')


def test_the_card_shows_what_would_run_and_answers_by_keyboard(
    qtbot: QtBot, loop: asyncio.AbstractEventLoop
) -> None:
    async def main() -> None:
        view = ChatView()
        qtbot.addWidget(view)
        view.show()
        # Keys go to the window the user is in (an earlier test's window may still be active).
        view.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is view)
        card = ToolApprovalCard(_request())
        view.append_widget(card)
        assert card.arguments.toPlainText() == '{\n  "a": 2,\n  "b": 3\n}'
        card.arguments.setPlainText('{"a": 40, "b": 2}')
        card.run_once.setFocus()
        QTest.keyClick(card.run_once, Qt.Key.Key_Return)
        answer = await card.answer
        assert answer.decision is Decision.RUN_ONCE and answer.arguments == '{"a": 40, "b": 2}'

        denied = ToolApprovalCard(_request())
        view.append_widget(denied)
        QTest.keyClick(denied, Qt.Key.Key_Escape)
        assert (await denied.answer).decision is Decision.DENY

        gone = ToolApprovalCard(_request())
        view.append_widget(gone)
        future = gone.answer
        gone.deleteLater()
        assert (await future).decision is Decision.DENY  # a closed chat denies

    loop.run_until_complete(main())


def test_a_tool_result_card_collapses_shows_a_thumbnail_and_follows_nothing(
    qtbot: QtBot, tmp_path: Path
) -> None:
    picture = tmp_path / "m-0.png"
    picture.write_bytes(PNG)
    info = ToolInfo("notes", "image", "{}", images=(str(picture),), truncated=True)
    message = Message(
        "t",
        "c",
        Role.TOOL,
        '<b>bold</b> <img src="https://x/y.png">',
        status=MessageStatus.COMPLETE,
        tool_call_id="call_1",
        tool_info=info,
    )
    view = ChatView()
    qtbot.addWidget(view)
    view.show()
    card = view.append_message(message, f"<p>{html.escape(message.content)}</p>")
    assert card.header.text() == "Tool “image” from “notes”"
    assert card.body.toPlainText() == '<b>bold</b> <img src="https://x/y.png">'  # shown, not run
    thumbs = card.findChildren(QLabel, "ToolImage")
    assert thumbs and not thumbs[0].pixmap().isNull()
    toggle = card.findChild(QToolButton, "ToolToggle")
    assert toggle is not None and card.body.isVisible()
    toggle.click()
    assert not card.body.isVisible()
    cut = card.findChildren(QLabel, "ToolTruncated")
    assert cut
