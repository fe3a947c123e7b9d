"""How a reply ended is always said on the reply itself."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from desktop_app.core.models import FinishReason, Message, MessageStatus, Role, ToolCall, Usage
from desktop_app.ui.message_footer import footer_html


def _reply(**changes: object) -> Message:
    base = {"id": "m", "conversation_id": "c", "role": Role.ASSISTANT, "content": "text"}
    return Message(**{**base, **changes})  # type: ignore[arg-type]


def test_length_warns_and_offers_continue(qtbot: QtBot) -> None:
    html = footer_html(_reply(finish_reason=FinishReason.LENGTH))
    assert "cut off at the max-tokens limit" in html
    assert 'href="action:continue"' in html and 'href="action:raise-limit"' in html


def test_content_filter_says_the_provider_withheld_text(qtbot: QtBot) -> None:
    assert "content filter" in footer_html(_reply(finish_reason=FinishReason.CONTENT_FILTER))


def test_tool_calls_show_each_name_and_pretty_arguments(qtbot: QtBot) -> None:
    calls = (ToolCall("1", "get_weather", '{"city":"Paris","days":2}'),)
    html = footer_html(_reply(tool_calls=calls, finish_reason=FinishReason.TOOL_CALLS))
    assert "get_weather" in html and "&quot;city&quot;: &quot;Paris&quot;" in html


def test_cancelled_interrupted_and_error_each_say_so(qtbot: QtBot) -> None:
    assert "Stopped." in footer_html(_reply(status=MessageStatus.CANCELLED))
    interrupted = footer_html(_reply(status=MessageStatus.INTERRUPTED))
    assert "Connection lost" in interrupted and "action:retry" in interrupted
    failed = footer_html(_reply(status=MessageStatus.ERROR, error="The key <b>x</b> is wrong."))
    assert "The key &lt;b&gt;x&lt;/b&gt; is wrong." in failed and "action:retry" in failed


def test_usage_and_speed_are_shown(qtbot: QtBot) -> None:
    html = footer_html(_reply(usage=Usage(12, 100, 112), first_token_ms=500.0, duration_ms=2500.0))
    assert "12 → 100 tokens" in html and "first token 0.5 s" in html and "50 tok/s" in html


def test_user_messages_have_no_footer(qtbot: QtBot) -> None:
    assert footer_html(_reply(role=Role.USER)) == ""


def test_a_reply_with_ten_thousand_tool_calls_builds_a_bounded_card(qtbot: QtBot) -> None:
    from desktop_app.ui.message_view import MessageCard

    calls = tuple(
        ToolCall(f"c{i}", f"tool_{i}", '{"x": "' + "y" * 5000 + '"}') for i in range(10_000)
    )
    message = _reply(finish_reason=FinishReason.TOOL_CALLS, tool_calls=calls)
    html = footer_html(message)
    assert "tool_0" in html and "tool_19" in html and "tool_20" not in html
    assert "and 9980 more calls" in html
    assert len(html) < 100_000
    card = MessageCard(message)
    qtbot.addWidget(card)
    card.resize(800, 400)
    assert card.footer.sizeHint().height() < 10_000
