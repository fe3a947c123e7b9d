"""Our render agrees structurally with GitHub's cmark-gfm on realistic replies.

Run ``python -m tests.unit.render.test_corpus`` to print the agreement and
the replies that differ.
"""

from __future__ import annotations

import cmarkgfm

from desktop_app.render.markdown import MarkdownRenderer
from tests.unit.render.corpus import REPLIES
from tests.unit.render.structure import structure

_GFM = cmarkgfm.Options.CMARK_OPT_DEFAULT


def gfm(text: str) -> object:
    return structure(cmarkgfm.github_flavored_markdown_to_html(text, options=_GFM))


def disagreements(renderer: MarkdownRenderer) -> list[str]:
    """The corpus replies whose structure differs from cmark-gfm's."""
    return [t for t in REPLIES if structure(renderer.render(t).html) != gfm(t)]


def test_corpus_is_large_enough() -> None:
    assert len(REPLIES) >= 100


def test_structure_ignores_our_chrome_but_not_content(renderer: MarkdownRenderer) -> None:
    code = "```python\nx = 1\n```\n"
    assert structure(renderer.render(code).html) == gfm(code)
    assert structure(renderer.render("- a\n").html) != gfm("1. a\n")


def test_lists_after_a_text_line_are_lists(renderer: MarkdownRenderer) -> None:
    text = REPLIES[0]
    assert structure(renderer.render(text).html) == gfm(text)
    assert "<ol>" in renderer.render(text).html


def test_corpus_agrees_with_cmark_gfm(renderer: MarkdownRenderer) -> None:
    missed = disagreements(renderer)
    agreement = 1 - len(missed) / len(REPLIES)
    assert agreement >= 0.98, missed


if __name__ == "__main__":
    missed = disagreements(MarkdownRenderer())
    print(f"{len(REPLIES) - len(missed)}/{len(REPLIES)} agree with cmark-gfm")
    for text in missed:
        print("----\n" + text)
