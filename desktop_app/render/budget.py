"""Render budgets: one hostile block never freezes the window or hides others.

Issue 11 item 8: ``[``×8000, ``~~a ``×8000, ``**a*``×64000 and ``- ``×1000
froze Python-Markdown or raised ``RecursionError``. markdown-it-py is linear
on these and caps nesting, but a block still gets a size budget and any
failure (recursion, memory) falls back to escaped text with a note, for that
block only.
"""

from __future__ import annotations

import html

#: A block with more source than this is shown as plain text (a 20,000-token
#: reply is ~80 KB in total; one block that large is not prose).
MAX_BLOCK_CHARS = 64_000
#: Nesting beyond this is flattened by the parser (``maxNesting``).
MAX_NESTING = 20

FALLBACK_NOTE = "(shown as plain text: this part was too large or too deeply nested to format)"


def fallback_html(source: str) -> str:
    """The block's source as escaped, line-preserving text, with a note."""
    body = html.escape(source, quote=False)
    return f"<p><i>{FALLBACK_NOTE}</i></p>\n<pre>{body}</pre>\n"
