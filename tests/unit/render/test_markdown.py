"""What a reader sees: markdown features, code blocks, math, themes, cache."""

from __future__ import annotations

import time

from desktop_app.render.markdown import CodeTheme, MarkdownRenderer
from tests.unit.render.conftest import parse

FENCED = "Intro:\n\n```python\nx = 1  # one\n```\n\nthen\n\n~~~\nplain <b>\n~~~\n"


def test_common_markdown_becomes_the_matching_elements(renderer: MarkdownRenderer) -> None:
    text = (
        "# Title\n\nSome *em*, **strong**, `code` and ~~gone~~.\n\n"
        "- one\n  - nested\n- two\n\n> quoted\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n---\n"
    )
    tags = [tag for tag, _ in parse(renderer.render(text).html).tags]
    for expected in ("h1", "em", "strong", "code", "s", "ul", "li", "blockquote", "table", "hr"):
        assert expected in tags
    assert tags.count("ul") == 2, "two-space nesting must give a nested list"


def test_tables_get_border_attributes_qt_understands(renderer: MarkdownRenderer) -> None:
    html = renderer.render("| a | b |\n|---|---|\n| 1 | 2 |\n").html
    (table,) = parse(html).named("table")
    assert table["border"] == "1" and table["cellpadding"]


def test_ordered_list_interrupted_by_code_keeps_its_numbering(
    renderer: MarkdownRenderer,
) -> None:
    text = "1. Install:\n   ```bash\n   pip install x\n   ```\n2. Run it\n"
    result = renderer.render(text)
    assert len(parse(result.html).named("ol")) == 1, "the code stays inside item 1"
    assert len(parse(result.html).named("li")) == 2
    assert result.code_blocks == ("pip install x",)


def test_each_fence_gets_a_label_and_a_copy_link_to_its_raw_code(
    renderer: MarkdownRenderer,
) -> None:
    result = renderer.render(FENCED)
    tags = parse(result.html)
    hrefs = [a["href"] for a in tags.named("a")]
    assert hrefs == ["copy:0", "copy:1"]
    assert result.code_blocks == ("x = 1  # one", "plain <b>")
    assert "python" in tags.text and "text" in tags.text
    assert "&lt;b&gt;" in result.html


def test_code_is_highlighted_differently_per_theme(renderer: MarkdownRenderer) -> None:
    light = renderer.render(FENCED, CodeTheme.LIGHT).html
    dark = renderer.render(FENCED, CodeTheme.DARK).html
    assert light != dark
    assert '<span style="color' in light, "Pygments colours must be inline for Qt"
    light_bg = {t["bgcolor"] for t in parse(light).named("table")}
    dark_bg = {t["bgcolor"] for t in parse(dark).named("table")}
    assert light_bg.isdisjoint(dark_bg)


def test_unknown_language_is_shown_plain_not_dropped(renderer: MarkdownRenderer) -> None:
    result = renderer.render("```nosuchlang\na < b\n```\n")
    assert "a &lt; b" in result.html and "nosuchlang" in result.html


def test_unclosed_fence_runs_to_the_end_as_code(renderer: MarkdownRenderer) -> None:
    result = renderer.render("```py\nprint(1)\n\n# not a heading\n")
    assert result.code_blocks == ("print(1)\n\n# not a heading",)
    assert "<h1" not in result.html


def test_math_is_typeset_with_its_tex_kept_and_no_markdown_inside(
    renderer: MarkdownRenderer,
) -> None:
    text = "Inline $a_1 * b_2 * c_3$ here, $$x_1^*$$ too.\n\n$$\n\\sum_i a_i * b_i\n\n$$\n"
    html = renderer.render(text).html
    alts = [img["alt"] for img in parse(html).named("img")]
    assert alts == ["$a_1 * b_2 * c_3$", "$$x_1^*$$", "$$\n\\sum_i a_i * b_i\n$$"]
    assert "<em>" not in html and "<strong>" not in html


def test_prices_and_escaped_dollars_are_not_math(renderer: MarkdownRenderer) -> None:
    html = renderer.render("It costs $5 and $10, or \\$3 and \\$4.").html
    assert "<code" not in html
    assert "$5 and $10, or $3 and $4." in "".join(parse(html).text)


def test_bare_urls_become_links_without_trailing_punctuation(
    renderer: MarkdownRenderer,
) -> None:
    html = renderer.render("See https://example.com/a_(b). Or (https://x.org/y).").html
    hrefs = [a["href"] for a in parse(html).named("a")]
    assert hrefs == ["https://example.com/a_(b)", "https://x.org/y"]


def test_link_text_that_is_a_url_is_not_linked_twice(renderer: MarkdownRenderer) -> None:
    html = renderer.render("[https://a.org](https://a.org)").html
    assert len(parse(html).named("a")) == 1


def test_repeat_render_is_served_from_the_cache() -> None:
    renderer = MarkdownRenderer(cache_size=2)
    text = "```python\n" + "x = [i for i in range(10)]\n" * 400 + "```\n"
    first = renderer.render(text)
    start = time.perf_counter()
    again = renderer.render(text)
    assert again is first
    assert time.perf_counter() - start < 0.005
    renderer.render("a")
    renderer.render("b")
    assert renderer.render(text) is not first, "least recently used entries are evicted"
    assert renderer.render(text, CodeTheme.DARK) is not renderer.render(text, CodeTheme.LIGHT)


def test_warm_up_renders_without_error_and_leaves_output_unchanged() -> None:
    cold = MarkdownRenderer().render(FENCED).html
    warm = MarkdownRenderer()
    warm.warm_up()
    assert warm.render(FENCED).html == cold


def test_tex_in_every_delimiter_keeps_its_backslashes(renderer: MarkdownRenderer) -> None:
    text = "Inline \\(a^2 + b^2\\) and $x_1$.\n\n\\[\n\\frac{1}{2}\n\\]\n\n$$\n\\sum_i x_i\n$$\n"
    alts = [img["alt"] or "" for img in parse(renderer.render(text).html).named("img")]
    assert alts == ["\\(a^2 + b^2\\)", "$x_1$", "\\[\n\\frac{1}{2}\n\\]", "$$\n\\sum_i x_i\n$$"]
    plain = renderer.plain_text(text)
    for tex in alts:
        assert tex in plain, "copy as text keeps the TeX"


def test_dollars_with_spaces_inside_are_prose(renderer: MarkdownRenderer) -> None:
    html = renderer.render("It costs $5 and $ 10, or $20 $ total.").html
    assert "<code" not in html


def test_task_items_show_ballot_boxes_not_inputs(renderer: MarkdownRenderer) -> None:
    html = renderer.render("- [x] done\n- [ ] todo\n").html
    assert "<input" not in html
    assert "\u2611 done" in html and "\u2610 todo" in html


def test_a_loose_task_item_has_its_box_on_the_line_of_its_text(
    renderer: MarkdownRenderer,
) -> None:
    """cmark-gfm puts the box before the ``<p>``; Qt would draw it on a line of its own."""
    html = renderer.render("- [x] done\n\n  more about it\n\n- [ ] todo\n").html
    assert "<p>\u2611 done</p>" in html and "<p>\u2610 todo</p>" in html
