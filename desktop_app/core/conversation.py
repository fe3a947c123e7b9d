"""Pure rules about conversations: what is sent, and what a chat is called."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from desktop_app.core.models import ChatMessage, Message, MessageStatus, Role

TITLE_MAX_CHARS = 60
UNTITLED = "New chat"

CONTINUE_PROMPT = "Continue exactly where you left off, without repeating anything."


def request_messages(
    path: Sequence[Message], system_prompt: str | None = None
) -> tuple[ChatMessage, ...]:
    """Turn a stored branch into the messages sent to the API.

    Failed assistant rows carry no model text worth sending and are skipped;
    an empty assistant row (e.g. one still streaming) is skipped too. A
    partial reply (cancelled or interrupted) *is* sent: the user saw it, and
    dropping it would make the model contradict what is on screen.

    Tool calls are sent only when answered: an assistant message with
    ``tool_calls`` must be followed by one ``tool`` message per call, or
    OpenAI rejects every later request (HTTP 400). Unanswered calls stay in
    storage but are left out of the request, and so is a ``tool`` row with no
    call to answer.
    """
    out: list[ChatMessage] = []
    if system_prompt and system_prompt.strip():
        out.append(ChatMessage(Role.SYSTEM, system_prompt))
    open_calls: list[str] = []  # ids of sent calls still waiting for their tool row
    for index, message in enumerate(path):
        if message.role is Role.ASSISTANT:
            open_calls = []
            if message.status is MessageStatus.ERROR:
                continue
            calls = message.tool_calls if _answered(path, index) else ()
            if not message.content and not calls:
                continue
            out.append(ChatMessage(Role.ASSISTANT, message.content or None, tool_calls=calls))
            open_calls = [call.id for call in calls]
        elif message.role is Role.TOOL:
            if open_calls:
                answered = message.tool_call_id
                call_id = answered if answered in open_calls else open_calls[0]
                open_calls.remove(call_id)
                out.append(ChatMessage(Role.TOOL, message.content, tool_call_id=call_id))
        elif message.role is Role.SYSTEM and out and out[0].role is Role.SYSTEM:
            continue  # the conversation's own system prompt wins
        else:
            open_calls = []
            out.append(ChatMessage(message.role, message.content))
    return tuple(out)


def _answered(path: Sequence[Message], index: int) -> bool:
    """True if the tool calls of ``path[index]`` are each followed by a tool row."""
    calls = path[index].tool_calls
    following = path[index + 1 : index + 1 + len(calls)]
    return (
        bool(calls) and len(following) == len(calls) and all(m.role is Role.TOOL for m in following)
    )


def title_from_text(text: str, limit: int = TITLE_MAX_CHARS) -> str:
    """A readable title from the first user message.

    Takes the first non-empty line, strips markdown noise, collapses spaces,
    and cuts at a word boundary (or hard for scripts without spaces).
    """
    line = next((ln for ln in text.splitlines() if ln.strip()), "")
    line = re.sub(r"[`*_#>\[\]]+", "", line)
    line = re.sub(r"\s+", " ", line).strip()
    if not line:
        return UNTITLED
    if len(line) <= limit:
        return line
    cut = line[:limit]
    space = cut.rfind(" ")
    if space >= limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,.;:") + "…"


def clean_model_title(raw: str) -> str:
    """Tidy a title the model wrote: one line, no quotes or trailing period."""
    line = next((ln for ln in raw.splitlines() if ln.strip()), "")
    line = line.strip().strip("\"'“”‘’「」").removeprefix("Title:").strip()
    line = line.rstrip(".。")
    return title_from_text(line) if line else UNTITLED


def title_prompt(first_user_text: str) -> tuple[ChatMessage, ...]:
    """The request used to ask the model for a short title."""
    return (
        ChatMessage(
            Role.SYSTEM,
            "Write a short title (at most 6 words) for a chat that starts with the "
            "user's message below. Reply with the title only, in the message's language.",
        ),
        ChatMessage(Role.USER, first_user_text[:2000]),
    )


def total_usage_tokens(messages: Iterable[Message]) -> tuple[int, int]:
    """(prompt, completion) tokens summed over the replies that reported usage."""
    prompt = completion = 0
    for message in messages:
        if message.usage is not None:
            prompt += message.usage.prompt_tokens
            completion += message.usage.completion_tokens
    return prompt, completion
