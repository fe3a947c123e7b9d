"""Render budgets: one hostile block never freezes the window or hides others.

Issue 11 item 8: ``[``×8000, ``~~a ``×8000, ``**a*``×64000 and ``- ``×1000
froze Python-Markdown or raised ``RecursionError``. markdown-it-py is linear
on these and caps nesting, but a block still gets a size budget and any
failure (recursion, memory) falls back to escaped text with a note, for that
block only.
"""

from __future__ import annotations

import html
from collections.abc import Iterator

#: A run of lines between blank lines longer than this is shown as plain text
#: without being parsed (a 20,000-token reply is ~80 KB in total; one run that
#: large is not prose, and parsing 40 KB of ``*[`` takes ~0.6 s).
MAX_BLOCK_CHARS = 32_000
#: Extra budget a "[" costs: link parsing looks ahead from each one, so 20 KB
#: of ``![`` took ~0.5 s while 20 KB of prose takes ~10 ms.
BRACKET_COST = 8
#: Nesting beyond this is flattened by the parser (``maxNesting``).
MAX_NESTING = 20

FALLBACK_NOTE = "(shown as plain text: this part was too large or too deeply nested to format)"


def fallback_html(source: str) -> str:
    """The block's source as escaped, line-preserving text, with a note."""
    body = html.escape(source, quote=False)
    return f"<p><i>{FALLBACK_NOTE}</i></p>\n<pre>{body}</pre>\n"


def segments(lines: list[str]) -> Iterator[tuple[int, int, bool]]:
    """Line ranges ``[start, end)`` in order, and whether each is within budget.

    An oversized run of non-blank lines is cut out whole. Whether a run is cut
    depends only on the run, so any prefix that holds the run and the blank
    line after it cuts it the same way: streaming stays equal to one-shot.
    """
    start = 0  # first line of the current within-budget range
    run = 0  # first line of the current run of non-blank lines
    size = 0
    for i, line in enumerate([*lines, ""]):
        if line.strip():
            size += len(line) + 1 + BRACKET_COST * line.count("[")
            continue
        if size > MAX_BLOCK_CHARS:
            if run > start:
                yield start, run, True
            yield run, i, False
            start = i
        run, size = i + 1, 0
    if start < len(lines):
        yield start, len(lines), True
