"""The block splitter both render paths share."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from desktop_app.render.blocks import (
    Block,
    BlockKind,
    BlockSplitter,
    normalize_list_indent,
    split_blocks,
)

MD = BlockKind.MARKDOWN


def test_blank_lines_separate_paragraphs() -> None:
    assert split_blocks("one\ntwo\n\n\nthree") == [Block(MD, "one\ntwo"), Block(MD, "three")]


def test_a_fence_interrupts_a_paragraph_and_ends_at_its_close() -> None:
    blocks = split_blocks("Run:\n```sh\nls\n\nls -l\n```\nafter")
    assert blocks == [
        Block(MD, "Run:"),
        Block(BlockKind.FENCE, "```sh\nls\n\nls -l\n```"),
        Block(MD, "after"),
    ]


def test_a_shorter_or_other_fence_does_not_close_one() -> None:
    (block,) = split_blocks("````\n```\n~~~~\n````")
    assert block.kind is BlockKind.FENCE and block.text.endswith("~~~~\n````")


def test_loose_lists_and_quotes_stay_one_block() -> None:
    text = "- a\n\n- b\n\n    more b\n\n> q\n\n> r\n\nafter"
    assert [b.text for b in split_blocks(text)] == [
        "- a\n\n- b\n\n    more b",
        "> q\n\n> r",
        "after",
    ]


def test_display_math_is_its_own_block_even_with_blank_lines() -> None:
    blocks = split_blocks("see\n$$\na\n\n* b\n$$\nend")
    assert blocks[1] == Block(BlockKind.MATH, "$$\na\n\n* b\n$$")


def test_models_two_space_nesting_is_reindented_for_python_markdown() -> None:
    text = "1. a\n   - b\n     text of b\n2. c\n  - d"
    assert normalize_list_indent(text) == "1. a\n    - b\n        text of b\n2. c\n    - d"


def test_indented_code_outside_lists_is_left_alone() -> None:
    assert normalize_list_indent("para\n\n    code") == "para\n\n    code"


_BITS = st.sampled_from(
    ["a", " ", "\n", "\n\n", "```", "~~~~", "- ", "1. ", "   ", "> ", "$$", "x y z w v u t s"]
)


@settings(max_examples=300, deadline=None)
@given(st.data(), st.lists(_BITS, max_size=50).map("".join))
def test_any_chunking_yields_the_same_blocks(data: st.DataObject, text: str) -> None:
    cuts = sorted(data.draw(st.lists(st.integers(0, len(text)), max_size=20)))
    splitter = BlockSplitter()
    blocks: list[Block] = []
    for start, end in zip([0, *cuts], [*cuts, len(text)], strict=True):
        blocks += splitter.feed(text[start:end])
    assert blocks + splitter.finish() == split_blocks(text)


def test_the_buffer_only_keeps_the_open_block() -> None:
    """Streaming stays linear: committed text is never scanned again."""
    splitter = BlockSplitter()
    paragraph = "word " * 40 + "\n\n"
    emitted = 0
    for _ in range(300):
        for i in range(0, len(paragraph), 4):
            emitted += len(splitter.feed(paragraph[i : i + 4]))
    assert emitted == 300
    assert len(splitter.pending) < len(paragraph)
