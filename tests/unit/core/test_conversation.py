from __future__ import annotations

from desktop_app.core.conversation import (
    UNTITLED,
    clean_model_title,
    request_messages,
    title_from_text,
)
from desktop_app.core.models import FinishReason, Message, MessageStatus, Role


def _msg(role: Role, text: str, status: MessageStatus = MessageStatus.COMPLETE) -> Message:
    return Message(id=text, conversation_id="c", role=role, content=text, status=status)


def test_request_messages_puts_system_prompt_first_and_skips_failed_replies() -> None:
    path = [
        _msg(Role.USER, "hi"),
        _msg(Role.ASSISTANT, "boom", MessageStatus.ERROR),
        _msg(Role.USER, "again"),
        _msg(Role.ASSISTANT, "partial", MessageStatus.CANCELLED),
        _msg(Role.USER, "more"),
    ]
    out = request_messages(path, "Be kind.")
    assert [(m.role, m.content) for m in out] == [
        (Role.SYSTEM, "Be kind."),
        (Role.USER, "hi"),
        (Role.USER, "again"),
        (Role.ASSISTANT, "partial"),
        (Role.USER, "more"),
    ]


def test_blank_system_prompt_is_not_sent() -> None:
    assert request_messages([_msg(Role.USER, "x")], "   ")[0].role is Role.USER


def test_title_from_first_line_cut_at_a_word() -> None:
    text = "# How do I *reverse* a list in Python without copying it twice or more?\nbody"
    title = title_from_text(text, limit=40)
    assert title.startswith("How do I reverse a list")
    assert title.endswith("…") and len(title) <= 41


def test_title_keeps_the_brackets_and_underscores_the_user_typed() -> None:
    assert title_from_text("what does a[i] mean in snake_case code") == (
        "what does a[i] mean in snake_case code"
    )
    assert title_from_text("hello [md]") == "hello [md]"
    assert title_from_text("> - **Fix** the `parse_args` [docs](https://x.org/a)") == (
        "Fix the parse_args docs"
    )
    assert title_from_text("1. compute 2*3*4") == "compute 2*3*4"


def test_title_for_unspaced_script_is_cut_hard() -> None:
    title = title_from_text("请" * 100, limit=10)
    assert title == "请" * 10 + "…"


def test_empty_text_gives_untitled() -> None:
    assert title_from_text("  \n ") == UNTITLED


def test_model_title_is_tidied() -> None:
    assert clean_model_title('"Title: Reversing lists."\n') == "Reversing lists"


def test_finish_reason_parse_tolerates_provider_values() -> None:
    assert FinishReason.parse(None) is None
    assert FinishReason.parse("length") is FinishReason.LENGTH
    assert FinishReason.parse("max_tokens") is FinishReason.LENGTH
    assert FinishReason.parse("eos") is FinishReason.STOP
    assert FinishReason.parse("weird") is FinishReason.OTHER


def test_an_unanswered_tool_call_is_left_out_so_the_next_request_stays_valid() -> None:
    """OpenAI answers 400 to an assistant tool_calls message with no tool replies."""
    from desktop_app.core.models import FinishReason, ToolCall

    call = ToolCall("call_1", "get_weather", '{"city": "Oslo"}')
    path = [
        Message("u1", "c", Role.USER, "Weather in Oslo?"),
        Message(
            "a1",
            "c",
            Role.ASSISTANT,
            "",
            "u1",
            finish_reason=FinishReason.TOOL_CALLS,
            tool_calls=(call,),
        ),
        Message("u2", "c", Role.USER, "Never mind, tell a joke", "a1"),
    ]
    sent = request_messages(path)
    assert [m.role for m in sent] == [Role.USER, Role.USER]
    assert all(not m.tool_calls for m in sent)
    with_text = [
        path[0],
        Message("a2", "c", Role.ASSISTANT, "Let me check.", "u1", tool_calls=(call,)),
        path[2],
    ]
    assert [(m.role, m.content, m.tool_calls) for m in request_messages(with_text)][1] == (
        Role.ASSISTANT,
        "Let me check.",
        (),
    )


def test_an_answered_tool_call_is_sent_with_its_tool_reply() -> None:
    from desktop_app.core.models import ToolCall

    call = ToolCall("call_1", "get_weather", "{}")
    path = [
        Message("u1", "c", Role.USER, "Weather?"),
        Message("a1", "c", Role.ASSISTANT, "", "u1", tool_calls=(call,)),
        Message("t1", "c", Role.TOOL, "12 °C", "a1"),
        Message("t2", "c", Role.TOOL, "stray", "t1"),  # no call left to answer
    ]
    sent = request_messages(path)
    assert [m.role for m in sent] == [Role.USER, Role.ASSISTANT, Role.TOOL]
    assert sent[1].tool_calls == (call,) and sent[2].tool_call_id == "call_1"
