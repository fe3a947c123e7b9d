"""What the fake server says: directives parsed from a message, reply texts, chunks.

Directives are bracketed words in the LAST user message (so a GUI test can
trigger them by typing); they are removed from the echoed text:

``[slow:MS]`` delay between tokens · ``[long:N]`` N tokens · ``[length]`` ·
``[filter]`` · ``[tool]`` · ``[function]`` · ``[401]`` ``[403]`` ``[404]`` ·
``[400ctx]`` · ``[429]`` · ``[429once]`` · ``[quota]`` · ``[500html]``
``[502html]`` · ``[stream-error]`` · ``[malformed]`` · ``[nodone]`` · ``[drop]``
· ``[hang]`` · ``[rich]`` · ``[images]`` · ``[json]`` · ``[md]`` · ``[math]`` · ``[hostile]`` ·
``[no-stream-options]`` (400 when ``stream_options`` is sent) ·
``[no-max-tokens]`` (400 when ``max_tokens`` is sent) ·
``[think:FORMAT]`` thinks first (see tests/fakeserver/thinking.py).
``[call:NAME]`` (a call of an offered tool, then its result: tests/fakeserver/mcp_calls.py).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from tests.fakeserver.math_reply import MATH_STYLE

CONTINUE_PROMPT = "Continue exactly where you left off, without repeating anything."

_DIRECTIVE = re.compile(
    r"\[(slow|long):(\d+)\]|\[(length|filter|tool|function|401|403|404|400ctx|429once|429|quota"
    r"|500html|502html|stream-error|malformed|nodone|drop|hang|rich|images|json"
    r"|no-stream-options|no-max-tokens|redirect|bigheaders|done-only|md|400image|math|hostile)\]"
    r"|\[think:(reasoning_content|reasoning|details|tags|notag)\]"
)

LENGTH_FIRST = "This answer is deliberately cut short by the token limit, and it stops right"
LENGTH_REST = " here, where the continuation picks up and finishes the sentence."

RICH = """# Release notes

## What changed

Some **bold**, some *italic*, and `inline code`.

1. First item
   - nested bullet
     - deeper still
2. Second item

| Feature | Status |
| ------- | ------ |
| Tables  | yes    |
| Math    | $E=mc^2$ |

```python
def greet(name: str) -> str:
    return f"Hello, {name}!"
```

```js
const add = (a, b) => a + b;
console.log(add(2, 3));
```

> A blockquote, with a [link](https://example.com).

Done.
"""

TOOL_CALLS = [
    ("call_weather_1", "get_weather", '{"city": "Paris", "unit": "celsius"}'),
    ("call_time_2", "get_time", '{"timezone": "Europe/Paris"}'),
]


@dataclass
class Script:
    """The parsed directives of one request."""

    text: str
    raw_key: str = ""  # the last user message as typed, for "[429once]" bookkeeping
    flags: set[str] = field(default_factory=set)
    slow_ms: int = 0
    long_n: int = 0
    think: str = ""  # "[think:FORMAT]": the wire format of the thinking

    def has(self, name: str) -> bool:
        return name in self.flags


#: "[md]": how models really write: a list right after a line of text,
#: nested lists, code inside a list, a table with alignment, math.
MODEL_STYLE = """Here are the steps:
1. Boil the water
2. Warm the pot
   - rinse it with hot water
   - then empty it
3. Steep for 3 minutes:
   ```python
   steep(minutes=3)
   ```

**Note:**
- black tea: 95 °C
- green tea: 80 °C

| Tea | Minutes | Price |
|:----|:-------:|------:|
| `Assam` | 4 | $5 |
| Sencha | 2 | $10 |

The energy is \\(E = mc^2\\), and in display form:

$$\\int_0^1 x^2\\,dx = \\tfrac{1}{3}$$
"""


#: "[hostile]": issue 11 item 8's render blow-ups in one reply, each its own
#: block between ordinary text (8 KB of "[", 32 KB of "~~a ", 256 KB of
#: "**a*", 2 KB of "- "), to walk the window's render budget on Xvfb.
HOSTILE_REPLY = (
    "Before the storm, **bold** text.\n\n"
    + "[" * 8192
    + "\n\nBetween one.\n\n"
    + "~~a " * 8192
    + "\n\nBetween two.\n\n"
    + "**a*" * 64000
    + "\n\nBetween three.\n\n"
    + "- " * 1000
    + "x\n\nAfter it all, *still formatted*."
)


def message_text(message: dict[str, Any]) -> str:
    content = message.get("content")
    if isinstance(content, str):
        return content
    if isinstance(content, list):  # content parts
        return " ".join(str(part.get("text", "")) for part in content if isinstance(part, dict))
    return ""


def parse_script(body: dict[str, Any]) -> Script:
    messages = [m for m in body.get("messages") or [] if isinstance(m, dict)]
    users = [m for m in messages if m.get("role") == "user"]
    raw = message_text(users[-1]) if users else ""
    script = Script(text=" ".join(_DIRECTIVE.sub(" ", raw).split()), raw_key=raw)
    for match in _DIRECTIVE.finditer(raw):
        if match.group(1) == "slow":
            script.slow_ms = int(match.group(2))
        elif match.group(1) == "long":
            script.long_n = int(match.group(2))
        elif match.group(4):
            script.think = match.group(4)
        else:
            script.flags.add(match.group(3))
    if (messages and messages[-1].get("role") == "assistant") or raw.strip() == CONTINUE_PROMPT:
        script.flags.add("continue")
    return script


def reply_text(script: Script, port: int) -> str:
    """The whole assistant text for a script (before it is cut into tokens)."""
    if script.has("continue"):
        return LENGTH_REST
    if script.has("length"):
        return LENGTH_FIRST
    if script.long_n:
        words = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta"]
        return " ".join(words[i % len(words)] for i in range(script.long_n)) + "."
    if script.has("rich"):
        return RICH
    if script.has("md"):
        return MODEL_STYLE
    if script.has("math"):
        return MATH_STYLE
    if script.has("hostile"):
        return HOSTILE_REPLY
    if script.has("json"):
        return json.dumps({"answer": 42, "echo": script.text, "ok": True})
    if script.has("images"):
        base = f"http://127.0.0.1:{port}/img"
        return (
            f"Here is an image: ![cat]({base}/x.png)\n\n"
            f'Raw HTML: <img src="{base}/raw.png"> <script>alert("xss")</script>'
            "<style>body { display: none }</style>\n\n"
            "[js link](javascript:alert(1)) [file link](file:///etc/passwd) "
            "[data link](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==) "
            "[safe link](https://example.com)"
        )
    return (
        f"Hello! You said: **{script.text or '(nothing)'}**.\n\n"
        "Here is a short list:\n\n- one item\n- another item\n\n"
        "Is there anything else I can help you with today?"
    )


def tokens(text: str) -> list[str]:
    """Cut text the way a model streams it: a word and its trailing space."""
    return re.findall(r"\S+\s*|\s+", text)


def finish_reason(script: Script) -> str:
    if script.has("length"):
        return "length"
    if script.has("filter"):
        return "content_filter"
    if script.has("tool"):
        return "tool_calls"
    if script.has("function"):
        return "function_call"
    return "stop"


def usage(body: dict[str, Any], completion_tokens: int) -> dict[str, int]:
    prompt = sum(
        len(message_text(m).split()) for m in body.get("messages") or [] if isinstance(m, dict)
    )
    return {
        "prompt_tokens": prompt,
        "completion_tokens": completion_tokens,
        "total_tokens": prompt + completion_tokens,
    }


def tool_deltas(script: Script) -> list[dict[str, Any]]:
    """Streamed fragments of the tool calls (or the legacy function_call)."""
    deltas: list[dict[str, Any]] = []
    if script.has("function"):
        _, name, args = TOOL_CALLS[0]
        deltas.append({"function_call": {"name": name, "arguments": ""}})
        for i in range(0, len(args), 7):
            deltas.append({"function_call": {"arguments": args[i : i + 7]}})
        return deltas
    return call_deltas(TOOL_CALLS)


def call_deltas(calls: list[tuple[str, str, str]], step: int = 5) -> list[dict[str, Any]]:
    """Streamed fragments of ``(id, name, arguments)`` calls, ``step`` characters at a time."""
    deltas: list[dict[str, Any]] = []
    for index, (call_id, name, args) in enumerate(calls):
        deltas.append(
            {
                "tool_calls": [
                    {
                        "index": index,
                        "id": call_id,
                        "type": "function",
                        "function": {"name": name, "arguments": ""},
                    }
                ]
            }
        )
        for i in range(0, len(args), step):
            deltas.append(
                {"tool_calls": [{"index": index, "function": {"arguments": args[i : i + step]}}]}
            )
    return deltas


def whole_message(script: Script, text: str) -> dict[str, Any]:
    """The ``message`` of a non-streamed reply."""
    if script.has("function"):
        _, name, args = TOOL_CALLS[0]
        return {
            "role": "assistant",
            "content": None,
            "function_call": {"name": name, "arguments": args},
        }
    if script.has("tool"):
        return {
            "role": "assistant",
            "content": None,
            "tool_calls": [
                {"id": cid, "type": "function", "function": {"name": name, "arguments": args}}
                for cid, name, args in TOOL_CALLS
            ],
        }
    return {"role": "assistant", "content": text}


ERRORS: dict[str, tuple[int, dict[str, Any]]] = {
    "403": (
        403,
        {
            "message": "You are not allowed to sample from this model",
            "type": "invalid_request_error",
            "code": "permission_denied",
        },
    ),
    "404": (
        404,
        {
            "message": "The model does not exist or you do not have access to it.",
            "type": "invalid_request_error",
            "code": "model_not_found",
        },
    ),
    "400image": (  # llama.cpp started without --mmproj, sent an image_url part
        400,
        {
            "message": "image input is not supported - hint: if this is unexpected, "
            "you may need to provide the mmproj",
            "type": "invalid_request_error",
        },
    ),
    "400ctx": (
        400,
        {
            "message": "This model's maximum context length is 8192 tokens. However, your "
            "messages resulted in 9120 tokens. Please reduce the length of the messages.",
            "type": "invalid_request_error",
            "code": "context_length_exceeded",
        },
    ),
    "429": (
        429,
        {
            "message": "Rate limit reached for requests. Please try again in 1s.",
            "type": "requests",
            "code": "rate_limit_exceeded",
        },
    ),
    "quota": (
        429,
        {
            "message": "You exceeded your current quota, please check your plan and billing.",
            "type": "insufficient_quota",
            "code": "insufficient_quota",
        },
    ),
}


def html_page(status: int, phrase: str) -> bytes:
    return (
        f"<!DOCTYPE html><html><head><title>{status} {phrase}</title></head>"
        f"<body><center><h1>{status} {phrase}</h1></center><hr><center>nginx</center>"
        "</body></html>"
    ).encode()
