from __future__ import annotations

import time

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from desktop_app.core.history import ConversationSummary
from desktop_app.ui.conversations_model import PAGE, ConversationsModel, GroupRole, IdRole
from desktop_app.ui.main_window import MainWindow
from tests.gui.conftest import settle_layout


def _summaries(n: int, now: float) -> list[ConversationSummary]:
    day = 86400.0
    return [
        ConversationSummary(str(i), f"Chat {i}", now - i * day, now - i * day, pinned=(i == 5))
        for i in range(n)
    ]


def _model(rows: list[ConversationSummary], renamed: list[tuple[str, str]] | None = None):
    fetched: list[tuple[int, int]] = []
    ordered = sorted(rows, key=lambda r: (not r.pinned, -r.updated_at))

    def fetch(offset: int, limit: int) -> list[ConversationSummary]:
        fetched.append((offset, limit))
        return ordered[offset : offset + limit]

    sink = renamed if renamed is not None else []
    model = ConversationsModel(fetch, lambda: len(rows), lambda i, t: sink.append((i, t)))
    model.reload()
    return model, fetched


def test_window_title_composer_focus_and_ctrl_q(qtbot: QtBot) -> None:
    model, _ = _model([])
    window = MainWindow(model)
    qtbot.addWidget(window)
    window.show()
    window.show_welcome(False)
    qtbot.waitExposed(window)
    window.activateWindow()
    assert window.windowTitle().startswith("Afarensis Chat")
    qtbot.waitUntil(lambda: window.composer.edit.hasFocus())
    with qtbot.waitSignal(window.quit_requested, timeout=1000):
        QTest.keyClick(window, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    with qtbot.waitSignal(window.quit_requested, timeout=1000):
        window.close()
    assert window.isVisible()  # closing asks for an orderly quit instead of dying


def test_sidebar_pages_lazily_and_groups_by_date(qtbot: QtBot) -> None:
    model, fetched = _model(_summaries(180, time.time()))
    assert model.rowCount() == PAGE and fetched == [(0, PAGE)]
    assert model.index(0).data(GroupRole) == "Pinned"
    assert model.index(1).data(GroupRole) == "Today"
    assert model.index(2).data(GroupRole) == "Yesterday"
    assert model.index(3).data(GroupRole) == "Previous 7 days"
    assert model.index(4).data(GroupRole) is None  # same group: no second heading
    while model.canFetchMore(model.index(-1)):
        model.fetchMore(model.index(-1))
    assert model.rowCount() == 180 and len(fetched) == 4


def test_inline_rename_goes_to_the_history(qtbot: QtBot) -> None:
    renamed: list[tuple[str, str]] = []
    model, _ = _model(_summaries(3, time.time()), renamed)
    index = model.index(0)
    assert model.setData(index, "  Trip plans  ")
    assert renamed == [(str(index.data(IdRole)), "Trip plans")]
    assert index.data() == "Trip plans"


def test_every_control_has_an_accessible_name(qtbot: QtBot) -> None:
    model, _ = _model([])
    window = MainWindow(model)
    qtbot.addWidget(window)
    for widget in (
        window.composer.edit,
        window.composer.button,
        window.sidebar.search,
        window.sidebar.new_button,
        window.sidebar.list,
        window.header.model,
        window.welcome.key,
    ):
        assert widget.accessibleName(), widget


def test_a_key_listed_twice_is_bound_once_so_it_is_not_ambiguous(qtbot: QtBot) -> None:
    """On Linux StandardKey.Quit is Ctrl+Q; binding both made Ctrl+Q do nothing."""
    model, _ = _model([])
    window = MainWindow(model)
    qtbot.addWidget(window)
    fired: list[bool] = []
    action = window._shortcut(
        [QKeySequence("Ctrl+J"), QKeySequence("Ctrl+J"), QKeySequence()],
        lambda: fired.append(True),
        "test",
    )
    assert [k.toString() for k in action.shortcuts()] == ["Ctrl+J"]
    keys = [k.toString() for a in window.actions() for k in a.shortcuts()]
    assert len(keys) == len(set(keys)), keys


def test_a_long_title_does_not_squeeze_the_sidebar(qtbot: QtBot) -> None:
    model, _ = _model([])
    window = MainWindow(model)
    qtbot.addWidget(window)
    window.resize(1100, 720)
    window.show()
    qtbot.waitExposed(window)
    before = window.sidebar.width()
    window.set_conversation_title("A very long title " * 40)
    settle_layout()
    assert window.sidebar.width() == before
    assert window.windowTitle().startswith("Afarensis Chat — A very long title")


def test_status_names_the_host_when_the_environment_overrides_the_server(
    qtbot: QtBot, tmp_path
) -> None:
    from desktop_app.core.settings import Settings
    from desktop_app.services.settings_service import SettingsService
    from desktop_app.ui.main_presenter import MainPresenter

    class NoSecrets:
        is_secure = True
        backend_name = "test"

        def get_key(self, profile_id: str) -> None:
            return None

        def set_key(self, profile_id: str, key: str) -> None: ...

        def delete_key(self, profile_id: str) -> None: ...

    async def no_test(profile: object, key: object) -> list[str]:
        return []

    def service(env: dict[str, str]) -> SettingsService:
        return SettingsService(Settings, lambda s: None, NoSecrets(), no_test, env=env)

    name = MainPresenter.server_name
    fake = type("P", (), {})()
    fake.tr = lambda text: text
    fake.settings = service({})
    assert name(fake) == Settings().active_profile.name
    fake.settings = service({"AFARENSIS_BASE_URL": "http://127.0.0.1:8123/v1"})
    assert name(fake) == "127.0.0.1:8123 (set by AFARENSIS_BASE_URL)"
    fake.settings = service({"OPENAI_BASE_URL": "http://other-tool.test/v1"})
    assert name(fake) == "other-tool.test (set by OPENAI_BASE_URL)"


def test_keyboard_shortcuts_reach_their_actions(qtbot: QtBot) -> None:
    model, _ = _model([])
    window = MainWindow(model)
    qtbot.addWidget(window)
    window.show()
    window.show_welcome(False)
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    ctrl = Qt.KeyboardModifier.ControlModifier
    for key, mods, signal in (
        (Qt.Key.Key_Comma, ctrl, window.settings_requested),
        (Qt.Key.Key_N, ctrl, window.new_chat_requested),
        (Qt.Key.Key_C, ctrl | Qt.KeyboardModifier.ShiftModifier, window.copy_last_requested),
        (Qt.Key.Key_PageUp, ctrl, window.previous_requested),
        (Qt.Key.Key_PageDown, ctrl, window.next_requested),
    ):
        with qtbot.waitSignal(signal, timeout=1000):
            QTest.keyClick(window.composer.edit, key, mods)
    QTest.keyClick(window.composer.edit, Qt.Key.Key_K, ctrl)
    qtbot.waitUntil(lambda: window.sidebar.search.hasFocus())
    QTest.keyClick(window.sidebar.search, Qt.Key.Key_L, ctrl)
    qtbot.waitUntil(lambda: window.composer.edit.hasFocus())


def test_switching_the_list_to_another_source_pages_from_it(qtbot: QtBot) -> None:
    model, _ = _model(_summaries(3, time.time()))
    trashed = _summaries(70, time.time() - 86400)
    model.set_source(lambda offset, limit: trashed[offset : offset + limit], lambda: len(trashed))
    assert model.rowCount() == PAGE and model.canFetchMore(model.index(-1))
    model.fetchMore(model.index(-1))
    assert model.ids() == [s.id for s in trashed]


def test_settings_are_one_click_away_from_the_sidebar(qtbot: QtBot) -> None:
    model, _ = _model([])
    window = MainWindow(model)
    qtbot.addWidget(window)
    window.show()
    assert window.sidebar.settings_button.isVisible()
    with qtbot.waitSignal(window.settings_requested, timeout=1000):
        window.sidebar.settings_button.click()
