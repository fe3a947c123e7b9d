"""A thinking model's reply on screen: it streams, collapses, reopens and warns."""

from __future__ import annotations

import asyncio

from pytestqt.qtbot import QtBot

from desktop_app.core.events import ReasoningDelta, TextDelta, TurnFinished, TurnStarted
from desktop_app.core.models import FinishReason, Usage
from desktop_app.store.conversations import SqliteConversationStore
from tests.gui.test_chat_controller import _controller, _wait
from tests.unit.services.scripted_backend import ScriptedBackend


def _script(*events: object, reason: FinishReason = FinishReason.STOP) -> list[object]:
    return [TurnStarted("r", "think"), *events, TurnFinished(reason, usage=Usage(1, 2, 3))]


def test_thinking_streams_visibly_then_collapses_when_the_answer_starts(
    qtbot: QtBot, loop: asyncio.AbstractEventLoop, store: SqliteConversationStore
) -> None:
    script = _script(ReasoningDelta("Let me **check** "), 0.3, TextDelta("It is 4."))
    controller, view, tasks = _controller(qtbot, store, ScriptedBackend(script))
    controller.send("2+2?")

    def thinking_shown() -> bool:
        card = view.cards()[-1]
        block = card.thinking
        return block is not None and "Let me check" in block.body.toPlainText()

    _wait(loop, thinking_shown)
    block = view.cards()[-1].thinking
    assert block is not None and block.is_open and block.toggle.text().startswith("Thinking…")
    assert "**" not in block.body.toPlainText()  # rendered, not raw markdown
    _wait(loop, lambda: not tasks.running_names())
    card = view.cards()[-1]
    settled = card.thinking  # the same block, re-read: it changed while the loop ran
    assert settled is block and settled is not None and not settled.is_open
    assert settled.toggle.text().startswith("Thought for")
    assert "It is 4." in card.body.toPlainText() and "check" not in card.body.toPlainText()
    block.toggle.click()
    assert block.is_open and "Let me check" in block.body.toPlainText()


def test_a_reopened_chat_shows_stored_thinking_collapsed_and_renders_it_on_click(
    qtbot: QtBot, loop: asyncio.AbstractEventLoop, store: SqliteConversationStore
) -> None:
    script = _script(ReasoningDelta("Deep *thought*"), TextDelta("42"))
    controller, view, tasks = _controller(qtbot, store, ScriptedBackend(script))
    controller.send("meaning?")
    _wait(loop, lambda: not tasks.running_names())
    controller.open(None)
    assert controller.conversation_id is None
    cid = store.list_conversations()[0].id
    controller.open(cid)
    _wait(loop, lambda: len(view.cards()) == 2 and view.cards()[-1].thinking is not None)
    block = view.cards()[-1].thinking
    assert block is not None and not block.is_open and block.body.toPlainText() == ""
    block.toggle.click()
    assert block.body.toPlainText().strip() == "Deep thought"


def test_running_out_of_tokens_while_thinking_offers_raise_and_retry(
    qtbot: QtBot, loop: asyncio.AbstractEventLoop, store: SqliteConversationStore
) -> None:
    first = _script(ReasoningDelta("so much to consider"), reason=FinishReason.LENGTH)
    backend = ScriptedBackend(first, _script(TextDelta("Done.")))
    controller, view, tasks = _controller(qtbot, store, backend)
    controller.send("hard question")
    _wait(loop, lambda: not tasks.running_names())
    card = view.cards()[-1]
    assert "still thinking" in card.footer.text()
    assert "raise-limit-retry" in card.footer.text()
    assert card.thinking is not None and card.thinking.is_open  # no answer: keep it visible
    controller.on_action("raise-limit-retry", card.message.id)
    _wait(loop, lambda: len(backend.requests) == 2 and not tasks.running_names())
    assert backend.requests[1].params.max_tokens == 8192
    assert "Done." in view.cards()[-1].body.toPlainText()


def test_stop_while_thinking_keeps_the_thinking_on_screen(
    qtbot: QtBot, loop: asyncio.AbstractEventLoop, store: SqliteConversationStore
) -> None:
    script = [TurnStarted(None, None), ReasoningDelta("Considering it"), 5.0, TextDelta("no")]
    controller, view, tasks = _controller(qtbot, store, ScriptedBackend(script))
    controller.send("q")
    _wait(loop, lambda: (b := view.cards()[-1].thinking) is not None and bool(b.body.toPlainText()))
    controller.stop()
    _wait(loop, lambda: not tasks.running_names())
    card = view.cards()[-1]
    assert card.thinking is not None and card.thinking.is_open and not card.thinking.thinking
    assert "Considering it" in card.thinking.body.toPlainText()
    assert "Stopped." in card.footer.text()


def test_thinking_follows_the_answers_safety_rules(
    qtbot: QtBot, loop: asyncio.AbstractEventLoop, store: SqliteConversationStore
) -> None:
    hostile = '<script>alert(1)</script> <img src="file:///etc/passwd"> [x](javascript:alert(1))'
    script = _script(ReasoningDelta(hostile), TextDelta("ok"))
    controller, view, tasks = _controller(qtbot, store, ScriptedBackend(script))
    controller.thinking.keep_open = lambda: True
    controller.send("q")
    _wait(loop, lambda: not tasks.running_names())
    block = view.cards()[-1].thinking
    assert block is not None and block.is_open  # the setting keeps it open
    html = block.body.toHtml()
    assert "<script" not in html and "<img" not in html  # shown as text, never as markup
    assert 'href="javascript' not in html
    assert "<script>alert(1)</script>" in block.body.toPlainText()


def test_an_empty_think_pair_shows_no_block(
    qtbot: QtBot, loop: asyncio.AbstractEventLoop, store: SqliteConversationStore
) -> None:
    """Qwen3 told not to think still sends "<think>\\n\\n</think>": nothing to show."""
    script = _script(ReasoningDelta("\n\n"), TextDelta("Hi."))
    controller, view, tasks = _controller(qtbot, store, ScriptedBackend(script))
    controller.send("q")
    _wait(loop, lambda: not tasks.running_names())
    card = view.cards()[-1]
    assert card.thinking is None and "Hi." in card.body.toPlainText()
    assert store.get_message(card.message.id).reasoning is None  # type: ignore[union-attr]


def test_coming_back_to_a_chat_that_is_thinking_keeps_its_timer(
    qtbot: QtBot, loop: asyncio.AbstractEventLoop, store: SqliteConversationStore
) -> None:
    script = [TurnStarted(None, None), ReasoningDelta("Hmm"), 10.0, TextDelta("late")]
    controller, view, tasks = _controller(qtbot, store, ScriptedBackend(script))
    controller.send("q")
    cid = controller.conversation_id

    def says(text: str) -> bool:
        block = view.cards()[-1].thinking if view.cards() else None
        return block is not None and block.toggle.text() == text

    _wait(loop, lambda: says("Thinking… 1 s"))
    controller.open(None)
    controller.open(cid)
    _wait(loop, lambda: len(view.cards()) == 2 and view.cards()[-1].thinking is not None)
    block = view.cards()[-1].thinking
    assert block is not None and block.thinking and "Hmm" in block.body.toPlainText()
    assert block.toggle.text() != "Thinking… 0 s"  # it went on, it did not start again
    controller.stop()
    _wait(loop, lambda: not tasks.running_names())
