"""Pure rules about conversations: what is sent, and what a chat is called."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence

from desktop_app.core.attachments import (
    ContentPart,
    ImagePart,
    TextPart,
    data_url,
    file_part_text,
    missing_blob_text,
    omitted_image_text,
)
from desktop_app.core.models import ChatMessage, Message, MessageStatus, Role

#: Reads an attachment's stored bytes by SHA-256 (``None`` when gone).
BlobReader = Callable[[str], bytes | None]

TITLE_MAX_CHARS = 60
UNTITLED = "New chat"

CONTINUE_PROMPT = "Continue exactly where you left off, without repeating anything."


def echo_reasoning(model: str | None, path: Sequence[Message], index: int) -> bool:
    """Whether the stored thinking of ``path[index]`` goes back to the server.

    The one place this is decided. By default never: providers reject echoed
    reasoning or bill it as input. The exception is DeepSeek's rule for
    thinking with tools: within one user turn, an assistant message that
    called tools must carry its ``reasoning_content`` back while the tool loop
    runs; once the user asks something new, earlier thinking is dropped.
    """
    message = path[index]
    if not message.reasoning or not message.tool_calls:
        return False
    if model is None or "deepseek" not in model.lower():
        return False
    return not any(later.role is Role.USER for later in path[index + 1 :])


#: "Raise the limit and retry" when a reply ran out while thinking with no limit set.
RAISED_LIMIT_FLOOR = 8192
RAISED_LIMIT_CAP = 262_144


def raised_max_tokens(current: int | None) -> int:
    """The next max-tokens limit after a reply ran out while thinking: double, within bounds."""
    if current is None or current <= 0:
        return RAISED_LIMIT_FLOOR
    return min(max(current * 2, RAISED_LIMIT_FLOOR // 4), RAISED_LIMIT_CAP)


def request_messages(
    path: Sequence[Message],
    system_prompt: str | None = None,
    model: str | None = None,
    *,
    blobs: BlobReader | None = None,
    image_turns: int = 0,
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

    Thinking (``Message.reasoning``) is left out, except where
    :func:`echo_reasoning` says the provider needs it.
    A message with attachments is sent as content parts (see
    :func:`attachment_parts`); ``image_turns`` > 0 sends the images of only
    the last that many user turns, older ones become a sentence naming them.
    """
    out: list[ChatMessage] = []
    user_turns = [i for i, m in enumerate(path) if m.role is Role.USER]
    images_from = user_turns[-image_turns] if 0 < image_turns <= len(user_turns) else 0
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
            thought = message.reasoning if calls and echo_reasoning(model, path, index) else None
            out.append(
                ChatMessage(
                    Role.ASSISTANT,
                    message.content or None,
                    tool_calls=calls,
                    reasoning_content=thought,
                )
            )
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
            parts: tuple[ContentPart, ...] = ()
            if message.attachments:
                parts = attachment_parts(message, blobs, with_images=index >= images_from)
            out.append(ChatMessage(message.role, message.content, parts=parts))
    return tuple(out)


def attachment_parts(
    message: Message, blobs: BlobReader | None, *, with_images: bool = True
) -> tuple[ContentPart, ...]:
    """The OpenAI content parts of a message with attachments.

    The typed text first, then each attachment in the order attached: an
    image as a ``data:`` URL of the stored (re-encoded, metadata-free)
    bytes, a file as a text part with a header naming it. An attachment
    whose bytes are gone is named in words rather than silently dropped.
    """
    parts: list[ContentPart] = [TextPart(message.content)] if message.content else []
    for attachment in message.attachments:
        data = attachment.data
        if data is None and blobs is not None:
            data = blobs(attachment.sha256)
        if attachment.is_image and not with_images:
            parts.append(TextPart(omitted_image_text(attachment)))
        elif data is None:
            parts.append(TextPart(missing_blob_text(attachment)))
        elif attachment.is_image:
            parts.append(ImagePart(data_url(attachment.mime, data)))
        else:
            text = data.decode("utf-8", errors="replace")
            parts.append(TextPart(file_part_text(attachment, text)))
    return tuple(parts)


def _answered(path: Sequence[Message], index: int) -> bool:
    """True if the tool calls of ``path[index]`` are each followed by a tool row."""
    calls = path[index].tool_calls
    following = path[index + 1 : index + 1 + len(calls)]
    return (
        bool(calls) and len(following) == len(calls) and all(m.role is Role.TOOL for m in following)
    )


#: Markup that only shapes a message, removed from the title made of it.
_BLOCK_MARKER = re.compile(r"^\s*(?:#{1,6}\s+|>\s*|[-*+]\s+|\d{1,3}[.)]\s+)+")
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)\s]*\)")
_STRONG = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
_EMPHASIS = re.compile(r"(?<![\w*])\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?![\w*])")


def title_from_text(text: str, limit: int = TITLE_MAX_CHARS) -> str:
    """A readable title from the first user message.

    Takes the first non-empty line, strips markdown markup (a heading, quote
    or list marker at its start, ``**``/``*`` emphasis, backticks, a link's
    target) but not characters the user meant (``a[i]``, ``snake_case``,
    ``[draft]``), collapses spaces, and cuts at a word boundary (or hard
    for scripts without spaces).
    """
    line = next((ln for ln in text.splitlines() if ln.strip()), "")
    line = _BLOCK_MARKER.sub("", line)
    line = _LINK.sub(r"\1", line)
    line = _STRONG.sub(r"\1", line)
    line = _EMPHASIS.sub(r"\1", line)
    line = line.replace("`", "")
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
