"""Server- and import-controlled text is drawn literally, never as Qt rich text.

A server (or an imported file) chooses the model name, error messages and
titles; as rich text it could draw a fake "paste your API key" banner in our
window or load a local picture with ``<img src=…>``.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from desktop_app.core.models import Message, Role
from desktop_app.core.notices import Notice
from desktop_app.ui.conversations_model import ConversationsModel
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.message_view import MessageCard
from desktop_app.ui.notices import NoticeBar

PAYLOAD = '<b>Session expired</b>: paste your key <img src="/etc/hosts"> here'


def _shows_literally(label: QLabel) -> None:
    label.setText(label.text())  # unchanged: we test what the code set
    assert label.textFormat() == Qt.TextFormat.PlainText
    assert label.text().count("<b>") == 1
    # Drawn as text, the tags take room; as rich text they would vanish.
    literal = label.fontMetrics().horizontalAdvance(PAYLOAD)
    label.setWordWrap(False)  # measure on one line
    assert label.sizeHint().width() >= literal


def test_model_name_in_message_header_is_plain(qtbot: QtBot) -> None:
    card = MessageCard(
        Message(id="m", conversation_id="c", role=Role.ASSISTANT, content="x", model=PAYLOAD)
    )
    qtbot.addWidget(card)
    assert card.header.text() == PAYLOAD
    _shows_literally(card.header)


def test_server_error_in_notice_bar_is_plain(qtbot: QtBot) -> None:
    bar = NoticeBar()
    qtbot.addWidget(bar)
    bar.report(Notice.error(PAYLOAD))
    assert PAYLOAD in bar.label.text()
    _shows_literally(bar.label)


def test_title_and_status_line_are_plain(qtbot: QtBot) -> None:
    model = ConversationsModel(lambda _o, _l: [], lambda: 0, lambda _i, _t: None)
    window = MainWindow(model)
    qtbot.addWidget(window)
    window.header.title.setText(PAYLOAD)
    _shows_literally(window.header.title)
    window.status.setText(PAYLOAD)
    _shows_literally(window.status)


def test_status_tooltip_escapes_a_server_error(qtbot: QtBot) -> None:
    """Tooltips guess rich text from a ``<``: the presenter escapes what it puts there."""
    from types import SimpleNamespace

    from desktop_app.ui.main_presenter import MainPresenter

    model = ConversationsModel(lambda _o, _l: [], lambda: 0, lambda _i, _t: None)
    window = MainWindow(model)
    qtbot.addWidget(window)
    fake = SimpleNamespace(
        _connection="", controller=SimpleNamespace(conversation_id=None), window=window
    )
    MainPresenter.update_status(fake, f"Offline: {PAYLOAD}")  # type: ignore[arg-type]
    tip = window.status.toolTip()
    assert "<b>Session" not in tip and "&lt;b&gt;Session" in tip
    assert '<img src="/etc/hosts">' not in tip
