"""Attachments in the real window: paste, chips, send, thumbnails, drafts, edit."""

from __future__ import annotations

import asyncio

from PySide6.QtCore import QMimeData, QUrl
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from desktop_app.core.attachments import ImagePart
from desktop_app.core.capabilities import ModelInfo, Vision
from desktop_app.services.model_caps import ModelCapabilities
from desktop_app.store.conversations import SqliteConversationStore
from desktop_app.ui.attachment_chips import AttachmentStrip
from tests.gui.app_harness import App, build_app
from tests.unit.services.scripted_backend import ScriptedBackend, reply


def _paste_image(app: App, width: int = 3000, height: int = 1500) -> None:
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor("#c33"))
    mime = QMimeData()
    mime.setImageData(image)
    app.window.composer.edit.insertFromMimeData(mime)
    app.wait(lambda: bool(app.window.composer.tray.attachments()), "the pasted image's chip")


def _send(app: App, text: str) -> None:
    app.window.composer.set_text(text)
    app.window.composer._send()
    app.idle()


def test_a_pasted_image_is_sent_downscaled_and_shown_on_the_card(
    qtbot: QtBot, loop: asyncio.AbstractEventLoop, store: SqliteConversationStore
) -> None:
    backend = ScriptedBackend(reply("a red rectangle"))
    app = build_app(store, loop, backend)
    qtbot.addWidget(app.window)
    _paste_image(app)
    (chip,) = app.window.composer.tray.chips()
    assert chip.attachment.name == "pasted-image.png"
    assert (chip.attachment.width, chip.attachment.height) == (2048, 1024)

    _send(app, "what is this?")

    parts = backend.requests[0].messages[-1].parts
    (image_part,) = [p for p in parts if isinstance(p, ImagePart)]
    assert image_part.url.startswith("data:image/png;base64,")
    assert app.window.composer.tray.attachments() == []
    user_card = app.cards()[0]
    (strip,) = user_card.findChildren(AttachmentStrip)
    (thumb,) = strip.thumbnails
    assert max(thumb.iconSize().width(), thumb.iconSize().height()) == 96


def test_pasted_plain_text_stays_text(
    qtbot: QtBot, loop: asyncio.AbstractEventLoop, store: SqliteConversationStore
) -> None:
    app = build_app(store, loop)
    qtbot.addWidget(app.window)
    mime = QMimeData()
    mime.setText("just words")
    app.window.composer.edit.insertFromMimeData(mime)
    assert app.window.composer.text() == "just words"
    assert app.window.composer.tray.attachments() == []


def test_a_dropped_file_attaches_and_a_binary_one_is_refused_with_a_sentence(
    qtbot: QtBot, loop: asyncio.AbstractEventLoop, store: SqliteConversationStore, tmp_path
) -> None:
    app = build_app(store, loop)
    qtbot.addWidget(app.window)
    notes = tmp_path / "notes.md"
    notes.write_text("# plan\n", encoding="utf-8")
    blob = tmp_path / "core.bin"
    blob.write_bytes(b"\x00\x01\x02" * 100)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(notes)), QUrl.fromLocalFile(str(blob))])
    app.window.composer.edit.insertFromMimeData(mime)
    tray = app.window.composer.tray
    app.wait(lambda: "binary file" in tray.notice.text(), "the refusal")
    app.wait(lambda: [a.name for a in tray.attachments()] == ["notes.md"], "the chip")
    assert app.window.composer.text() == ""  # no path typed into the message


def test_attachments_travel_with_drafts_and_are_removable(
    qtbot: QtBot, loop: asyncio.AbstractEventLoop, store: SqliteConversationStore
) -> None:
    app = build_app(store, loop, ScriptedBackend(reply("ok")))
    qtbot.addWidget(app.window)
    _send(app, "first chat")
    first = app.controller.conversation_id
    _paste_image(app, 40, 30)
    app.presenter.new_chat()
    assert app.window.composer.tray.attachments() == []
    app.presenter.open(first)
    (chip,) = app.window.composer.tray.chips()
    assert chip.attachment.data is not None  # thumbnail drawn from the stored bytes
    chip.remove_clicked.emit()
    assert app.window.composer.tray.attachments() == []
    assert app.history.get_draft_attachments(first or "") == ()


def test_an_image_alone_can_be_sent_and_edit_keeps_it(
    qtbot: QtBot, loop: asyncio.AbstractEventLoop, store: SqliteConversationStore
) -> None:
    backend = ScriptedBackend(reply("a"), reply("b"))
    app = build_app(store, loop, backend)
    qtbot.addWidget(app.window)
    _paste_image(app, 40, 30)
    _send(app, "")
    user = app.cards()[0].message
    assert user.content == "" and len(user.attachments) == 1
    app.presenter.begin_edit(user.id, "now with words")
    _send(app, "now with words")
    assert any(isinstance(p, ImagePart) for p in backend.requests[1].messages[-1].parts)
    assert app.cards()[0].findChildren(AttachmentStrip)


def _caps(vision: Vision, context: int | None = None) -> ModelCapabilities:
    async def server(model: str) -> ModelInfo:
        return ModelInfo(vision, context)

    return ModelCapabilities(server, lambda: ())


def test_a_model_known_not_to_see_asks_and_remove_images_sends_the_rest(
    qtbot: QtBot, loop: asyncio.AbstractEventLoop, store: SqliteConversationStore, tmp_path
) -> None:
    backend = ScriptedBackend(reply("ok"))
    app = build_app(store, loop, backend)
    qtbot.addWidget(app.window)
    app.presenter.attachments.caps = _caps(Vision.NO)
    _paste_image(app, 40, 30)
    notes = tmp_path / "notes.txt"
    notes.write_text("remember the milk", encoding="utf-8")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(notes))])
    app.window.composer.edit.insertFromMimeData(mime)
    app.wait(lambda: len(app.window.composer.tray.attachments()) == 2, "both chips")
    app.idle()  # the model's capabilities were asked for in the background

    app.window.composer.set_text("look")
    app.window.composer._send()
    (box,) = [b for b in app.window.findChildren(QMessageBox) if b.objectName() == "VisionQuestion"]
    assert box.isVisible() and not backend.requests  # nothing sent before the user chose
    assert app.window.composer.text() == "look"  # the text waits in the box meanwhile
    (remove,) = [b for b in box.buttons() if b.text() == "Remove images and send"]
    remove.click()
    app.idle()

    (request,) = backend.requests
    parts = request.messages[-1].parts
    assert not any(isinstance(p, ImagePart) for p in parts)
    assert any("remember the milk" in getattr(p, "text", "") for p in parts)
    assert app.window.composer.text() == ""


def test_unknown_vision_never_asks(
    qtbot: QtBot, loop: asyncio.AbstractEventLoop, store: SqliteConversationStore
) -> None:
    backend = ScriptedBackend(reply("ok"))
    app = build_app(store, loop, backend)
    qtbot.addWidget(app.window)
    app.presenter.attachments.caps = _caps(Vision.UNKNOWN)
    _paste_image(app, 40, 30)
    app.idle()
    _send(app, "look")
    assert any(isinstance(p, ImagePart) for p in backend.requests[0].messages[-1].parts)


def test_a_context_too_small_for_the_attachments_is_said(
    qtbot: QtBot, loop: asyncio.AbstractEventLoop, store: SqliteConversationStore, tmp_path
) -> None:
    app = build_app(store, loop)
    qtbot.addWidget(app.window)
    app.presenter.attachments.caps = _caps(Vision.YES, 1000)
    big = tmp_path / "big.log"
    big.write_text("line of log text\n" * 2000, encoding="utf-8")  # ~34 KB ≈ 8,500 tokens
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(big))])
    app.window.composer.edit.insertFromMimeData(mime)
    notice = app.window.composer.tray.notice
    app.wait(lambda: "1,000" in notice.text(), "the context warning")
    assert notice.isVisible() and "may not see all of it" in notice.text()


def test_the_attachment_settings_are_on_the_general_page(qtbot: QtBot) -> None:
    from dataclasses import replace

    from desktop_app.core.settings import Settings
    from desktop_app.ui.settings_dialog import GeneralPage

    page = GeneralPage()
    qtbot.addWidget(page)
    page.load(replace(Settings(), attach_image_max_px=1024, attach_image_turns=3))
    assert page.attachments.image_px.value() == 1024
    page.attachments.text_kb.setValue(64)
    stored = page.store(Settings())
    assert (stored.attach_image_max_px, stored.attach_text_max_kb) == (1024, 64)
    assert stored.attach_image_turns == 3


def test_the_profile_form_edits_per_model_vision_and_context(qtbot: QtBot) -> None:
    from desktop_app.core.capabilities import ModelOverride
    from desktop_app.core.settings import Profile
    from desktop_app.ui.profile_form import ProfileForm
    from tests.unit.services.test_settings_service import Harness

    form = ProfileForm(Harness().service)
    qtbot.addWidget(form)
    profile = Profile("p", "Local", "http://127.0.0.1:8080/v1")
    form.show_profile(profile, None)
    form.models_info.setPlainText("llava | yes | 4096\nphi3 | no")
    edited = form.edited_profile(profile)
    assert edited.model_overrides == (
        ModelOverride("llava", Vision.YES, 4096),
        ModelOverride("phi3", Vision.NO),
    )
    form.show_profile(edited, None)
    assert form.models_info.toPlainText() == "llava | yes | 4096\nphi3 | no"


def test_the_attach_button_opens_a_dialog_for_several_files(
    qtbot: QtBot, loop: asyncio.AbstractEventLoop, store: SqliteConversationStore, tmp_path
) -> None:
    from PySide6.QtWidgets import QFileDialog

    app = build_app(store, loop)
    qtbot.addWidget(app.window)
    files = [tmp_path / "a.txt", tmp_path / "b.csv"]
    for path in files:
        path.write_text("x,y\n1,2\n", encoding="utf-8")
    app.window.composer.attach_button.click()
    (dialog,) = app.window.findChildren(QFileDialog)
    assert dialog.fileMode() is QFileDialog.FileMode.ExistingFiles and dialog.isVisible()
    dialog.filesSelected.emit([str(p) for p in files])
    tray = app.window.composer.tray
    app.wait(lambda: len(tray.attachments()) == 2, "two chips")
    assert sorted(a.name for a in tray.attachments()) == ["a.txt", "b.csv"]
    dialog.reject()


def test_a_file_dropped_on_the_chat_attaches(
    qtbot: QtBot, loop: asyncio.AbstractEventLoop, store: SqliteConversationStore, tmp_path
) -> None:
    from PySide6.QtCore import QPoint, QPointF, Qt
    from PySide6.QtGui import QDragEnterEvent, QDropEvent
    from PySide6.QtWidgets import QApplication

    app = build_app(store, loop)
    qtbot.addWidget(app.window)
    log = tmp_path / "server.log"
    log.write_text("ERROR out of memory\n", encoding="utf-8")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(log))])
    viewport = app.window.chat_view.viewport()
    enter = QDragEnterEvent(
        QPoint(50, 50),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(viewport, enter)
    assert enter.isAccepted()  # the chat says it takes files
    drop = QDropEvent(
        QPointF(50, 50),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(viewport, drop)
    tray = app.window.composer.tray
    app.wait(lambda: [a.name for a in tray.attachments()] == ["server.log"], "the chip")
