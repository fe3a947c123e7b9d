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
    streamer = StreamingRenderer(MarkdownRenderer())
    for i in range(0, len(text), 700):
        streamer.feed(text[i : i + 700])
        streamer.flush()
    streamer.finish()
    assert streamer.result is not None
    assert streamer.result.html == MarkdownRenderer().render(text).html
