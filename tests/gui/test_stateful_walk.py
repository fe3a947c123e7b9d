"""A randomized walk through the real window, checked after every step.

Hypothesis drives the real ``MainWindow`` with its presenter, controller and
services over a real SQLite file (offscreen, the network scripted): new
chat, send, stop, regenerate, edit and resend, continue, switch versions,
search and open a hit, switch chats, rename, pin, delete, restore, empty the
Trash, change a setting, switch theme, resize, let time pass. After every
step the invariants a user would notice must hold: the process is alive,
the cards on screen are the store's current branch in order with the right
‹ n/m ›, the highlighted sidebar row is the open chat, Send/Stop matches
whether a turn runs, and nothing the user did not delete has left the store.

Each run walks at least ``AFARENSIS_WALK_STEPS`` steps (2,000 by default) and
prints its seed; set ``AFARENSIS_WALK_SEED`` to replay one. A failure shrinks
to a short sequence of rules. The soak (``python -m bench.ui_walk``) runs the
same machine for 50,000 steps and reports steps per second.
"""

from __future__ import annotations

import asyncio
import os
import random
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING, Never

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import seed as hypothesis_seed
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    get_state_machine_test,
    initialize,
    invariant,
    precondition,
    rule,
)
from PySide6.QtCore import QMimeData, Qt, QUrl
from PySide6.QtGui import QColor, QImage, QPalette
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from desktop_app.app.loop import create_loop
from desktop_app.core.errors import ServerError
from desktop_app.core.events import ReasoningDelta, TextDelta, TurnStarted
from desktop_app.core.models import FinishReason, MessageStatus, Role
from desktop_app.core.settings import Theme
from desktop_app.render import formula
from desktop_app.store.conversations import open_database
from desktop_app.ui.attachment_chips import AttachmentStrip
from desktop_app.ui.message_view import MessageCard
from desktop_app.ui.style import ThemeManager
from tests.gui.app_harness import App, build_app
from tests.gui.test_formula_images import formula_names
from tests.unit.services.scripted_backend import HOLD, ScriptedBackend, reply
from tests.unit.services.test_settings_service import DictSecrets

if TYPE_CHECKING:
    from desktop_app.ui.tools_switch import ToolsSwitch

WORDS = ("zebra", "apple", "河流", "kettle", "orbit")
#: Steps one CI run walks at least (the soak raises it).
MIN_STEPS = int(os.environ.get("AFARENSIS_WALK_STEPS", "2000"))
STEPS_PER_EXAMPLE = 50
STATS = {"steps": 0}


#: A math reply cut where a stream would cut it: mid-formula, mid-footnote.
MATH_PARTS = (
    "Energy $E = m",
    "c^2$ and \\(p = mv\\), prices $5 and $10[^",
    "1].\n\nSo:\n\\[\n\\frac{a}",
    "{b}\n\\]\nholds.\n\n$$\n\\sum_i x_i\n$$\n\n[^1]: A note with $x$.\n",
)


def _script(kind: str, word: str) -> list[object]:
    """What the scripted server does with the next request."""
    if kind == "slow":
        return [TurnStarted(None, None), TextDelta(f"slow {word} "), HOLD, *reply("end")[1:]]
    if kind == "cut":
        return reply(f"cut {word} ", reason=FinishReason.LENGTH)
    if kind == "error":
        return [ServerError()]
    return reply(f"- a {word}\n", "- and more\n")


_THEMES: list[ThemeManager] = []


def _theme_manager(qapp: QApplication) -> ThemeManager:
    """One for the whole walk, as the app has one: each new one restyles the app."""
    if not _THEMES:
        _THEMES.append(ThemeManager(qapp))
    return _THEMES[0]


class Walk(RuleBasedStateMachine):
    """One user at the window; ``self.app`` is the wired application."""

    def __init__(self) -> None:
        super().__init__()
        self._dir = tempfile.TemporaryDirectory()
        self.store, _ = open_database(Path(self._dir.name) / "h.sqlite3")
        qapp = QApplication.instance()
        assert isinstance(qapp, QApplication)
        self.loop = create_loop(qapp)
        self.backend = ScriptedBackend()
        self.app: App = build_app(self.store, self.loop, self.backend)
        self.theme = _theme_manager(qapp)
        self.deleted: set[str] = set()  # conversations the user sent to the Trash
        self.erased: set[str] = set()  # ... and erased for good
        self.known: dict[str, set[str]] = {}  # conversation -> message ids seen

    # -------------------------------------------------------------- helpers

    def _step(self) -> None:
        STATS["steps"] += 1
        self._quiet()

    def _quiet(self) -> None:
        """Run the loop until all that still runs is turns held at a gate.

        Every rule ends here, so whether the open chat streams (what the
        preconditions ask) follows from the rules drawn, not from how far a
        busy machine got: a slow reply waits at its ``HOLD`` until time
        passes (``_time_passes``), everything else has finished.
        """
        tasks, backend = self.app.tasks, self.backend

        def settled() -> bool:
            running = tasks.running_names()
            return all(n.startswith("turn:") for n in running) and len(running) == backend.held

        for _ in range(20):  # settling can start a task (a title after a reply)
            self.app.wait(settled, "every task finished or held at a gate")
            self.app.settle()
            if settled():
                return
        raise AssertionError("tasks kept starting while the window settled")

    def _time_passes(self) -> None:
        """The held replies arrive, and everything runs to its end."""
        self.backend.open_gates()
        self._quiet()

    def _sidebar_rows(self) -> list[str]:
        return self.app.model.ids()

    def _open(self) -> str | None:
        return self.app.controller.conversation_id

    def _streaming(self) -> bool:
        return self.app.controller.is_streaming()

    def _reply_cards(self) -> list[MessageCard]:
        return [c for c in self.app.cards() if c.message.role is Role.ASSISTANT]

    def _in_trash(self) -> bool:
        return self.app.window.sidebar.in_trash

    def _click_row(self, row: int) -> None:
        view = self.app.window.sidebar.list
        index = view.model().index(row, 0)
        view.scrollTo(index)
        center = view.visualRect(index).center()
        QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=center)

    # --------------------------------------------------------------- rules

    @initialize()
    def start(self) -> None:
        self._step()

    @rule()
    def new_chat(self) -> None:
        self.app.window.sidebar.new_button.click()
        self._step()

    @precondition(lambda self: not self._streaming() and not self._in_trash())
    @rule(
        kind=st.sampled_from(["quick", "quick", "slow", "stopped", "cut", "error"]),
        word=st.sampled_from(WORDS),
    )
    def send(self, kind: str, word: str) -> None:
        """Send; a "stopped" reply is slow and the user presses Stop mid-way
        (the ``stop`` rule alone is drawn too seldom while a reply is held)."""
        self.backend.scripts.append(_script("slow" if kind == "stopped" else kind, word))
        composer = self.app.window.composer
        composer.set_text(f"tell me about {word}")
        composer.focus()
        QTest.keyClick(composer.edit, Qt.Key.Key_Return)
        self._step()
        if kind == "stopped":
            assert self._streaming(), "a held reply stopped streaming by itself"
            self.stop()

    @precondition(lambda self: self._streaming())
    @rule()
    def stop(self) -> None:
        self.app.window.composer.button.click()
        self._step()
        assert not self._streaming(), "Stop did not end the turn"

    @rule()
    def let_time_pass(self) -> None:
        self._time_passes()
        STATS["steps"] += 1

    @precondition(lambda self: not self._in_trash())
    @rule(pick=st.integers(0, 10), kind=st.sampled_from(["quick", "slow", "error"]))
    def regenerate(self, pick: int, kind: str) -> None:
        cards = self._reply_cards()
        if not cards:
            return
        self.backend.scripts.append(_script(kind, "again"))
        card = cards[pick % len(cards)]
        card._regenerate.click()
        self._step()

    @precondition(lambda self: not self._streaming() and not self._in_trash())
    @rule(pick=st.integers(0, 10), word=st.sampled_from(WORDS))
    def edit_and_resend(self, pick: int, word: str) -> None:
        users = [c for c in self.app.cards() if c.message.role is Role.USER]
        if not users:
            return
        card = users[pick % len(users)]
        card._edit.click()
        composer = self.app.window.composer
        composer.set_text(f"edited: {word}")
        self.backend.scripts.append(_script("quick", word))
        QTest.keyClick(composer.edit, Qt.Key.Key_Return)
        self._step()

    @precondition(lambda self: not self._streaming())
    @rule()
    def continue_cut_reply(self) -> None:
        cut = [c for c in self._reply_cards() if c.message.finish_reason is FinishReason.LENGTH]
        if not cut:
            return
        reply_id = cut[-1].message.id
        before = self.store.get_message(reply_id)
        self.backend.scripts.append(reply(" and the rest"))
        self.app.controller.on_action("continue", reply_id)
        self._quiet()
        after = self.store.get_message(reply_id)
        if before is not None and after is not None and before.usage is not None:
            assert after.usage is not None
            assert after.usage.total_tokens >= before.usage.total_tokens, "usage went down"
        self._step()

    @rule(pick=st.integers(0, 20), forward=st.booleans())
    def switch_version(self, pick: int, forward: bool) -> None:
        versioned = [c for c in self.app.cards() if not c._version_label.isHidden()]
        if not versioned:
            return
        card = versioned[pick % len(versioned)]
        button = card._next if forward else card._prev
        if button.isEnabled():
            button.click()
        self._step()

    @precondition(lambda self: not self._in_trash())
    @rule(word=st.sampled_from(WORDS))
    def search_and_open_hit(self, word: str) -> None:
        sidebar = self.app.window.sidebar
        sidebar.search.setText(word)
        self.app.wait(lambda: sidebar.list.model() is sidebar.results, "search results")
        if sidebar.results.rowCount() == 0:
            sidebar.search.clear()
            self.app.wait(lambda: sidebar.list.model() is sidebar.model, "back to the list")
        else:
            self._click_row(0)
        self._step()

    @rule(pick=st.integers(0, 30))
    def switch_conversation(self, pick: int) -> None:
        rows = self._sidebar_rows()
        if rows and not self._in_trash():
            self._click_row(pick % len(rows))
        self._step()

    @precondition(lambda self: not self._in_trash())
    @rule(pick=st.integers(0, 30), title=st.sampled_from(["Trip", "Work <b>x</b>", "数学"]))
    def rename(self, pick: int, title: str) -> None:
        rows = self._sidebar_rows()
        if rows:
            self.app.model.setData(self.app.model.index(pick % len(rows)), title)
            self.app.presenter.reload_sidebar()
        self._step()

    @precondition(lambda self: not self._in_trash())
    @rule(pick=st.integers(0, 30))
    def pin(self, pick: int) -> None:
        rows = self._sidebar_rows()
        if rows:
            cid = rows[pick % len(rows)]
            summary = self.app.model.summary(pick % len(rows))
            assert summary is not None
            self.app.window.sidebar.pin_requested.emit(cid, not summary.pinned)
        self._step()

    @precondition(lambda self: not self._in_trash())
    @rule(pick=st.integers(0, 30))
    def delete_from_menu(self, pick: int) -> None:
        rows = self._sidebar_rows()
        if not rows:
            return
        from desktop_app.ui.sidebar import menu_targets

        clicked = rows[pick % len(rows)]
        targets = menu_targets(clicked, self.app.window.sidebar.selected_ids())
        self.app.window.sidebar.delete_requested.emit(targets)
        self._quiet()  # a turn of a deleted chat finishes its cleanup
        self.deleted.update(targets)
        self._step()

    @rule()
    def toggle_trash(self) -> None:
        self.app.window.sidebar.trash_button.click()
        self._step()

    @precondition(lambda self: self._in_trash())
    @rule(pick=st.integers(0, 30))
    def restore(self, pick: int) -> None:
        rows = self._sidebar_rows()
        if rows:
            cid = rows[pick % len(rows)]
            self.app.window.sidebar.restore_requested.emit([cid])
            self.deleted.discard(cid)
        self._step()

    @precondition(lambda self: self._in_trash())
    @rule(pick=st.integers(0, 30))
    def delete_forever(self, pick: int) -> None:
        rows = self._sidebar_rows()
        if rows:
            cid = rows[pick % len(rows)]
            self.app.window.sidebar.erase_requested.emit([cid])
            self.deleted.discard(cid)
            self.erased.add(cid)
        self._step()

    @precondition(lambda self: self._in_trash())
    @rule()
    def empty_trash(self) -> None:
        self._quiet()
        self.app.window.sidebar.empty_button.click()
        self.erased |= self.deleted
        self.deleted.clear()
        self._step()

    @rule(enter=st.booleans())
    def change_send_key(self, enter: bool) -> None:
        from desktop_app.core.settings import SendKey

        composer = self.app.window.composer
        composer.set_send_key(SendKey.ENTER if enter else SendKey.CTRL_ENTER)
        composer.set_send_key(SendKey.ENTER)  # the walk sends with Enter
        self._step()

    @rule(dark=st.booleans())
    def switch_theme(self, dark: bool) -> None:
        self.theme.apply(Theme.DARK if dark else Theme.LIGHT)
        self.app.window.apply_icons(dark)
        self._step()

    @rule(width=st.integers(600, 1500), height=st.integers(400, 1000))
    def resize(self, width: int, height: int) -> None:
        self.app.window.resize(width, height)
        self._step()

    # ---------------------------------------------------------- invariants

    @invariant()
    def cards_are_the_current_branch(self) -> None:
        app = self.app
        shown, branch = app.shown_ids(), app.branch_ids()
        assert branch[len(branch) - len(shown) :] == shown, (shown, branch)
        assert len(shown) == len(branch) or len(shown) >= 50
        assert app.version_labels() == app.stored_version_labels()

    @invariant()
    def sidebar_highlights_the_open_chat(self) -> None:
        sidebar = self.app.window.sidebar
        if sidebar.in_trash or sidebar.list.model() is not sidebar.model:
            return
        cid = self._open()
        expected = [cid] if cid is not None and cid in self._sidebar_rows() else []
        assert sidebar.selected_ids() == expected

    @invariant()
    def send_button_matches_the_turn(self) -> None:
        assert self.app.composer_streaming() == self._streaming()

    @invariant()
    def nothing_the_user_kept_is_lost(self) -> None:
        store = self.store
        for cid, seen in self.known.items():
            if cid in self.erased:
                continue
            stored = store.get_conversation(cid)
            assert stored is not None, f"conversation {cid} vanished"
            if stored.trashed_at is not None:
                assert cid in self.deleted, f"{cid} went to the Trash by itself"
            present = {m.id for m in store.conversation_messages(cid)}
            assert seen <= present, f"messages lost from {cid}: {seen - present}"
        for conversation in store.list_conversations(0, 10_000):
            messages = store.conversation_messages(conversation.id)
            settled = {m.id for m in messages if m.status is not MessageStatus.STREAMING}
            self.known.setdefault(conversation.id, set()).update(settled)

    # -------------------------------------------- thinking models (issue 14)

    @precondition(lambda self: not self._streaming() and not self._in_trash())
    @rule(kind=st.sampled_from(["quick", "slow", "cut"]), word=st.sampled_from(WORDS))
    def send_to_a_thinking_model(self, kind: str, word: str) -> None:
        """A reply that thinks first: quick, slow (Stop may land while it thinks), or cut."""
        thinking = [TurnStarted(None, None), ReasoningDelta(f"pondering {word} ")]
        if kind == "slow":
            script = [*thinking, HOLD, ReasoningDelta("more "), *reply(f"so {word}")[1:]]
        elif kind == "cut":
            script = [*thinking, *reply(reason=FinishReason.LENGTH)[1:]]
        else:
            script = [*thinking, *reply(f"thus {word}")[1:]]
        self.backend.scripts.append(script)
        composer = self.app.window.composer
        composer.set_text(f"think about {word}")
        composer.focus()
        QTest.keyClick(composer.edit, Qt.Key.Key_Return)
        self._step()

    @invariant()
    def thinking_is_shown_apart_and_settled_when_done(self) -> None:
        for card in self.app.cards():
            stored = self.store.get_message(card.message.id)
            if stored is None or stored.status is MessageStatus.STREAMING:
                continue
            assert "pondering" not in card.body.toPlainText(), "thinking leaked into the answer"
            block = card.thinking
            if stored.reasoning:
                assert block is not None and not block.isHidden(), "stored thinking not shown"
                assert not block.thinking, "a finished reply still says Thinking…"
            else:
                assert block is None or block.isHidden()

    # ---------------------------------------------- attachments (issue 15)

    @precondition(lambda self: not self._streaming() and not self._in_trash())
    @rule(image=st.booleans(), word=st.sampled_from(WORDS))
    def attach_then_send(self, image: bool, word: str) -> None:
        """Paste a small image or drop a small file, then send it with a question."""
        composer = self.app.window.composer
        mime = QMimeData()
        if image:
            picture = QImage(24, 16, QImage.Format.Format_RGB32)
            picture.fill(QColor("#2a6"))
            mime.setImageData(picture)
        else:
            path = Path(self._dir.name) / f"{word}.md"
            path.write_text(f"# notes about {word}\n", encoding="utf-8")
            mime.setUrls([QUrl.fromLocalFile(str(path))])
        before = len(composer.tray.attachments())
        composer.edit.insertFromMimeData(mime)
        self.app.wait(lambda: len(composer.tray.attachments()) > before, "the attachment's chip")
        self.backend.scripts.append(_script("quick", word))
        composer.set_text(f"what about this {word}?")
        composer.focus()
        QTest.keyClick(composer.edit, Qt.Key.Key_Return)
        self._step()

    @invariant()
    def attachments_shown_keep_their_bytes(self) -> None:
        """Every attachment on the open branch still has its stored bytes and a strip."""
        for card in self.app.cards():
            for attachment in card.message.attachments:
                assert self.store.attachment_bytes(attachment.sha256) is not None
            if card.message.attachments:
                assert card.findChildren(AttachmentStrip), card.message.id

    # ------------------------------------------- math and footnotes (issue 13)

    @precondition(lambda self: not self._streaming() and not self._in_trash())
    @rule(theme_dark=st.booleans())
    def send_math(self, theme_dark: bool) -> None:
        """A reply with formulas in every delimiter and a footnote, streamed in pieces."""
        self.switch_theme(theme_dark)
        self.backend.scripts.append(reply(*MATH_PARTS))
        composer = self.app.window.composer
        composer.set_text("show me math")
        composer.focus()
        QTest.keyClick(composer.edit, Qt.Key.Key_Return)
        self._step()

    @invariant()
    def every_formula_shown_is_drawn_from_our_cache(self) -> None:
        for card in self._reply_cards():
            if "$" not in card.message.content:
                continue
            for name in formula_names(card.body):
                assert name.startswith("formula:"), name
                assert formula.lookup(name.removeprefix("formula:")) is not None, name

    @invariant()
    def no_tool_approval_waits_without_its_turn(self) -> None:
        """An approval card is a question of a running turn; none is left behind (issue 16)."""
        from desktop_app.ui.tool_approval import ToolApprovalCard

        cards = [
            c for c in self.app.window.chat_view.findChildren(ToolApprovalCard) if c.isVisible()
        ]
        assert not cards or self._streaming()

    def teardown(self) -> None:
        self._time_passes()
        # Nothing may outlive the example's loop: a turn closed by the garbage
        # collector after the loop is gone would run its cleanup outside it.
        self.loop.run_until_complete(self.app.tasks.cancel_all())
        self.app.presenter.save_draft()  # stops the draft timer before the store closes
        # Leave the app as other tests expect it: no app-wide style sheet.
        qapp = QApplication.instance()
        assert isinstance(qapp, QApplication)
        qapp.setStyleSheet("")
        qapp.setPalette(QPalette())
        self.app.window.close()
        self.app.window.deleteLater()
        self.store.close()
        self.loop.close()
        asyncio.set_event_loop(None)
        self._dir.cleanup()

    # ------------------------------------------- issue 11 item 11 (disk full)

    @precondition(lambda self: not self._streaming() and not self._in_trash())
    @rule(word=st.sampled_from(WORDS))
    def disk_fills_mid_reply(self, word: str) -> None:
        """The disk refuses while a reply streams: it ends on screen, whole, and
        is stored once space returns (SQLite's query_only fails every write the
        way a full disk does)."""
        from desktop_app.services import history_service

        self.backend.scripts.append(_script("slow", word))
        composer = self.app.window.composer
        composer.set_text(f"tell me about {word}")
        composer.focus()
        earlier = {card.message.id for card in self.app.cards()}
        QTest.keyClick(composer.edit, Qt.Key.Key_Return)
        conn = self.store._db.conn
        retry_s, history_service.SAVE_RETRY_S = history_service.SAVE_RETRY_S, 0.01

        def new_reply() -> MessageCard | None:
            # This turn's own card, streaming its first words (an older card
            # of the same word must not count: the disk would fill too early).
            fresh = [c for c in self._reply_cards() if c.message.id not in earlier]
            shown = fresh and f"slow {word}" in fresh[-1].body.toPlainText()
            return fresh[-1] if shown else None

        try:
            self.app.wait(lambda: new_reply() is not None, "this turn's reply streaming")
            reply_card = new_reply()
            assert reply_card is not None
            conn.execute("PRAGMA query_only = ON")
            try:
                self.backend.open_gates()
                self.app.wait(lambda: not self._streaming(), "reply ended while full")
                assert "end" in reply_card.body.toPlainText()  # nothing vanished
            finally:
                conn.execute("PRAGMA query_only = OFF")
            self._quiet()  # the save-retry task stores what waited
        finally:
            history_service.SAVE_RETRY_S = retry_s
        assert self.store.pending_writes == 0
        stored = self.store.get_message(reply_card.message.id)
        assert stored is not None and stored.status is MessageStatus.COMPLETE
        self._step()

    @invariant()
    def every_card_shows_all_its_text(self) -> None:
        # A streaming body grows a few lines ahead (MessageBody.reserve_growth),
        # never behind its text; a settled one fits it exactly.
        for card in self.app.cards():
            body = card.body
            if not body.isVisible():
                continue
            needed = int(body.document().size().height()) + 4
            if body.horizontalScrollBar().isVisible():
                needed += body.horizontalScrollBar().height()
            assert body.height() >= needed, (card.message.id, body.height(), needed)

    # ------------------------------------- tools on in one chat (issue 16)

    def _tools_switch(self) -> ToolsSwitch:
        """The composer's Tools button over one configured server, made on first use.

        The walk's chat service has no tool loop, so no process can start:
        the rule checks the switch and what it stores, the invariant that it
        follows whichever chat is open (tests/gui/test_tools_switch.py sends).
        """
        from desktop_app.core.tools import ServerConfig
        from desktop_app.services.tool_service import ToolService
        from desktop_app.store.tool_config import ToolConfigFile
        from desktop_app.ui.tools_switch import connect_tools_switch

        def no_host() -> Never:
            raise AssertionError("switching a server on or off must start nothing")

        switch: ToolsSwitch | None = getattr(self, "_switch", None)
        if switch is None:
            folder = Path(self._dir.name)
            tools = ToolService(ToolConfigFile(folder / "tools.json"), DictSecrets(), no_host)
            tools.save_server(ServerConfig("notes", "python", ("-m", "x"), enabled=False))
            switch = connect_tools_switch(self.app.window, self.app.controller, tools)
            self._switch: ToolsSwitch | None = switch
            self._tools = tools
        return switch

    @precondition(lambda self: not self._in_trash())
    @rule(on=st.booleans())
    def switch_tools_for_this_chat(self, on: bool) -> None:
        switch = self._tools_switch()
        [in_chat] = switch.actions_for_chat()
        open_id = self._open()
        if open_id is None:
            assert not in_chat.isEnabled()  # a chat not stored yet has no switch of its own
        elif in_chat.isChecked() != on:
            in_chat.trigger()
        self._step()
        if open_id is not None:
            assert [s.name for s in self._tools.enabled_servers(open_id)] == (
                ["notes"] if on else []
            )

    @invariant()
    def the_tools_switch_shows_the_open_chat(self) -> None:
        switch: ToolsSwitch | None = getattr(self, "_switch", None)
        if switch is None:
            return
        open_id = self._open()
        on = bool(self._tools.enabled_servers(open_id))
        [in_chat] = switch.actions_for_chat()
        assert in_chat.isChecked() == on and in_chat.isEnabled() == (open_id is not None)
        assert switch.text() == ("Tools (1)" if on else "Tools")


@pytest.mark.slow
@pytest.mark.timeout(0)  # bounded by its step count, not by a clock
def test_random_walks_through_the_window_keep_every_invariant(qapp: QApplication) -> None:
    seed = int(os.environ.get("AFARENSIS_WALK_SEED", random.randrange(2**32)))
    print(f"stateful walk seed: {seed} (AFARENSIS_WALK_SEED={seed} replays it)")
    start, STATS["steps"] = time.perf_counter(), 0
    walk_settings = settings(
        max_examples=10,
        stateful_step_count=STEPS_PER_EXAMPLE,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    round_seed = seed
    while STATS["steps"] < MIN_STEPS:
        walk = get_state_machine_test(Walk, settings=walk_settings)
        hypothesis_seed(round_seed)(walk)()
        round_seed += 1
    elapsed = time.perf_counter() - start
    print(f"stateful walk: {STATS['steps']} steps in {elapsed:.1f} s")
