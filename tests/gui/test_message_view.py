"""Model output is untrusted: nothing is loaded, links open only when safe."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QTextImageFormat
from pytestqt.qtbot import QtBot

from desktop_app.core.models import Message, Role
from desktop_app.render.markdown import MarkdownRenderer
from desktop_app.ui.message_view import MessageBody, MessageCard

HOSTILE = """Look: ![cat](http://127.0.0.1:9/cat.png) <img src="http://127.0.0.1:9/x.png">
<script>alert(1)</script><style>body{background:url(http://127.0.0.1:9/bg)}</style>
[click](javascript:alert(1)) [file](file:///etc/passwd) [ok](https://example.com)
"""


def test_hostile_reply_loads_no_resource(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    body = MessageBody()
    qtbot.addWidget(body)
    asked: list[str] = []
    original = MessageBody.loadResource

    def spy(self: MessageBody, kind: int, name: object) -> object:
        asked.append(str(name))
        result = original(self, kind, name)  # type: ignore[arg-type]
        assert result is not None  # None lets QTextDocument read the file itself
        return result

    monkeypatch.setattr(MessageBody, "loadResource", spy)
    body.set_html(MarkdownRenderer().render(HOSTILE).html)
    body.show()
    qtbot.waitExposed(body)
    block = body.document().begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            assert not it.fragment().charFormat().isImageFormat()
            assert not isinstance(it.fragment().charFormat(), QTextImageFormat)
            it += 1
        block = block.next()
    assert "alert(1)" in body.toPlainText()  # shown as text, not run


def test_only_http_https_mailto_links_open(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[str] = []
    monkeypatch.setattr(
        "desktop_app.ui.message_view.open_link",
        lambda url, context, on_failure: opened.append(url.toString()),
    )
    card = MessageCard(Message(id="m", conversation_id="c", role=Role.ASSISTANT, content="x"))
    qtbot.addWidget(card)
    actions: list[tuple[str, str]] = []
    card.action_requested.connect(lambda a, m: actions.append((a, m)))
    for url in (
        "javascript:alert(1)",
        "file:///etc/passwd",
        "data:text/html,x",
        "https://example.com",
        "mailto:a@b.c",
        "copy:1",
    ):
        card.body.anchorClicked.emit(QUrl(url))
    assert opened == ["https://example.com", "mailto:a@b.c"]
    assert actions == [("copy-code:1", "m")]


def test_streaming_replaces_only_the_pending_tail(qtbot: QtBot) -> None:
    body = MessageBody()
    qtbot.addWidget(body)
    body.begin_stream()
    body.apply_stream("<p>done one</p>", "<p>typing…</p>")
    body.apply_stream("<p>done two</p>", "<p>still typing</p>")
    text = body.toPlainText()
    assert text.index("done one") < text.index("done two") < text.index("still typing")
    assert "typing…" not in text
    body.apply_stream("", "")
    assert body.toPlainText().strip().endswith("done two")


def test_streamed_text_after_a_quote_is_not_pulled_into_it(qtbot: QtBot) -> None:
    renderer = MarkdownRenderer()
    from desktop_app.render.streaming import StreamingRenderer

    streamed = MessageBody()
    qtbot.addWidget(streamed)
    streamed.begin_stream()
    stream = StreamingRenderer(renderer)
    for part in ("> A quote\n\n", "- item one\n- item two\n\n", "Done.\n"):
        stream.feed(part)
        update = stream.flush()
        streamed.apply_stream(update.committed_html, update.pending_html)
    final = stream.finish()
    streamed.apply_stream(final.committed_html, final.pending_html)
    last = streamed.document().lastBlock()
    while last.isValid() and not last.text().strip():
        last = last.previous()
    assert last.text().strip() == "Done."
    assert last.blockFormat().indent() == 0 and last.textList() is None
    assert last.blockFormat().leftMargin() == 0


def test_raw_img_never_reads_a_local_file(qtbot: QtBot, tmp_path: object) -> None:
    """Even HTML that skipped the sanitizer cannot draw a local image file."""
    from pathlib import Path

    from PySide6.QtGui import QColor, QImage

    picture = Path(str(tmp_path)) / "secret.png"
    image = QImage(400, 400, QImage.Format.Format_RGB32)
    image.fill(QColor("red"))
    assert image.save(str(picture))
    body = MessageBody()
    qtbot.addWidget(body)
    body.resize(600, 100)
    body.setHtml(f'<p>a</p><img src="{picture}"><img src="file://{picture}">')
    body.show()
    qtbot.waitExposed(body)
    assert body.document().size().height() < 200  # a 400 px picture was not laid out


def _blocks(body: MessageBody) -> list[tuple[str, bool, int]]:
    """What a reader sees of each block: its text, whether it is a list item, its indent."""
    out = []
    block = body.document().begin()
    while block.isValid():
        out.append(
            (block.text().rstrip(), block.textList() is not None, block.blockFormat().indent())
        )
        block = block.next()
    return out


@pytest.mark.parametrize(
    "text",
    [
        "Hello! You said: **x**.\n\nHere is a short list:\n\n- one item\n- another item\n\n"
        "Is there anything else I can help you with today?",
        "Intro:\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nAfter the table.",
        "Above\n\n---\n\nBelow the rule\n\n> quoted\n\n1. one\n2. two\n\nEnd.",
    ],
)
def test_a_streamed_reply_looks_like_the_same_reply_opened_later(qtbot: QtBot, text: str) -> None:
    """Streaming appends blocks one by one; the page must not differ from a fresh render
    (an empty line appeared between a paragraph and its list until the chat was reopened)."""
    from desktop_app.render.streaming import StreamingRenderer
    from tests.fakeserver.replies import tokens

    renderer = MarkdownRenderer()
    stream = StreamingRenderer(renderer)
    streamed = MessageBody()
    qtbot.addWidget(streamed)
    streamed.begin_stream()
    for token in tokens(text):
        stream.feed(token)
        update = stream.flush()
        streamed.apply_stream(update.committed_html, update.pending_html)
    update = stream.finish()
    streamed.apply_stream(update.committed_html, update.pending_html)
    opened = MessageBody()
    qtbot.addWidget(opened)
    opened.set_html(renderer.render(text).html)
    assert _blocks(streamed) == _blocks(opened)
