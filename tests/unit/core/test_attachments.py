"""What a message with attachments becomes on the wire (issue 15)."""

from __future__ import annotations

from dataclasses import replace

from desktop_app.api.wire import build_chat_body
from desktop_app.core.attachments import (
    Attachment,
    AttachmentKind,
    ImagePart,
    TextPart,
    estimate_tokens,
    file_attachment,
    image_attachment,
    safe_name,
)
from desktop_app.core.conversation import request_messages
from desktop_app.core.models import ChatRequest, Message, Role

PNG = b"\x89PNG\r\n\x1a\n-pixels-"


def _user(text: str, *attachments: Attachment, mid: str = "u") -> Message:
    return Message(mid, "c", Role.USER, text, attachments=attachments)


def _stored(a: Attachment) -> Attachment:
    return replace(a, data=None)


def test_an_image_is_sent_as_a_data_url_part_beside_the_text() -> None:
    image = image_attachment(PNG, "shot.png", "image/png", 10, 5, 999)
    blobs = {image.sha256: PNG}
    (sent,) = request_messages([_user("what's wrong?", _stored(image))], blobs=blobs.get)
    body = build_chat_body(ChatRequest("m", (sent,)), stream=True)
    assert body["messages"][0]["content"] == [
        {"type": "text", "text": "what's wrong?"},
        {
            "type": "image_url",
            "image_url": {"url": "data:image/png;base64,iVBORw0KGgotcGl4ZWxzLQ=="},
        },
    ]


def test_a_file_is_a_text_part_with_a_header_naming_it_and_any_cut_said() -> None:
    log = file_attachment("line 1\nline 2", "app.log", "text/plain", 9000, truncated=True)
    (sent,) = request_messages([_user("", log)])
    assert sent.parts == (
        TextPart(
            '[Attached file "app.log" (text/plain)]\nline 1\nline 2\n'
            "[The file was cut to its first 13 bytes of 9,000; the rest was not sent.]"
        ),
    )


def test_messages_without_attachments_stay_plain_strings() -> None:
    (sent,) = request_messages([_user("hi")])
    body = build_chat_body(ChatRequest("m", (sent,)), stream=False)
    assert body["messages"][0]["content"] == "hi"


def test_earlier_images_are_sent_again_unless_the_setting_drops_them() -> None:
    first = image_attachment(b"one", "a.png", "image/png", 1, 1, 3)
    second = image_attachment(b"two", "b.png", "image/png", 1, 1, 3)
    blobs = {first.sha256: b"one", second.sha256: b"two"}.get
    path = [
        _user("look", _stored(first), mid="u1"),
        Message("a1", "c", Role.ASSISTANT, "ok"),
        _user("and this", _stored(second), mid="u2"),
    ]
    every = request_messages(path, blobs=blobs)
    assert isinstance(every[0].parts[1], ImagePart) and isinstance(every[2].parts[1], ImagePart)

    last_only = request_messages(path, blobs=blobs, image_turns=1)
    assert last_only[0].parts[1] == TextPart(
        '[Image "a.png" from an earlier turn, not sent again to save tokens]'
    )
    assert isinstance(last_only[2].parts[1], ImagePart)


def test_an_attachment_whose_bytes_are_gone_is_named_not_dropped() -> None:
    image = image_attachment(b"x", "gone.png", "image/png", 1, 1, 1)
    (sent,) = request_messages([_user("hi", _stored(image))], blobs=lambda _sha: None)
    assert sent.parts[1] == TextPart('[Attachment "gone.png" is no longer stored]')


def test_names_never_keep_folders() -> None:
    assert safe_name("/home/ana/secret/plan.md") == "plan.md"
    assert safe_name("C:\\Users\\ana\\plan.md") == "plan.md"
    assert safe_name("") == "attachment"


def test_token_estimates_grow_with_size() -> None:
    small = Attachment("s", "a", "text/plain", 400, AttachmentKind.FILE)
    large = Attachment("s", "a", "text/plain", 40_000, AttachmentKind.FILE)
    assert estimate_tokens(small) < estimate_tokens(large) == 10_016
    image = Attachment("s", "a", "image/png", 1, AttachmentKind.IMAGE, 2048, 2048)
    assert estimate_tokens(image) == 1_600
