"""Our render agrees structurally with GitHub's cmark-gfm on realistic replies.

Run ``python -m tests.unit.render.test_corpus`` to print the agreement and
the replies that differ.
"""

from __future__ import annotations

import cmarkgfm

from desktop_app.render.markdown import MarkdownRenderer
from tests.unit.render.corpus import REPLIES
from tests.unit.render.math_corpus import MATH_REPLIES
from tests.unit.render.structure import structure

_GFM = cmarkgfm.Options.CMARK_OPT_DEFAULT


def gfm(text: str) -> object:
    return structure(cmarkgfm.github_flavored_markdown_to_html(text, options=_GFM))


def disagreements(renderer: MarkdownRenderer) -> list[str]:
    """The corpus replies whose structure differs from cmark-gfm's."""
    return [t for t in REPLIES if structure(renderer.render(t).html) != gfm(t)]


def math_disagreements(renderer: MarkdownRenderer) -> list[str]:
    """Math replies whose formulas shown differ from those written, or whose
    structure around them differs from cmark-gfm's (formulas as placeholders)."""
    missed: list[str] = []
    for text, formulas, placeholders in MATH_REPLIES:
        shown: list[str] = []
        ours = structure(renderer.render(text).html, shown)
        if tuple(shown) != formulas or ours != gfm(placeholders):
            missed.append(text)
    return missed


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


def test_math_corpus_shows_every_formula_and_agrees_around_them(
    renderer: MarkdownRenderer,
) -> None:
    assert len(MATH_REPLIES) >= 25
    missed = math_disagreements(renderer)
    assert 1 - len(missed) / len(MATH_REPLIES) >= 0.98, missed


def test_math_judging_sees_a_wrong_formula(renderer: MarkdownRenderer) -> None:
    text, formulas, placeholders = MATH_REPLIES[0]
    shown: list[str] = []
    assert structure(renderer.render(text).html, shown) == gfm(placeholders)
    assert tuple(shown) == formulas
    wrong: list[str] = []
    structure(renderer.render(text.replace("mc^2", "mc^3")).html, wrong)
    assert tuple(wrong) != formulas


if __name__ == "__main__":
    missed = disagreements(MarkdownRenderer())
    print(f"{len(REPLIES) - len(missed)}/{len(REPLIES)} agree with cmark-gfm")
    for text in missed:
        print("----\n" + text)
    missed = math_disagreements(MarkdownRenderer())
    agreed = len(MATH_REPLIES) - len(missed)
    print(f"math: {agreed}/{len(MATH_REPLIES)} show every formula and agree around them")
    for text in missed:
        print("----\n" + text)
