"""``[call:NAME]``: the fake model calls an offered tool, then answers with its result.

``[call:add]`` in the last user message makes the reply a ``tool_calls``
for the offered tool whose name is ``add`` or ends in ``__add`` (the app
namespaces names per server), with canned arguments. ``[call:add+read_note]``
asks for both in one reply (parallel calls). Once the request ends with the
``tool`` results, the reply is the final text: "The tool said: …". With
``[badargs]`` the first call's arguments are broken JSON; after the app sends
that error back, the call is made again with valid arguments.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from tests.fakeserver.replies import call_deltas

_CALL = re.compile(r"\[call:([a-z_+]+)\]")
ARGS = {
    "add": '{"a": 2, "b": 3}',
    "read_note": '{"name": "groceries"}',
    "slow": '{"seconds": 30}',
    "fail": "{}",
    "crash": "{}",
    "image": "{}",
}
BAD_ARGS = '{"a": 2, "b": '
FINAL_PREFIX = "The tool said: "


@dataclass(frozen=True)
class Plan:
    calls: list[tuple[str, str, str]]  # (id, name, arguments)
    text: str


def plan(body: dict[str, Any]) -> Plan | None:
    """What to answer for a ``[call:…]`` conversation, or None when there is none."""
    messages = [m for m in body.get("messages") or [] if isinstance(m, dict)]
    users = [m for m in messages if m.get("role") == "user"]
    raw = str(users[-1].get("content") or "") if users else ""
    match = _CALL.search(raw)
    if match is None:
        return None
    results = _trailing_tool_results(messages)
    wanted = match.group(1).split("+")
    if results:
        retry = "[badargs]" in raw and len(_all_tool_results(messages)) == 1
        if retry and results[0].startswith("Error: the arguments were not valid JSON"):
            return Plan(_calls(body, wanted, bad=False, round_no=2), "")
        return Plan([], FINAL_PREFIX + " | ".join(results))
    return Plan(_calls(body, wanted, bad="[badargs]" in raw, round_no=1), "")


def deltas(calls: list[tuple[str, str, str]]) -> list[dict[str, Any]]:
    return call_deltas(calls, step=6)


def _calls(
    body: dict[str, Any], wanted: list[str], *, bad: bool, round_no: int
) -> list[tuple[str, str, str]]:
    offered = [
        str(t.get("function", {}).get("name", ""))
        for t in body.get("tools") or []
        if isinstance(t, dict)
    ]
    calls = []
    for index, short in enumerate(wanted):
        name = next((n for n in offered if n == short or n.endswith(f"__{short}")), short)
        args = BAD_ARGS if bad and index == 0 else ARGS.get(short, "{}")
        calls.append((f"call_{short}_{round_no}_{index}", name, args))
    return calls


def _trailing_tool_results(messages: list[dict[str, Any]]) -> list[str]:
    results: list[str] = []
    for message in reversed(messages):
        if message.get("role") != "tool":
            break
        results.insert(0, str(message.get("content") or ""))
    return results


def _all_tool_results(messages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [m for m in messages if m.get("role") == "tool"]
