"""Attachments stored once by SHA-256, read back with their messages, freed with the last one."""

from __future__ import annotations

from dataclasses import replace

from desktop_app.core.attachments import Attachment, file_attachment, image_attachment
from desktop_app.core.models import Message, Role, new_id
from desktop_app.store.conversations import SqliteConversationStore
from tests.unit.store.conftest import make_conversation

PIXELS = b"\x89PNG" + bytes(range(256)) * 400  # ~100 KB


def _with(
    store: SqliteConversationStore, conversation_id: str, *attachments: Attachment
) -> Message:
    message = Message(new_id(), conversation_id, Role.USER, "see", attachments=attachments)
    store.add_message(message)
    return message


def _image(name: str = "shot.png") -> Attachment:
    return image_attachment(PIXELS, name, "image/png", 20, 10, len(PIXELS))


def test_the_same_image_in_two_chats_is_stored_once(store: SqliteConversationStore) -> None:
    a, b = make_conversation(store), make_conversation(store)
    first = _with(store, a.id, _image("one.png"))
    _with(store, b.id, _image("two.png"))
    assert store.blob_stats() == (1, len(PIXELS))
    (back,) = store.branch_path(first.id)[0].attachments
    assert back.name == "one.png" and back.data is None  # metadata only; bytes by hash
    assert store.attachment_bytes(back.sha256) == PIXELS


def test_attachments_keep_their_order_on_every_read(store: SqliteConversationStore) -> None:
    chat = make_conversation(store)
    log = file_attachment("boom", "app.log", "text/plain", 4, truncated=False)
    message = _with(store, chat.id, _image(), log)
    names = ["shot.png", "app.log"]
    assert [a.name for a in (store.get_message(message.id) or message).attachments] == names
    assert [a.name for a in store.current_branch_tail(chat.id).messages[0].attachments] == names
    assert [a.name for a in store.conversation_messages(chat.id)[0].attachments] == names
    assert [a.name for a in store.siblings(message.id)[0].attachments] == names


def test_deleting_the_last_message_that_uses_a_blob_frees_its_bytes(
    store: SqliteConversationStore,
) -> None:
    chat = make_conversation(store)
    one, two = _with(store, chat.id, _image()), _with(store, chat.id, _image())
    store.delete_message(one.id)
    assert store.blob_stats() == (1, len(PIXELS))  # still used by the other message
    store.delete_message(two.id)
    assert store.blob_stats() == (0, 0)


def test_emptying_trash_frees_the_bytes_but_keeps_those_still_used(
    store: SqliteConversationStore,
) -> None:
    doomed, kept = make_conversation(store), make_conversation(store)
    _with(store, doomed.id, _image())
    other = image_attachment(b"other", "o.png", "image/png", 1, 1, 5)
    _with(store, doomed.id, other)
    _with(store, kept.id, other)
    store.set_draft_attachments(doomed.id, [_image()])
    store.trash([doomed.id])
    assert store.empty_trash() == 1
    assert store.blob_stats() == (1, 5)
    assert store.attachment_bytes(other.sha256) == b"other"


def test_draft_attachments_round_trip_and_free_what_is_removed(
    store: SqliteConversationStore,
) -> None:
    image, log = _image(), file_attachment("x", "a.log", "text/plain", 1, truncated=False)
    store.set_draft_attachments("", [image, log])
    assert [a.name for a in store.get_draft_attachments("")] == ["shot.png", "a.log"]
    kept = store.get_draft_attachments("")[1]  # read back: no bytes in hand
    store.set_draft_attachments("", [kept])
    assert [a.name for a in store.get_draft_attachments("")] == ["a.log"]
    assert store.attachment_bytes(kept.sha256) == b"x"  # not freed by its own rewrite
    assert store.attachment_bytes(image.sha256) is None  # the removed image is
    store.set_draft_attachments("", [])
    assert store.blob_stats() == (0, 0)


def test_sending_a_draft_attachment_keeps_its_bytes(store: SqliteConversationStore) -> None:
    chat = make_conversation(store)
    store.set_draft_attachments(chat.id, [_image()])
    from_draft = store.get_draft_attachments(chat.id)
    _with(store, chat.id, *from_draft)
    store.set_draft_attachments(chat.id, [])
    assert store.blob_stats() == (1, len(PIXELS))


def test_a_stored_attachment_holds_no_folder(store: SqliteConversationStore) -> None:
    chat = make_conversation(store)
    leaked = replace(_image(), name="/home/ana/private/x.png")
    _with(store, chat.id, image_attachment(PIXELS, leaked.name, "image/png", 1, 1, 1))
    rows = store._db.conn.execute("SELECT meta FROM message_attachments").fetchall()
    assert "private" not in rows[0][0] and '"x.png"' in rows[0][0]


def test_an_image_preview_is_stored_and_freed_with_its_bytes(
    store: SqliteConversationStore,
) -> None:
    chat = make_conversation(store)
    image = image_attachment(PIXELS, "p.png", "image/png", 20, 10, 1, thumbnail=b"tiny")
    message = _with(store, chat.id, image)
    assert store.attachment_thumbnail(image.sha256) == b"tiny"
    store.delete_message(message.id)
    assert store.attachment_thumbnail(image.sha256) is None
