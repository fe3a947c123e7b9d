"""The exact request body a turn with attachments puts on the wire (real server, real store)."""

from __future__ import annotations

import asyncio
import base64
from pathlib import Path

import pytest

from desktop_app.api.client import ChatClient, ClientConfig
from desktop_app.core import errors as e
from desktop_app.core.attachments import Attachment, file_attachment, image_attachment
from desktop_app.core.events import TurnEvent, TurnFailed
from desktop_app.core.models import Message
from desktop_app.services.chat_service import ChatService, TurnDefaults
from desktop_app.store.conversations import SqliteConversationStore, open_database
from tests.fakeserver.harness import FakeServer
from tests.integration.conftest import TEST_KEY

pytestmark = pytest.mark.integration

PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)


class Sink:
    def __init__(self) -> None:
        self.events: list[TurnEvent] = []

    def message_added(self, message: Message) -> None:
        pass

    def message_removed(self, message_id: str) -> None:
        pass

    def turn_event(self, message_id: str, event: TurnEvent) -> None:
        self.events.append(event)


def _turns(
    server: FakeServer, tmp_path: Path, *texts_and_attachments: tuple[str, tuple[Attachment, ...]]
) -> tuple[SqliteConversationStore, list[Sink]]:
    store, _ = open_database(tmp_path / "h.sqlite3")
    sinks: list[Sink] = []

    async def go() -> None:
        client = ChatClient(ClientConfig(base_url=server.root_url, api_key=TEST_KEY))
        service = ChatService(store, client, lambda: TurnDefaults(model="fake-model"))
        conversation = service.new_conversation()
        try:
            for text, attachments in texts_and_attachments:
                sinks.append(Sink())
                await service.send(conversation.id, text, sinks[-1], attachments)
        finally:
            await client.aclose()

    asyncio.run(go())
    return store, sinks


def test_an_image_and_a_file_reach_the_server_as_content_parts(
    fake_server: FakeServer, tmp_path: Path
) -> None:
    image = image_attachment(PNG, "/home/ana/shot.png", "image/png", 1, 1, len(PNG))
    log = file_attachment("ERROR disk full\n", "app.log", "text/plain", 16, truncated=False)
    store, _ = _turns(fake_server, tmp_path, ("what's wrong?", (image, log)), ("and now?", ()))
    store.close()

    first, second = fake_server.requests()
    url = "data:image/png;base64," + base64.b64encode(PNG).decode()
    user_parts = [
        {"type": "text", "text": "what's wrong?"},
        {"type": "image_url", "image_url": {"url": url}},
        {"type": "text", "text": '[Attached file "app.log" (text/plain)]\nERROR disk full\n'},
    ]
    assert first["body"]["messages"] == [{"role": "user", "content": user_parts}]
    # The next turn sends the earlier image again, from the stored bytes.
    assert second["body"]["messages"][0] == {"role": "user", "content": user_parts}
    assert second["body"]["messages"][2] == {"role": "user", "content": "and now?"}
    assert "/home/ana" not in fake_server.log_path.read_text()


def test_a_server_refusing_images_is_explained_and_the_images_wait_in_the_draft(
    fake_server: FakeServer, tmp_path: Path
) -> None:
    image = image_attachment(PNG, "shot.png", "image/png", 1, 1, len(PNG))
    store, (sink,) = _turns(fake_server, tmp_path, ("look [400image]", (image,)))
    try:
        (failed,) = [ev for ev in sink.events if isinstance(ev, TurnFailed)]
        assert isinstance(failed.error, e.ImageInputError)
        assert failed.restored_text == "look [400image]"
        (conversation,) = store.list_conversations()
        assert [a.name for a in store.get_draft_attachments(conversation.id)] == ["shot.png"]
        assert store.attachment_bytes(image.sha256) == PNG
    finally:
        store.close()
