"""Hostile replies (issue 11 item 8) render, as text when over budget, block by block."""

from __future__ import annotations

import pytest

from desktop_app.render.budget import FALLBACK_NOTE, MAX_BLOCK_CHARS, segments
from desktop_app.render.markdown import MarkdownRenderer
from desktop_app.render.streaming import StreamingRenderer
from tests.unit.render.conftest import parse

HOSTILE = {
    "brackets": "[" * 8192,
    "strike": "~~a " * 8192,
    "emphasis": "**a*" * 64000,
    "image brackets": "![" * 10000,
    "deep list": "- " * 1000 + "x",
    "deep quote": "> " * 5000 + "x",
    "indented list": "".join("  " * i + "- x\n" for i in range(300)),
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_reply_renders_and_keeps_its_text(renderer: MarkdownRenderer, name: str) -> None:
    text = HOSTILE[name]
    html = renderer.render(text).html
    shown = "".join(parse(html).text)
    assert text.split()[-1] in shown
    assert renderer.plain_text(text).strip()


def test_one_oversized_block_does_not_hide_the_others(renderer: MarkdownRenderer) -> None:
    text = "Before **bold**.\n\n" + "~~a " * 9000 + "\n\nAfter *it*.\n"
    html = renderer.render(text).html
    assert "<strong>bold</strong>" in html and "<em>it</em>" in html
    assert FALLBACK_NOTE in html
    assert "~~a ~~a" in "".join(parse(html).text)


def test_within_budget_text_is_one_segment() -> None:
    lines = ["a" * 100] * 10
    assert list(segments(lines)) == [(0, 10, True)]


def test_an_oversized_run_is_cut_out_between_blank_lines() -> None:
    lines = ["x", "", "y" * (MAX_BLOCK_CHARS + 1), "", "z"]
    assert list(segments(lines)) == [(0, 2, True), (2, 3, False), (3, 5, True)]


def test_hostile_reply_streamed_equals_one_shot() -> None:
    text = "Intro\n\n" + "[" * 5000 + "\n\n- a\n\n- b\n"
    assert _streamed(text, 700) == MarkdownRenderer().render(text).html


def _streamed(text: str, step: int) -> str:
    streamer = StreamingRenderer(MarkdownRenderer())
    for i in range(0, len(text), step):
        streamer.feed(text[i : i + step])
        streamer.flush()
    streamer.finish()
    assert streamer.result is not None
    return streamer.result.html


def test_blocks_after_a_too_deep_list_are_still_formatted(renderer: MarkdownRenderer) -> None:
    """Past the nesting cap the parser skipped to the end: what followed became text too."""
    text = "Before *it*.\n\n" + "- " * 1000 + "x\n\nAfter *it*.\n\n" + "> " * 50 + "y\n\nEnd **b**."
    html = renderer.render(text).html
    assert html.count(FALLBACK_NOTE) == 2  # the list and the quote, each on its own
    assert html.count("<em>it</em>") == 2 and "<strong>b</strong>" in html
    shown = "".join(parse(html).text)
    assert shown.count("- - -") >= 1 and "> > >" in shown


def test_the_window_hostile_reply_streams_like_one_shot() -> None:
    from tests.fakeserver.replies import HOSTILE_REPLY

    one_shot = MarkdownRenderer().render(HOSTILE_REPLY).html
    assert _streamed(HOSTILE_REPLY, 4096) == one_shot
    assert "<em>still formatted</em>" in one_shot and "<strong>bold</strong>" in one_shot
