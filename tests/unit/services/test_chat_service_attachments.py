"""Attachments stay with their turn: edit-and-resend, regenerate and later turns."""

from __future__ import annotations

import asyncio

from desktop_app.core.attachments import ImagePart, TextPart, image_attachment
from desktop_app.services.chat_service import ChatService, TurnDefaults
from desktop_app.store.conversations import SqliteConversationStore
from tests.unit.services.scripted_backend import ScriptedBackend, reply
from tests.unit.services.test_chat_service import Sink, _branch

IMAGE = image_attachment(b"pixels", "shot.png", "image/png", 4, 3, 6)
URL = "data:image/png;base64,cGl4ZWxz"


def _service(
    store: SqliteConversationStore, backend: ScriptedBackend, turns: int = 0
) -> ChatService:
    return ChatService(store, backend, lambda: TurnDefaults(model="m", image_turns=turns))


def test_edit_and_resend_and_regenerate_keep_the_turns_image(
    store: SqliteConversationStore,
) -> None:
    backend = ScriptedBackend(reply("a"), reply("b"), reply("c"))
    service = _service(store, backend)
    conversation = service.new_conversation()
    asyncio.run(service.send(conversation.id, "what is this?", Sink(), [IMAGE]))
    user, answer = _branch(store, conversation.id)

    asyncio.run(service.regenerate(answer.id, Sink()))
    asyncio.run(service.edit_and_resend(user.id, "what is this, really?", Sink()))

    edited = _branch(store, conversation.id)[0]
    assert edited.id != user.id and [a.name for a in edited.attachments] == ["shot.png"]
    for request in backend.requests:
        assert ImagePart(URL) in request.messages[-1].parts
    assert backend.requests[2].messages[-1].parts[0] == TextPart("what is this, really?")


def test_edit_can_replace_the_attachments(store: SqliteConversationStore) -> None:
    backend = ScriptedBackend(reply("a"), reply("b"))
    service = _service(store, backend)
    conversation = service.new_conversation()
    asyncio.run(service.send(conversation.id, "q", Sink(), [IMAGE]))
    user = _branch(store, conversation.id)[0]
    asyncio.run(service.edit_and_resend(user.id, "q2", Sink(), attachments=[]))
    assert _branch(store, conversation.id)[0].attachments == ()
    assert backend.requests[1].messages[-1].parts == ()


def test_the_setting_drops_images_older_than_n_turns(store: SqliteConversationStore) -> None:
    backend = ScriptedBackend(reply("a"), reply("b"))
    service = _service(store, backend, turns=1)
    conversation = service.new_conversation()
    asyncio.run(service.send(conversation.id, "look", Sink(), [IMAGE]))
    asyncio.run(service.send(conversation.id, "and?", Sink()))
    first_turn = backend.requests[1].messages[0]
    assert first_turn.parts[1] == TextPart(
        '[Image "shot.png" from an earlier turn, not sent again to save tokens]'
    )
