"""Footnotes: numbered references that link inside the card, notes where written."""

from __future__ import annotations

from desktop_app.render.markdown import MarkdownRenderer
from tests.unit.render.conftest import parse

REPLY = (
    "Python is popular[^why] and fast enough[^perf].\n\n"
    "More text[^why].\n\n"
    "[^perf]: For most scripts.\n"
    "[^why]: Readable syntax, big library.\n"
)


def test_references_are_numbered_in_order_of_first_use(renderer: MarkdownRenderer) -> None:
    html = renderer.render(REPLY).html
    hrefs = [a["href"] for a in parse(html).named("a") if "href" in a]
    assert hrefs == ["#fn-1", "#fn-2", "#fn-1"]
    shown = "".join(parse(html).text)
    assert "popular[1] and fast enough[2]" in shown and "More text[1]" in shown


def test_each_note_is_an_anchor_in_the_card_with_its_number(renderer: MarkdownRenderer) -> None:
    html = renderer.render(REPLY).html
    assert [a["name"] for a in parse(html).named("a") if "name" in a] == ["fn-2", "fn-1"]
    assert '<ol start="2"' in html and '<ol start="1"' in html
    assert "[^" not in "".join(parse(html).text), "labels are not shown as raw syntax"


def test_an_unreferenced_note_keeps_its_label_and_text(renderer: MarkdownRenderer) -> None:
    html = renderer.render("Text.\n\n[^lost]: Still here.\n").html
    assert "[^lost]: Still here." in "".join(parse(html).text)


def test_a_reference_without_a_note_stays_text(renderer: MarkdownRenderer) -> None:
    html = renderer.render("Missing[^nope] note.\n").html
    assert "Missing[^nope] note." in "".join(parse(html).text)
    assert not parse(html).named("a")


def test_copy_as_text_keeps_the_numbers(renderer: MarkdownRenderer) -> None:
    plain = renderer.plain_text(REPLY)
    assert "popular[1] and fast enough[2]" in plain
    assert "2. For most scripts." in plain and "1. Readable syntax, big library." in plain
