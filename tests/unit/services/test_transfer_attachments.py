"""Attachments survive export → import, and imports cannot plant paths or forge hashes."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest

from desktop_app.core.attachments import file_attachment, image_attachment
from desktop_app.core.models import Conversation, Message, Role
from desktop_app.services import transfer
from desktop_app.store.conversations import SqliteConversationStore, open_database

PIXELS = b"\x89PNG-not-really-" * 10


def _open(path: Path) -> SqliteConversationStore:
    return open_database(path)[0]


def _exported(tmp_path: Path) -> dict[str, object]:
    store = _open(tmp_path / "src.sqlite3")
    try:
        store.save_conversation(Conversation(id="c1", title="with files"))
        image = image_attachment(PIXELS, "shot.png", "image/png", 30, 20, 999)
        log = file_attachment("boom", "app.log", "text/plain", 4000, truncated=True)
        store.add_message(Message("u1", "c1", Role.USER, "see", attachments=(image, log)))
        return json.loads(json.dumps(transfer.export_json(store, ["c1"])))
    finally:
        store.close()


def test_export_carries_the_bytes_and_import_round_trips_them(tmp_path: Path) -> None:
    exported = _exported(tmp_path)
    (entry, _log) = exported["conversations"][0]["messages"][0]["attachments"]  # type: ignore[index]
    assert entry["name"] == "shot.png" and base64.b64decode(entry["data_base64"]) == PIXELS

    target = _open(tmp_path / "dst.sqlite3")
    try:
        assert transfer.import_data(target, exported) == transfer.ImportResult(1, 0)
        (message,) = target.conversation_messages("c1")
        image, log = message.attachments
        assert (image.name, image.width, image.height, image.original_size) == (
            "shot.png", 30, 20, 999,
        )  # fmt: skip
        assert target.attachment_bytes(image.sha256) == PIXELS
        assert log.truncated and target.attachment_bytes(log.sha256) == b"boom"
    finally:
        target.close()


def test_an_import_cannot_plant_a_folder_or_forge_a_hash(tmp_path: Path) -> None:
    exported = _exported(tmp_path)
    entry = exported["conversations"][0]["messages"][0]["attachments"][0]  # type: ignore[index]
    entry["name"] = "../../home/ana/.ssh/id_rsa"
    entry["sha256"] = "0" * 64
    target = _open(tmp_path / "dst.sqlite3")
    try:
        transfer.import_data(target, exported)
        image = target.conversation_messages("c1")[0].attachments[0]
        assert image.name == "id_rsa" and image.sha256 != "0" * 64
        assert target.attachment_bytes(image.sha256) == PIXELS
    finally:
        target.close()


def test_bad_base64_refuses_the_file_whole(tmp_path: Path) -> None:
    exported = _exported(tmp_path)
    entry = exported["conversations"][0]["messages"][0]["attachments"][0]  # type: ignore[index]
    entry["data_base64"] = "!!not base64!!"
    target = _open(tmp_path / "dst.sqlite3")
    try:
        with pytest.raises(ValueError, match="not valid base64"):
            transfer.import_data(target, exported)
        assert target.get_conversation("c1") is None
    finally:
        target.close()


def test_chatgpt_images_become_named_placeholders(tmp_path: Path) -> None:
    image_part = {
        "content_type": "image_asset_pointer",
        "asset_pointer": "file-service://file-Ab12Cd",
        "width": 1024,
        "height": 768,
    }
    raw = [
        {
            "title": "Photo",
            "conversation_id": "g1",
            "create_time": 1.0,
            "current_node": "n1",
            "mapping": {
                "n1": {
                    "parent": None,
                    "children": [],
                    "message": {
                        "author": {"role": "user"},
                        "content": {"content_type": "multimodal_text", "parts": [image_part, "hi"]},
                        "create_time": 2.0,
                    },
                }
            },
        }
    ]
    store = _open(tmp_path / "h.sqlite3")
    try:
        transfer.import_data(store, raw)
        message = store.get_message("n1")
        assert message is not None
        assert message.content == (
            "[image file-Ab12Cd, 1024×768: not included in conversations.json]\nhi"
        )
    finally:
        store.close()


def test_markdown_names_the_attachments(tmp_path: Path) -> None:
    store = _open(tmp_path / "h.sqlite3")
    try:
        store.save_conversation(Conversation(id="c1", title="t"))
        image = image_attachment(PIXELS, "shot.png", "image/png", 30, 20, 999)
        store.add_message(Message("u1", "c1", Role.USER, "see", attachments=(image,)))
        store.set_current_leaf("c1", "u1")
        assert "_Attached image: shot.png (30×20)_" in transfer.export_markdown(store, "c1")
    finally:
        store.close()
