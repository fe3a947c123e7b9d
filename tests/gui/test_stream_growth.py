"""A streaming reply's card grows a few lines at a time, and never hides its text.

While a reply streams, :class:`MessageCard` reserves room in steps of
``STREAM_GROWTH_LINES`` lines so the chat is not resized (and repainted from
the top of the window) on every new line. What a user must still see: every
line of the reply, and a card that fits its text exactly once it is done.
"""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from desktop_app.core.models import Message, MessageStatus, Role
from desktop_app.ui.message_view import STREAM_GROWTH_LINES, MessageCard


def _card(qtbot: QtBot) -> MessageCard:
    card = MessageCard(
        Message(
            id="a",
            conversation_id="c",
            role=Role.ASSISTANT,
            content="",
            status=MessageStatus.STREAMING,
        )
    )
    qtbot.addWidget(card)
    card.resize(600, 200)
    card.show()
    qtbot.waitExposed(card)
    return card


def _text_height(card: MessageCard) -> int:
    return int(card.body.document().size().height()) + 4


def test_a_streaming_body_grows_in_steps_and_never_clips_its_text(qtbot: QtBot) -> None:
    card = _card(qtbot)
    card.body.begin_stream()
    card.set_streaming(True)
    heights = []
    for n in range(1, 13):
        pending = "<p>" + "<br>".join(f"line {i}" for i in range(n)) + "</p>"
        card.body.apply_stream("", pending)
        assert card.body.height() >= _text_height(card)  # the newest line is visible
        heights.append(card.body.height())
    # Twelve lines, but the body was resized only about every few lines.
    assert len(set(heights)) <= 12 // STREAM_GROWTH_LINES + 1
    assert heights == sorted(heights)


def test_a_finished_reply_fits_its_text_exactly(qtbot: QtBot) -> None:
    card = _card(qtbot)
    card.body.begin_stream()
    card.set_streaming(True)
    card.body.apply_stream("<p>one</p>", "<p>two</p>")
    card.set_streaming(False)
    assert card.body.height() == _text_height(card)
    # A card that was never streaming fits line by line, as before.
    card.body.set_html("".join(f"<p>line {i}</p>" for i in range(5)))
    assert card.body.height() == _text_height(card)
