"""Every field of ``Settings`` changes something a user would notice.

A setting that is saved but never read is a lie in the Settings window
(*Font size* and *Name new chats from the first message* once were). Each
field below has a check that changes it from its default and looks at what
it drives: the window, a request, a title, a file, the client the
composition root builds. A new field without a check fails
:func:`test_every_field_has_a_check`, so a dead setting cannot ship again.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Callable, Iterator
from dataclasses import fields, replace
from pathlib import Path

import pytest
from PySide6.QtCore import QBuffer, QByteArray, QCoreApplication, QEvent, QIODevice, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop_app.app.container import (
    Container,
    paint_window,
    wire_window,
)
from desktop_app.app.lazy_backend import current_client_config
from desktop_app.app.paths import resolve_paths
from desktop_app.core.conversation import UNTITLED
from desktop_app.core.events import ReasoningDelta, TextDelta, TurnFinished, TurnStarted
from desktop_app.core.models import FinishReason, GenerationParams, Role
from desktop_app.core.settings import (
    DEFAULT_PROFILE,
    Profile,
    PromptPreset,
    SendKey,
    Settings,
    Theme,
)
from desktop_app.store.backup import DAILY_PREFIX
from desktop_app.store.conversations import SqliteConversationStore
from desktop_app.store.settings_file import save_settings
from desktop_app.ui.attachment_input import Source
from tests.gui.app_harness import App, build_app
from tests.unit.services.scripted_backend import ScriptedBackend

#: Not a preference: the settings file's format version.
EXEMPT = {"version"}

LOCAL = Profile("local", "My server", "http://127.0.0.1:9/v1", default_model="llama")


# --------------------------------------------------------------- the builders


@pytest.fixture
def app_look(qapp: QApplication, monkeypatch: pytest.MonkeyPatch) -> Iterator[QApplication]:
    """Leave the shared QApplication as the other tests expect it (look, translators)."""
    from desktop_app.ui import i18n

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    palette, sheet, font = qapp.palette(), qapp.styleSheet(), qapp.font()
    style = qapp.style().name()
    installed = []
    original = i18n.install_translator

    def keep(app: QCoreApplication, language: str) -> object:
        translator = original(app, language)
        installed.append(translator)
        return translator

    monkeypatch.setattr(i18n, "install_translator", keep)
    yield qapp
    for translator in installed:
        if translator is not None:
            i18n.remove_translator(qapp, translator)
    qapp.setStyleSheet(sheet)
    qapp.setPalette(palette)
    qapp.setFont(font)
    qapp.setStyle(style)


Root = Callable[[Settings], tuple[Container, object]]


@pytest.fixture
def root(app_look: QApplication, loop: asyncio.AbstractEventLoop, tmp_path: Path) -> Iterator[Root]:
    """The real composition root over a settings file holding the given settings."""
    built: list[tuple[Container, object]] = []

    def make(settings: Settings) -> tuple[Container, object]:
        paths = resolve_paths(tmp_path / f"data{len(built)}", environ={})
        paths.ensure()
        save_settings(paths.settings_file, settings)
        container = Container.build(paths, env={})
        window = wire_window(container, paint_window(container.foundation, app_look))
        built.append((container, window))
        return container, window

    yield make
    for container, window in built:
        window.main.hide()  # type: ignore[attr-defined]
        loop.run_until_complete(container.close())
        window.main.deleteLater()  # type: ignore[attr-defined]
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)


@pytest.fixture
def walk(
    qtbot: QtBot, loop: asyncio.AbstractEventLoop, store: SqliteConversationStore
) -> Callable[..., App]:
    """The real window, presenter and controller over a real store; the network scripted."""

    def make(settings: Settings, *scripts: list[object]) -> App:
        app = build_app(store, loop, ScriptedBackend(*scripts), settings)
        qtbot.addWidget(app.window)
        return app

    return make


def _send(app: App, text: str) -> None:
    app.window.composer.set_text(text)
    app.window.composer._send()
    app.idle()


def _png(width: int, height: int) -> bytes:
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor("#3a7"))
    out = QByteArray()
    buffer = QBuffer(out)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")  # type: ignore[call-overload]  # the stubs say bytes; PySide6 takes str
    return bytes(out.data())


def _attach(app: App, source: Source) -> object:
    tray = app.window.composer.tray
    app.presenter.attachments.attach([source])
    app.wait(lambda: bool(tray.attachments()), "the attachment's chip")
    return tray.attachments()[-1]


# ------------------------------------------------------------------ the checks


def check_profiles(root: Root, walk: Callable[..., App], tmp_path: Path) -> None:
    c, _ = root(replace(Settings(), profiles=(DEFAULT_PROFILE, LOCAL)))
    from desktop_app.ui.settings_dialog import SettingsDialog

    dialog = SettingsDialog(c.settings)
    listed = dialog.profiles.list
    names = [listed.item(i).text() for i in range(listed.count())]
    dialog.deleteLater()
    assert "My server" in names


def check_active_profile_id(root: Root, walk: Callable[..., App], tmp_path: Path) -> None:
    settings = replace(Settings(), profiles=(DEFAULT_PROFILE, LOCAL), active_profile_id="local")
    c, _ = root(settings)
    assert current_client_config(c.settings).base_url == LOCAL.base_url


def check_theme(root: Root, walk: Callable[..., App], tmp_path: Path) -> None:
    _, w = root(replace(Settings(), theme=Theme.DARK))
    assert w.theme.is_dark  # type: ignore[attr-defined]
    assert QApplication.palette().window().color().lightness() < 100


def check_font_size(root: Root, walk: Callable[..., App], tmp_path: Path) -> None:
    root(replace(Settings(), font_size=19))
    assert QApplication.font().pointSize() == 19


def check_send_key(root: Root, walk: Callable[..., App], tmp_path: Path) -> None:
    _, w = root(replace(Settings(), send_key=SendKey.CTRL_ENTER))
    composer = w.main.composer  # type: ignore[attr-defined]
    sent: list[str] = []
    composer.submitted.connect(sent.append)
    composer.set_text("hello")
    QTest.keyClick(composer.edit, Qt.Key.Key_Return)
    assert sent == []  # Enter is a new line now
    composer.set_text("hello")
    QTest.keyClick(composer.edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert sent == ["hello"]


def check_language(root: Root, walk: Callable[..., App], tmp_path: Path) -> None:
    _, w = root(replace(Settings(), language="zh_CN"))
    assert w.main.sidebar.new_button.text() == "新对话"  # type: ignore[attr-defined]


def check_auto_title(root: Root, walk: Callable[..., App], tmp_path: Path) -> None:
    app = walk(replace(Settings(), auto_title=False))
    _send(app, "Plans for the weekend")
    conversation = app.store.get_conversation(app.controller.conversation_id or "")
    assert conversation is not None and conversation.title == UNTITLED


def check_model_titles(root: Root, walk: Callable[..., App], tmp_path: Path) -> None:
    app = walk(replace(Settings(), model_titles=True))
    _send(app, "Plans for the weekend")
    app.idle()
    conversation = app.store.get_conversation(app.controller.conversation_id or "")
    assert conversation is not None and conversation.title == "A title"  # the model's


def check_default_system_prompt(root: Root, walk: Callable[..., App], tmp_path: Path) -> None:
    app = walk(replace(Settings(), default_system_prompt="Answer in French."))
    _send(app, "hello")
    first = app.backend.requests[0].messages[0]
    assert first.role is Role.SYSTEM and first.content == "Answer in French."


def check_prompt_presets(root: Root, walk: Callable[..., App], tmp_path: Path) -> None:
    from desktop_app.ui.conversation_settings import ConversationSettingsDialog

    presets = (PromptPreset("Translator", "Translate everything."),)
    app = walk(replace(Settings(), prompt_presets=presets))
    dialog = ConversationSettingsDialog(app.history, app.presenter.settings, None)
    items = [dialog.presets.itemText(i) for i in range(dialog.presets.count())]
    dialog.deleteLater()
    assert "Translator" in items


def check_default_params(root: Root, walk: Callable[..., App], tmp_path: Path) -> None:
    app = walk(replace(Settings(), default_params=GenerationParams(temperature=0.2)))
    _send(app, "hello")
    assert app.backend.requests[0].params.temperature == 0.2


def check_read_timeout_s(root: Root, walk: Callable[..., App], tmp_path: Path) -> None:
    c, _ = root(replace(Settings(), read_timeout_s=33.0))
    assert current_client_config(c.settings).read_timeout == 33.0


def check_backup_daily(root: Root, walk: Callable[..., App], tmp_path: Path) -> None:
    on, _ = root(Settings())
    off, _ = root(replace(Settings(), backup_daily=False))
    on.daily_backup()
    off.daily_backup()
    assert list(on.paths.backups_dir.glob("*.sqlite3"))
    assert not list(off.paths.backups_dir.glob("*.sqlite3"))


def check_backup_keep(root: Root, walk: Callable[..., App], tmp_path: Path) -> None:
    c, _ = root(replace(Settings(), backup_keep=2))
    c.paths.backups_dir.mkdir(parents=True, exist_ok=True)
    for day in ("20260101", "20260102", "20260103"):
        (c.paths.backups_dir / f"{DAILY_PREFIX}{day}.sqlite3").write_bytes(b"old")
    c.daily_backup()
    assert len(list(c.paths.backups_dir.glob(f"{DAILY_PREFIX}*.sqlite3"))) == 2


def _thinking_reply() -> list[object]:
    return [
        TurnStarted("r", "m"),
        ReasoningDelta("pondering the question "),
        TextDelta("The answer."),
        TurnFinished(FinishReason.STOP),
    ]


def check_thinking_expanded(root: Root, walk: Callable[..., App], tmp_path: Path) -> None:
    app = walk(replace(Settings(), thinking_expanded=True), _thinking_reply())
    _send(app, "think")
    block = app.cards()[-1].thinking
    assert block is not None and block.is_open  # kept open after the answer started


def check_search_reasoning(root: Root, walk: Callable[..., App], tmp_path: Path) -> None:
    app = walk(replace(Settings(), search_reasoning=True), _thinking_reply())
    _send(app, "think")
    app.presenter.search("pondering")
    assert app.window.sidebar.results.rowCount() == 1  # found in the thinking only


def check_markdown_reasoning(root: Root, walk: Callable[..., App], tmp_path: Path) -> None:
    app = walk(replace(Settings(), markdown_reasoning="quote"), _thinking_reply())
    _send(app, "think")
    path = tmp_path / "chat.md"
    app.presenter._write_export(app.controller.conversation_id or "", str(path))
    text = path.read_text(encoding="utf-8")
    assert "<details>" not in text and "> pondering" in text


def check_attach_image_max_px(root: Root, walk: Callable[..., App], tmp_path: Path) -> None:
    app = walk(replace(Settings(), attach_image_max_px=512))
    image = _attach(app, Source("big.png", data=_png(2000, 1000)))
    assert max(image.width, image.height) == 512  # type: ignore[attr-defined]


def check_attach_text_max_kb(root: Root, walk: Callable[..., App], tmp_path: Path) -> None:
    log = tmp_path / "app.log"
    log.write_text("a line of the log\n" * 400, encoding="utf-8")  # ~7 KB
    app = walk(replace(Settings(), attach_text_max_kb=1))
    attachment = _attach(app, Source("app.log", path=str(log)))
    assert attachment.truncated  # type: ignore[attr-defined]


def check_attach_image_turns(root: Root, walk: Callable[..., App], tmp_path: Path) -> None:
    c, _ = root(replace(Settings(), attach_image_turns=1))
    assert c.chat._defaults().image_turns == 1  # what every request is built with


def check_tool_round_limit(root: Root, walk: Callable[..., App], tmp_path: Path) -> None:
    c, _ = root(replace(Settings(), tool_round_limit=3))
    assert c.chat._tools is not None and c.chat._tools._round_limit() == 3


def check_tool_timeout_s(root: Root, walk: Callable[..., App], tmp_path: Path) -> None:
    c, _ = root(replace(Settings(), tool_timeout_s=5.0))
    assert c.chat._tools is not None and c.chat._tools._timeout() == 5.0


CHECKS = {name.removeprefix("check_"): fn for name, fn in dict(globals()).items()
          if name.startswith("check_")}  # fmt: skip


def test_every_field_has_a_check() -> None:
    assert {f.name for f in fields(Settings)} - EXEMPT == set(CHECKS)


@pytest.mark.qt_log_ignore("This plugin does not support")
@pytest.mark.parametrize("field", sorted(CHECKS))
def test_changing_the_setting_changes_what_the_user_sees(
    field: str, root: Root, walk: Callable[..., App], tmp_path: Path
) -> None:
    CHECKS[field](root, walk, tmp_path)
