"""Each kind of error issue 13 lists, one case each, as cmark-gfm renders it.

The issue measured these failures of the old renderer; every case here is
compared structurally with GitHub's cmark-gfm, plus what a reader would see.
"""

from __future__ import annotations

import pytest

from desktop_app.render.markdown import MarkdownRenderer
from tests.unit.render.conftest import parse
from tests.unit.render.structure import structure
from tests.unit.render.test_corpus import gfm

CASES = {
    "reference-style link resolves across blocks": (
        "See [the docs][d].\n\nMore text.\n\n[d]: https://example.com/docs\n",
        "<a href=",
    ),
    "list right after a text line": ("Here are the steps:\n1. One\n2. Two\n", "<ol>"),
    "table right after a text line": ("Results:\n| a | b |\n|---|---|\n| 1 | 2 |\n", "<table"),
    "list after a **Note:** label": ("**Note:**\n- first\n- second\n", "<ul>"),
    "list inside a quote": ("> Quote:\n> - a\n> - b\n", "<ul>"),
    "numbered list right after a bullet list": ("- a\n- b\n1. one\n2. two\n", "<ol>"),
    "--- under a list is a rule, not a heading": ("- a\n- b\n\n---\n\nAfter.\n", "<hr"),
    "=== under a quote is not a heading": ("> quoted\n===\n", "<blockquote"),
    "a list item's content column": ("1.  wide marker\n\n    continued in the item\n", "<li>"),
    "fenced code inside a list item stays in it": (
        "1. Run:\n   ```bash\n   make\n   ```\n2. Done\n",
        "<ol>",
    ),
    "fenced code inside a quote stays in it": ("> ```\n> code\n> ```\n", "<blockquote"),
    "nesting by indentation": ("- a\n - b\n  - c\n", "<ul>"),
    "1) markers": ("1) first\n2) second\n", "<ol>"),
    "email autolink": ("Write to <foo@bar.example.com>.\n", 'href="mailto:foo@bar.example.com"'),
    "www. autolink": ("Visit www.example.com today.\n", 'href="http://www.example.com"'),
    "bare URL autolink": ("See https://example.com/a?b=c.\n", 'href="https://example.com/a?b=c"'),
    "backslash then newline is a hard break": ("foo\\\nbar\n", "<br"),
    "link with a title and angle brackets": ('[a](<b c> "t")\n', "<span>"),
    "#hashtag is not a heading": ("#hashtag here\n", "<p>#hashtag"),
    "strikethrough": ("~~gone~~ kept\n", "<s>"),
    "task list": ("- [ ] todo\n- [x] done\n", "\u2610"),
    "headings directly followed by lists": ("## Steps\n- a\n- b\n", "<h2>"),
    "nested list with four spaces": ("1. Step\n    - detail\n2. Next\n", "<ul>"),
}


@pytest.mark.parametrize("name", list(CASES))
def test_issue_13_case_renders_as_cmark_gfm(renderer: MarkdownRenderer, name: str) -> None:
    text, seen = CASES[name]
    html = renderer.render(text).html
    assert structure(html) == gfm(text)
    assert seen in html


def test_tex_in_parentheses_keeps_its_backslashes(renderer: MarkdownRenderer) -> None:
    """Issue 13: ``\\(a^2\\)`` lost its backslashes; now it is a formula, TeX kept."""
    html = renderer.render("so \\(a^2\\) holds\n").html
    assert [img["alt"] for img in parse(html).named("img")] == ["\\(a^2\\)"]
