"""The line under a reply that says honestly how it ended, and what to do.

Built from the stored message only, so a conversation re-opened tomorrow
shows the same warnings as the moment it streamed.
"""

from __future__ import annotations

import html
import json

from PySide6.QtCore import QCoreApplication

from desktop_app.core.models import FinishReason, Message, MessageStatus, Role, ToolCall
from desktop_app.ui.card_actions import CardAction, encode
from desktop_app.ui.error_strings import translate_error


def _tr(text: str) -> str:
    return QCoreApplication.translate("MessageFooter", text)


def _link(action: CardAction, label: str) -> str:
    return f'<a href="action:{encode(action)}">{html.escape(label)}</a>'


def _notice(kind: str, text: str, *links: str) -> str:
    colors = {"warning": "#b26a00", "error": "#c62828", "info": "#1565c0", "quiet": "#888888"}
    tail = " &nbsp;" + " &nbsp;".join(links) if links else ""
    return f'<p style="color:{colors[kind]}">{html.escape(text)}{tail}</p>'


#: One card lays out at most this many calls, each argument at most this long:
#: a reply with 10,000 calls took 5.9 s to build an 800,000-px footer.
MAX_SHOWN_CALLS = 20
MAX_SHOWN_ARGS = 2_000


def _tool_card(calls: tuple[ToolCall, ...]) -> str:
    rows = []
    for call in calls[:MAX_SHOWN_CALLS]:
        try:
            args = json.dumps(json.loads(call.arguments or "{}"), indent=2, ensure_ascii=False)
        except ValueError:
            args = call.arguments
        if len(args) > MAX_SHOWN_ARGS:
            args = args[:MAX_SHOWN_ARGS] + "…"
        rows.append(
            f"<p><b>{html.escape(call.name or '?')}</b></p>"
            f'<pre style="margin:2px 0 6px 12px">{html.escape(args)}</pre>'
        )
    if len(calls) > MAX_SHOWN_CALLS:
        more = _tr("… and %1 more calls.").replace("%1", str(len(calls) - MAX_SHOWN_CALLS))
        rows.append(f"<p>{html.escape(more)}</p>")
    title = _tr("The model asked to call a function:")
    return f'<div><p style="color:#1565c0">{html.escape(title)}</p>{"".join(rows)}</div>'


def usage_text(message: Message) -> str:
    """ "12 → 340 tokens · first token 0.4 s · 52 tok/s", or what is known of it."""
    parts: list[str] = []
    if message.usage is not None:
        parts.append(
            _tr("%1 → %2 tokens")
            .replace("%1", str(message.usage.prompt_tokens))
            .replace("%2", str(message.usage.completion_tokens))
        )
    if message.first_token_ms is not None:
        parts.append(_tr("first token %1 s").replace("%1", f"{message.first_token_ms / 1000:.1f}"))
    if message.usage is not None and message.duration_ms and message.first_token_ms is not None:
        streaming_s = (message.duration_ms - message.first_token_ms) / 1000
        if streaming_s > 0.05 and message.usage.completion_tokens:
            rate = message.usage.completion_tokens / streaming_s
            parts.append(_tr("%1 tok/s").replace("%1", f"{rate:.0f}"))
    return " · ".join(parts)


def footer_html(message: Message) -> str:
    """Rich text for the footer; empty for a plain user message."""
    if message.role is not Role.ASSISTANT:
        return ""
    pieces: list[str] = []
    status = message.status
    reason = message.finish_reason
    if status is MessageStatus.STREAMING:
        return ""
    if status is MessageStatus.CANCELLED:
        pieces.append(
            _notice("quiet", _tr("Stopped."), _link(CardAction.REGENERATE, _tr("Regenerate")))
        )
    elif status is MessageStatus.INTERRUPTED:
        pieces.append(
            _notice(
                "warning",
                _tr("Connection lost — partial reply."),
                _link(CardAction.RETRY, _tr("Retry")),
            )
        )
    elif status is MessageStatus.ERROR:
        text = translate_error(message.error) if message.error else _tr("The reply failed.")
        pieces.append(_notice("error", text, _link(CardAction.RETRY, _tr("Retry"))))
    if message.tool_calls:
        pieces.append(_tool_card(message.tool_calls))
    if reason is FinishReason.LENGTH and message.reasoning and not message.content.strip():
        pieces.append(
            _notice(
                "warning",
                _tr("The max-tokens limit ran out while the model was still thinking."),
                _link(CardAction.RAISE_LIMIT_RETRY, _tr("Raise the limit and retry")),
            )
        )
    elif status is MessageStatus.COMPLETE and reason is FinishReason.LENGTH:
        pieces.append(
            _notice(
                "warning",
                _tr("The reply was cut off at the max-tokens limit."),
                _link(CardAction.CONTINUE, _tr("Continue")),
                _link(CardAction.RAISE_LIMIT, _tr("Raise the limit")),
            )
        )
    elif status is MessageStatus.COMPLETE and reason is FinishReason.CONTENT_FILTER:
        pieces.append(
            _notice("warning", _tr("The provider's content filter withheld part of this reply."))
        )
    usage = usage_text(message)
    if usage:
        pieces.append(f'<p style="color:#888888; font-size:small">{html.escape(usage)}</p>')
    return "".join(pieces)
