from __future__ import annotations

import time

from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from desktop_app.core.history import SearchHit
from desktop_app.core.models import Role
from desktop_app.ui.conversations_model import ConversationsModel
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.sidebar import Sidebar, trim_snippet_lead
from tests.gui.conftest import settle_layout


def test_the_match_stays_in_view_in_a_narrow_row() -> None:
    snippet = (
        ("const add = (a, b) => a + b; console.log(add(2, 3)); A ", False),
        ("blockquote", True),
        (", with a link.", False),
    )
    trimmed = trim_snippet_lead(snippet)
    assert trimmed[0][0].startswith("…") and len(trimmed[0][0]) <= 17
    assert trimmed[1] == ("blockquote", True)
    short = (("A ", False), ("match", True))
    assert trim_snippet_lead(short) == short


def test_a_hit_led_by_its_role_keeps_the_match_in_view() -> None:
    """ "Assistant: " leads the snippet; the long context after it is what gets trimmed."""
    snippet = (
        ("Assistant: ", False),
        ("…", False),
        ("the pot - rinse it with hot water - then empty it 3. ", False),
        ("Steep", True),
        (" for 3 minutes", False),
    )
    trimmed = trim_snippet_lead(snippet)
    assert trimmed[0] == ("Assistant: ", False)
    assert trimmed[1][0].startswith("…") and len(trimmed[1][0]) <= 17
    assert trimmed[2] == ("Steep", True)


def test_search_hits_are_listed_and_choosing_one_opens_it_at_the_message(qtbot: QtBot) -> None:
    model = ConversationsModel(lambda o, n: [], lambda: 0, lambda i, t: None)
    model.reload()
    sidebar = Sidebar(model)
    qtbot.addWidget(sidebar)
    hit = SearchHit(
        "c1",
        "Trip plans",
        "m7",
        Role.ASSISTANT,
        time.time(),
        (("take the ", False), ("train", True)),
        position=6,
    )
    sidebar.show_results([hit])
    chosen: list[tuple[str, str]] = []
    sidebar.hit_chosen.connect(lambda c, m: chosen.append((c, m)))
    sidebar.search.setText("train")
    sidebar.search.returnPressed.emit()
    assert chosen == [("c1", "m7")]


def test_a_long_status_does_not_squeeze_the_sidebar(qtbot: QtBot) -> None:
    model = ConversationsModel(lambda o, n: [], lambda: 0, lambda i, t: None)
    model.reload()
    window = MainWindow(model)
    qtbot.addWidget(window)
    window.resize(1100, 720)
    window.show()
    qtbot.waitExposed(window)
    before = window.sidebar.width()
    window.status.setText("Offline: nothing is accepting connections " * 10)
    settle_layout()
    assert window.sidebar.width() == before
    assert isinstance(window.status.parentWidget(), QWidget)


def test_snippets_drop_markdown_marks_and_keep_the_space_after_a_cjk_match() -> None:
    snippet = (("see **the ", False), ("河流", True), (" flows** `fast`", False))
    assert trim_snippet_lead(snippet) == (
        ("see the ", False),
        ("河流", True),
        (" flows fast", False),
    )


def test_snippets_keep_underscores_inside_names() -> None:
    snippet = (("call ", False), ("notes__add", True), (' {"a": 2} and __bold__', False))
    assert trim_snippet_lead(snippet) == (
        ("call ", False),
        ("notes__add", True),
        (' {"a": 2} and bold', False),
    )


def test_hits_say_who_wrote_them_and_esc_clears_the_field(qtbot: QtBot) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from desktop_app.ui.conversations_model import SearchResultsModel, SnippetRole

    results = SearchResultsModel()
    now = time.time()
    results.set_hits(
        [
            SearchHit("c1", "T", "m1", Role.USER, now, (("a", True),), position=0),
            SearchHit("c1", "T", "m2", Role.ASSISTANT, now, (("b", True),), position=1),
            SearchHit("c2", "T2", None, None, now, (("T2", True),), position=0),
        ]
    )
    leads = [results.index(row).data(SnippetRole)[0][0] for row in range(3)]
    assert leads == ["You: ", "Assistant: ", "T2"]
    model = ConversationsModel(lambda o, n: [], lambda: 0, lambda i, t: None)
    model.reload()
    sidebar = Sidebar(model)
    qtbot.addWidget(sidebar)
    sidebar.show()
    sidebar.search.setText("zebra")
    sidebar.search.setFocus()
    qtbot.waitUntil(sidebar.search.hasFocus)
    QTest.keyClick(sidebar.search, Qt.Key.Key_Escape)
    assert sidebar.search.text() == ""
