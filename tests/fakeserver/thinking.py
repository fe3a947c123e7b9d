"""``[think:FORMAT]``: the fake server thinks before it answers, in one wire format.

FORMAT is how real servers send thinking: ``reasoning_content`` (DeepSeek,
llama.cpp), ``reasoning`` (Ollama ``/v1``, vLLM), ``details`` (OpenRouter's
``reasoning_details``), ``tags`` (``<think>…</think>`` in content, the tags
split across chunks) or ``notag`` (thinking, then a bare ``</think>``, as a
chat template that opens the tag in the prompt makes). With ``[length]`` the
limit runs out while it is still thinking: no answer at all.
"""

from __future__ import annotations

import re
from typing import Any

FORMATS = ("reasoning_content", "reasoning", "details", "tags", "notag")

#: What the model thinks; "Pondering" lets a test find it on screen and in storage.
THOUGHT = "Pondering the question: first **one** step, then *another*, and then the answer."


def _tokens(text: str) -> list[str]:
    return re.findall(r"\S+\s*|\s+", text)


def thinking_deltas(fmt: str) -> list[dict[str, Any]]:
    """The streamed deltas of the thinking, before the answer's content."""
    pieces = _tokens(THOUGHT)
    if fmt == "reasoning_content":
        return [{"reasoning_content": p} for p in pieces]
    if fmt == "reasoning":
        return [{"reasoning": p} for p in pieces]
    if fmt == "details":
        return [
            {"reasoning_details": [{"type": "reasoning.text", "text": p, "index": 0}]}
            for p in pieces
        ]
    if fmt == "tags":
        return [{"content": c} for c in ["<thi", "nk>\n", *pieces, "\n</thi", "nk>\n\n"]]
    if fmt == "notag":
        return [{"content": c} for c in [*pieces, "\n</", "think>\n\n"]]
    return []


def whole_message(fmt: str, text: str) -> dict[str, Any]:
    """A non-streamed ``message`` that thought in ``fmt``."""
    message: dict[str, Any] = {"role": "assistant", "content": text}
    if fmt in ("reasoning_content", "reasoning"):
        message[fmt] = THOUGHT
    elif fmt == "details":
        message["reasoning_details"] = [{"type": "reasoning.text", "text": THOUGHT}]
    elif fmt == "tags":
        message["content"] = f"<think>\n{THOUGHT}\n</think>\n\n{text}"
    elif fmt == "notag":
        message["content"] = f"{THOUGHT}\n</think>\n\n{text}"
    return message
