"""Export conversations to Markdown or JSON, and import our JSON or a ChatGPT export.

The JSON format (docs/export-format.md) holds every field of every message
of every branch, so export → import reproduces a history exactly. Imports
are idempotent: a conversation whose id is already stored is skipped, so
importing the same file twice never duplicates. Nothing here touches the
keyring: profiles are exported by id only, so an API key cannot leak.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path, PurePath
from typing import Any, Protocol, TextIO

from desktop_app import __version__
from desktop_app.core.codec import FieldError, MissingFieldError, decode, encode
from desktop_app.core.history import ConversationSummary, ImportCounts
from desktop_app.core.models import (
    REASONING_EFFORTS,
    Conversation,
    Message,
    MessageStatus,
    now,
)
from desktop_app.core.tools import ToolInfo
from desktop_app.services import json_stream
from desktop_app.services.attachment_export import (
    BlobReader,
    attachments_from_json,
    attachments_to_json,
)
from desktop_app.services.chatgpt_import import chatgpt_conversation
from desktop_app.services.import_repair import repair

FORMAT_NAME = "afarensis-chat-export"
FORMAT_VERSION = 1
_PAGE = 500


class TransferStore(Protocol):
    """The store calls export and import need."""

    def get_conversation(self, conversation_id: str) -> Conversation | None: ...

    def list_conversations(
        self, offset: int = 0, limit: int = 50, *, trashed: bool = False, folder: str | None = None
    ) -> list[ConversationSummary]: ...

    def conversation_messages(self, conversation_id: str) -> list[Message]: ...

    def branch_path(self, leaf_id: str) -> list[Message]: ...

    def import_conversations(
        self, items: Sequence[tuple[Conversation, Sequence[Message]]]
    ) -> ImportCounts: ...

    def attachment_bytes(self, sha256: str) -> bytes | None: ...


@dataclass(frozen=True, slots=True)
class ImportResult:
    imported: int
    skipped: int  # already present (same id): importing twice does not duplicate
    renamed: int = 0  # messages whose id was taken by another message: given a new id
    reparented: int = 0  # bad parent links cut (cycle, missing or foreign parent)


def all_conversation_ids(store: TransferStore) -> Iterator[str]:
    """Every conversation outside Trash, newest first, a page at a time."""
    offset = 0
    while page := store.list_conversations(offset, _PAGE):
        yield from (s.id for s in page)
        offset += len(page)


# ------------------------------------------------------------------------ JSON


def message_to_dict(m: Message, blobs: BlobReader | None = None) -> dict[str, Any]:
    """A message of the file (core/codec.py), its attachments' bytes inline as base64."""
    data: dict[str, Any] = dict(encode(replace(m, attachments=())))
    data["attachments"] = attachments_to_json(m.attachments, blobs)
    if m.tool_info is not None:
        # File names only: a full path would show the user's folders to whoever gets the file.
        data["tool_info"]["images"] = [PurePath(p).name for p in m.tool_info.images]
    return data


def message_from_dict(d: dict[str, Any]) -> Message:
    """A message of the file; a wrong type is refused with the field's name (core/codec.py).

    Attachments are re-hashed from their bytes and a tool's images dropped
    (attachment_export, ``_imported_tool_info``), never taken as written.
    """
    defaults = {"conversation_id": ""}  # stamped by import_repair
    fixed = {**defaults, **d, "content": d.get("content") or ""}
    fixed.update(attachments=[], tool_info=None)
    message = decode(Message, fixed, required=("created_at",))
    return replace(
        message,
        attachments=attachments_from_json(d.get("attachments")),
        tool_info=_imported_tool_info(d.get("tool_info")),
    )


def _imported_tool_info(raw: object) -> ToolInfo | None:
    """A tool result's record, without its image paths: a file must not point us at local files."""
    info = ToolInfo.from_dict(raw)
    return None if info is None else replace(info, images=())


def conversation_to_dict(
    c: Conversation, messages: Sequence[Message], blobs: BlobReader | None = None
) -> dict[str, Any]:
    data: dict[str, Any] = dict(encode(c))
    # Beside ``params``, not in it: a version-1 reader builds params from every
    # key it finds and would refuse the file, but it ignores unknown keys here.
    data["reasoning_effort"] = data["params"].pop("reasoning_effort")
    data["messages"] = [message_to_dict(m, blobs) for m in messages]
    return data


def conversation_from_dict(d: dict[str, Any]) -> tuple[Conversation, list[Message]]:
    if not isinstance(d, dict):
        raise FieldError("conversations", "a list of objects")
    params = d.get("params")
    if isinstance(params, dict):  # reasoning_effort is kept beside params (see above)
        effort = d.get("reasoning_effort")
        params = {**params, "reasoning_effort": effort if effort in REASONING_EFFORTS else None}
    conversation = decode(
        Conversation,
        {**d, "title": d.get("title") or "", "params": params},
        required=("created_at", "updated_at"),
    )
    return conversation, [message_from_dict(m) for m in d.get("messages") or ()]


def export_json(store: TransferStore, conversation_ids: Sequence[str]) -> dict[str, Any]:
    """The whole export as one JSON-ready dict."""
    conversations = []
    for cid in conversation_ids:
        conversation = store.get_conversation(cid)
        if conversation is None:
            raise KeyError(cid)
        messages = store.conversation_messages(cid)
        conversations.append(conversation_to_dict(conversation, messages, store.attachment_bytes))
    return {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "exported_at": now(),
        "app_version": __version__,
        "conversations": conversations,
    }


# -------------------------------------------------------------------- Markdown


def _when(timestamp: float) -> str:
    """A readable UTC time; an imported timestamp past year 9999, inf or NaN says so."""
    try:
        return datetime.fromtimestamp(timestamp, UTC).strftime("%Y-%m-%d %H:%M UTC")
    except (OverflowError, ValueError, OSError):
        return "unknown time"


_STATUS_NOTES = {
    MessageStatus.CANCELLED: "_(stopped by the user — the reply is partial)_",
    MessageStatus.INTERRUPTED: "_(interrupted — the app closed while this reply was arriving)_",
    MessageStatus.STREAMING: "_(still arriving when exported)_",
    MessageStatus.ERROR: "_(failed)_",
}


def _reasoning_markdown(m: Message, style: str) -> list[str]:
    """The thinking before the answer: a collapsible ``<details>`` or a quoted block."""
    if not m.reasoning or not m.reasoning.strip():
        return []
    seconds = f" for {round(m.reasoning_ms / 1000)} s" if m.reasoning_ms else ""
    text = m.reasoning.strip()
    if style == "quote":
        quoted = "\n".join("> " + line if line else ">" for line in text.splitlines())
        return [f"> **Thought{seconds}:**", ">", quoted, ""]
    # The text is markdown written by a model: a "</details>" in it would end
    # the section early, so that one tag is defused.
    safe = text.replace("</details>", "&lt;/details>")
    return [f"<details><summary>Thought{seconds}</summary>", "", safe, "", "</details>", ""]


def _message_markdown(m: Message, reasoning: str = "details") -> list[str]:
    who = m.role.value.capitalize() + (f" ({m.model})" if m.model else "")
    lines = [f"### {who} · {_when(m.created_at)}", ""]
    lines += _reasoning_markdown(m, reasoning)
    lines += [m.content.rstrip(), ""]
    for a in m.attachments:  # named, not embedded: the JSON export carries the bytes
        size = f"{a.width}×{a.height}" if a.is_image and a.width else f"{a.size:,} bytes"
        lines += [f"_Attached {a.kind.value}: {a.name} ({size})_", ""]
    for call in m.tool_calls:
        lines += [f"Tool call `{call.name}`:", "", "```json", call.arguments, "```", ""]
    if m.tool_info is not None:
        info = m.tool_info
        state = "failed" if info.is_error else "result"
        lines += [f"Tool {state} of `{info.server}` / `{info.tool}`, arguments:", ""]
        lines += ["```json", info.arguments, "```", ""]
    if m.status in _STATUS_NOTES:
        note = _STATUS_NOTES[m.status]
        lines += [note + (f" {m.error}" if m.error else ""), ""]
    return lines


def export_markdown(store: TransferStore, conversation_id: str, reasoning: str = "details") -> str:
    """A person-readable transcript of the branch on screen.

    ``reasoning`` puts each reply's thinking in a collapsible ``details``
    section (the default) or a ``quote``d block above its answer.
    """
    c = store.get_conversation(conversation_id)
    if c is None:
        raise KeyError(conversation_id)
    path = store.branch_path(c.current_leaf_id) if c.current_leaf_id else []
    total = len(store.conversation_messages(conversation_id))
    lines = [f"# {c.title or 'Untitled'}", ""]
    lines.append(f"- Created {_when(c.created_at)}, updated {_when(c.updated_at)}")
    if c.model:
        lines.append(f"- Model: {c.model}")
    lines.append(f"- Conversation id: `{c.id}`")
    if total > len(path):
        lines.append(
            f"- {total - len(path)} message(s) on other branches are not shown; "
            "the JSON export keeps every branch."
        )
    lines.append("")
    if c.system_prompt:
        lines += ["> **System prompt:** " + c.system_prompt.replace("\n", "\n> "), ""]
    for m in path:
        lines += _message_markdown(m, reasoning)
    return "\n".join(lines).rstrip() + "\n"


def markdown_filename(store: TransferStore, conversation_id: str) -> str:
    """``<title-slug>-<id prefix>.md``: readable, and unique within a folder."""
    c = store.get_conversation(conversation_id)
    title = c.title if c is not None else ""
    slug = re.sub(r"[^\w]+", "-", title, flags=re.UNICODE).strip("-").lower()[:60]
    # Ids come from import files too: keep only safe characters, so a "/", ".."
    # or NUL in an id can never name a path outside the export folder.
    prefix = re.sub(r"[^0-9A-Za-z_-]", "_", conversation_id[:8])
    return f"{slug or 'conversation'}-{prefix}.md"


# ---------------------------------------------------------------------- import


Item = tuple[Conversation, list[Message]]


def _store_items(store: TransferStore, items: Sequence[Item]) -> ImportResult:
    fixed = [repair(c, msgs) for c, msgs in items]
    counts = store.import_conversations([(r.conversation, r.messages) for r in fixed])
    return ImportResult(
        counts.imported, counts.skipped, counts.renamed, sum(r.reparented for r in fixed)
    )


def import_data(store: TransferStore, data: Any) -> ImportResult:
    """Import a parsed file: our export (a dict) or ChatGPT's conversations.json (a list)."""
    if isinstance(data, dict) and data.get("format") == FORMAT_NAME:
        if int(data.get("version", 0)) > FORMAT_VERSION:
            raise ValueError("this export was made by a newer version of Afarensis Chat")
        items = [conversation_from_dict(d) for d in data.get("conversations") or ()]
    elif isinstance(data, list):
        items = _chatgpt_items(iter(data))
    else:
        raise ValueError("not an Afarensis Chat export or a ChatGPT conversations.json")
    return _store_items(store, items)


def _chatgpt_items(raws: Iterator[Any]) -> list[Item]:
    """Convert each raw conversation as it comes, so the raw dicts can be freed."""
    return [item for raw in raws if (item := chatgpt_conversation(raw)) is not None]


def _import_stream(store: TransferStore, stream: TextIO) -> ImportResult:
    """A ChatGPT array is read a conversation at a time; our export is one object."""
    head = stream.read(json_stream.CHUNK)
    if head.lstrip()[:1] == "[":
        return _store_items(store, _chatgpt_items(json_stream.iter_array(stream, head)))
    return import_data(store, json.loads(head + stream.read()))


def import_file(store: TransferStore, path: Path) -> ImportResult:
    """Import one file, all of it or nothing (one transaction; see ``store.importing``).

    ``utf-8-sig`` accepts a file saved with a byte-order mark (Windows editors).
    """
    try:
        with path.open(encoding="utf-8-sig") as stream:
            return _import_stream(store, stream)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValueError(f"not a JSON file ({exc})") from exc
    except RecursionError as exc:
        raise ValueError("the file is nested too deeply to be an export") from exc
    except (MissingFieldError, KeyError, TypeError, AttributeError) as exc:
        raise ValueError(f"the file is missing or has a malformed field ({exc})") from exc
