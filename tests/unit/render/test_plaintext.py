"""Copy as plain text: no markup, structure still readable."""

from __future__ import annotations

from desktop_app.render.markdown import MarkdownRenderer

REPLY = """## Steps

Use **bold** and *care*, see [the docs](https://docs.example/x) or https://a.example.

1. First
   - sub one
   - sub two
2. Second

> Quoted *line*

| Name | Value |
|------|-------|
| a    | 1     |

```python
if x:
    print("<hi>")
```
"""


def test_plain_text_has_no_markup_but_keeps_structure(renderer: MarkdownRenderer) -> None:
    assert renderer.plain_text(REPLY) == (
        "Steps\n\n"
        "Use bold and care, see the docs (https://docs.example/x) or https://a.example.\n\n"
        "1. First\n  - sub one\n  - sub two\n2. Second\n\n"
        "> Quoted line\n\n"
        "Name | Value\na | 1\n\n"
        'if x:\n    print("<hi>")\n'
    )


def test_raw_html_and_entities_come_back_as_written(renderer: MarkdownRenderer) -> None:
    assert renderer.plain_text("a <b>bold?</b> &amp; more") == "a <b>bold?</b> & more\n"


def test_empty_reply_is_empty(renderer: MarkdownRenderer) -> None:
    assert renderer.plain_text("") == ""
