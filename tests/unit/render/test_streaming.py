"""Streaming: any chunking ends equal to the one-shot render, cheaply."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from desktop_app.render.markdown import CodeTheme, MarkdownRenderer
from desktop_app.render.streaming import StreamingRenderer, StreamUpdate

REPLY = """# Plan

Here is *the* plan with $x_1$ and https://example.com.

1. First step
   - detail
2. Second step:
   ```bash
   make all
   ```
3. Third

> quoted
> more

| k | v |
|---|---|
| a | 1 |

```python
def f():

    return 1
```

$$
a * b
$$

Done.
"""

_BITS = st.sampled_from(
    [
        "a",
        " ",
        "\n",
        "\n\n",
        "```",
        "~~~",
        "```py\n",
        "- ",
        "1. ",
        "  ",
        "    ",
        "> ",
        "$$",
        "\\[",
        "[a]",
        "[a]: https://a.example\n",
        "- [ ] ",
        "\\]",
        "$",
        "*",
        "|",
        "---",
        "#",
        "x y",
        "`",
        "\\(",
        "\\)",
        "x^2",
        "[^1]",
        "[^1]: note\n",
        "[^b]: other\n",
    ]
)
#: Math in every delimiter and footnotes, as a reply would stream them.
MATH_REPLY = """Energy is $E = mc^2$ and \\(p = mv\\), prices $5 and $10[^1].

The formula is:
\\[
\\int_0^1 x^2\\,dx = \\frac{1}{3}
\\]
so $$a + b$$ inline.

$$
\\sum_{i=1}^n i = \\frac{n(n+1)}{2}
$$

See also[^b].

[^1]: A footnote with $x$.
[^b]: Another.
"""
MARKDOWNISH = st.one_of(
    st.lists(_BITS, max_size=60).map("".join), st.just(REPLY), st.just(MATH_REPLY)
)


def stream(text: str, cuts: list[int], renderer: MarkdownRenderer) -> tuple[str, StreamUpdate]:
    """Feed ``text`` cut at ``cuts``, flushing after every piece."""
    streamer = StreamingRenderer(renderer)
    committed: list[str] = []
    last = 0
    for cut in [*sorted(set(cuts)), len(text)]:
        streamer.feed(text[last:cut])
        last = cut
        committed.append(streamer.flush().committed_html)
    final = streamer.finish()
    return "".join(committed) + final.committed_html, final


@settings(max_examples=300, deadline=None)
@given(st.data(), MARKDOWNISH)
def test_any_chunking_ends_equal_to_the_one_shot_render(data: st.DataObject, text: str) -> None:
    cuts = data.draw(st.lists(st.integers(min_value=0, max_value=len(text)), max_size=30))
    one_shot = MarkdownRenderer().render(text)
    streamed, final = stream(text, cuts, MarkdownRenderer())
    assert streamed + final.pending_html == one_shot.html
    assert final.pending_html == ""


def test_character_by_character_stream_equals_one_shot() -> None:
    for text in (REPLY, MATH_REPLY):
        one_shot = MarkdownRenderer().render(text).html
        streamed, _ = stream(text, list(range(len(text))), MarkdownRenderer())
        assert streamed == one_shot


def test_finished_blocks_are_committed_once_and_the_tail_is_pending() -> None:
    streamer = StreamingRenderer(MarkdownRenderer())
    streamer.feed("First paragraph.\n\nSecond is still being wr")
    update = streamer.flush()
    assert "First paragraph." in update.committed_html
    assert "Second is still" in update.pending_html
    assert "First" not in update.pending_html
    streamer.feed("itten.")
    again = streamer.flush()
    assert again.committed_html == ""
    assert "Second is still being written." in again.pending_html


def test_an_open_fence_streams_as_code_until_it_closes() -> None:
    streamer = StreamingRenderer(MarkdownRenderer())
    streamer.feed("```python\n# comment\n\n* not a list")
    update = streamer.flush()
    assert update.committed_html == ""
    assert "<pre" in update.pending_html and "<ul" not in update.pending_html
    assert 'href="copy:0"' in update.pending_html
    assert streamer.code_blocks == ("# comment\n\n* not a list",)
    streamer.feed("\n```\n")
    closed = streamer.flush()
    assert 'href="copy:0"' in closed.committed_html
    assert '<span style="color' in closed.committed_html, "committed code is highlighted"


def test_copy_indices_continue_across_committed_and_pending_blocks() -> None:
    streamer = StreamingRenderer(MarkdownRenderer())
    streamer.feed("```\none\n```\n\n```\ntwo")
    update = streamer.flush()
    assert 'href="copy:0"' in update.committed_html
    assert 'href="copy:1"' in update.pending_html
    assert streamer.code_blocks == ("one", "two")


def test_finish_caches_the_result_for_reopening() -> None:
    renderer = MarkdownRenderer()
    streamer = StreamingRenderer(renderer, CodeTheme.DARK)
    streamer.feed(REPLY)
    streamer.finish()
    assert renderer.render(REPLY, CodeTheme.DARK) is streamer.result
    assert streamer.text == REPLY


_SPANNING = [
    "Steps:\n\n1. one\n\n   more of one\n\n2. two\n\nafter\n",
    "> quote\n>\n> still the quote\n\nnext\n",
    "See [the docs][d] and [x].\n\nMore text.\n\n[d]: https://d.example\n[x]: https://x.example\n",
    "    code\n\n    more code\n\ntext\n",
    "- a\n\n  - b\n\n- c\n\nend\n",
    "$$\n\nfoo\n\n$$\n\nafter\n",
    "\\[\n\na + b\n\n\\]\n\nafter\n",
]


def _streamed(text: str, step: int) -> str:
    streamer = StreamingRenderer(MarkdownRenderer())
    for i in range(0, len(text), step):
        streamer.feed(text[i : i + step])
        streamer.flush()
    streamer.finish()
    assert streamer.result is not None
    return streamer.result.html


def test_blocks_spanning_blank_lines_stream_like_one_shot() -> None:
    renderer = MarkdownRenderer()
    for text in _SPANNING:
        for step in (1, 3, 7):
            assert _streamed(text, step) == renderer.render(text).html, (text, step)


def test_reference_links_resolve_when_defined_after_use() -> None:
    html = _streamed(_SPANNING[2], 1)
    assert 'href="https://d.example"' in html and 'href="https://x.example"' in html


def test_a_closed_paragraph_commits_so_the_tail_stays_short() -> None:
    streamer = StreamingRenderer(MarkdownRenderer())
    for i in range(50):
        streamer.feed(f"Paragraph {i} with *some* text.\n\n")
        streamer.flush()
    streamer.feed("last")
    assert streamer.flush().pending_html == "<p>last</p>\n"


def test_code_with_brackets_commits_once_closed() -> None:
    streamer = StreamingRenderer(MarkdownRenderer())
    streamer.feed("```python\nx = a[0]\n```\n")
    assert 'href="copy:0"' in streamer.flush().committed_html
