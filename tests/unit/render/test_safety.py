"""Untrusted replies: nothing fetched, nothing run, only safe links clickable."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from desktop_app.render import formula
from desktop_app.render.markdown import MarkdownRenderer
from desktop_app.render.sanitize import safe_href
from desktop_app.render.streaming import StreamingRenderer
from tests.unit.render.conftest import parse

HOSTILE = """<script>alert(1)</script>
<style>body { display: none }</style>
<img src="https://tracker.example/pixel.png" onerror="alert(2)">
![tracking pixel](https://tracker.example/a.png)
![x][ref]

[ref]: https://tracker.example/b.png
<iframe src="https://evil.example"></iframe>
[js](javascript:alert(3)) [file](file:///etc/passwd) [data](data:text/html,<script>x</script>)
[vb](vbscript:msgbox) [rel](../../secret) [JS](JaVaScRiPt:alert(4)) [ws]( javascript:alert(5))
<a href="javascript:alert(6)">raw link</a> <https://ok.example/> <javascript:alert(7)>
[ok](https://ok.example/page) [mail](mailto:someone@example.com)
"""

SAFE_PREFIXES = ("http://", "https://", "mailto:", "copy:", "#fn-")
DANGEROUS_TAGS = {"img", "script", "style", "iframe", "object", "embed", "link", "meta", "svg"}


#: The only image there may be: a formula we typeset, by its key.
_FORMULA_ATTRS = {"src", "width", "height", "alt", "title", "style"}


def assert_inert(html: str) -> None:
    """No element that fetches or runs anything; every href has a safe scheme.

    An ``<img>`` is allowed only as a formula this process typeset itself.
    """
    tags = parse(html)
    images = 0
    for tag, attrs in tags.tags:
        if tag == "img":
            assert set(attrs) <= _FORMULA_ATTRS, attrs
            src = attrs.get("src") or ""
            assert src.startswith(f"{formula.SCHEME}:"), src
            assert formula.lookup(src.removeprefix(f"{formula.SCHEME}:")) is not None, src
            images += 1
            continue
        assert tag not in DANGEROUS_TAGS, f"<{tag}> in output"
        assert "src" not in attrs
        assert not any(name.startswith("on") for name in attrs)
        href = attrs.get("href")
        if href is not None:
            assert href.lower().startswith(SAFE_PREFIXES), href
    lowered = html.lower()
    assert lowered.count("<img") == images
    assert "<script" not in lowered and "<style" not in lowered


def test_hostile_reply_renders_inert(renderer: MarkdownRenderer) -> None:
    assert_inert(renderer.render(HOSTILE).html)


def test_a_reply_cannot_name_an_image_of_its_own(renderer: MarkdownRenderer) -> None:
    key = formula.formula_key("x", False, "#1f2328")
    formula.typeset("x", display=False, colour="#1f2328")  # a real key exists
    text = (
        f"![f]({formula.SCHEME}:{key}) [f]({formula.SCHEME}:{key}) "
        f'<img src="{formula.SCHEME}:{key}"> [note](#fn-1)\n'
    )
    html = renderer.render(text).html
    assert "<img" not in html.lower()
    assert not parse(html).named("a"), "no formula: or #fragment link a reply wrote"
    assert formula.lookup("0" * 24) is None, "only keys we typeset resolve"


def test_footnote_labels_and_notes_stay_text(renderer: MarkdownRenderer) -> None:
    text = "See[^<b>x</b>].\n\n[^<b>x</b>]: <script>alert(1)</script> [js](javascript:x)\n"
    html = renderer.render(text).html
    assert_inert(html)
    assert "<script>alert(1)</script>" in "".join(parse(html).text)


def test_raw_html_is_shown_as_text(renderer: MarkdownRenderer) -> None:
    shown = "".join(parse(renderer.render(HOSTILE).html).text)
    assert "<script>alert(1)</script>" in shown
    assert '<a href="javascript:alert(6)">raw link</a>' in shown


def test_images_become_links_labelled_with_their_alt_text(renderer: MarkdownRenderer) -> None:
    html = renderer.render("![a cat](https://img.example/cat.png)").html
    (link,) = parse(html).named("a")
    assert link["href"] == "https://img.example/cat.png"
    assert "[image: a cat]" in "".join(parse(html).text)


def test_only_http_https_and_mailto_links_stay_clickable(renderer: MarkdownRenderer) -> None:
    hrefs = [a["href"] for a in parse(renderer.render(HOSTILE).html).named("a")]
    assert "https://ok.example/page" in hrefs
    assert "mailto:someone@example.com" in hrefs
    assert "https://ok.example/" in hrefs
    assert all(h and h.startswith(SAFE_PREFIXES) for h in hrefs)


def test_safe_href_rejects_everything_but_the_three_schemes() -> None:
    assert safe_href("https://a.b/c?d=e") == "https://a.b/c?d=e"
    assert safe_href("MAILTO:x@y.z") == "MAILTO:x@y.z"
    for bad in ("javascript:x", "file:///x", "data:,x", "//host/x", "/x", "http://a\nb", ""):
        assert safe_href(bad) is None


_PIECES = st.sampled_from(
    [
        "<script>",
        "</script>",
        "<img src=x>",
        "<style>",
        "![a](",
        "](",
        "[",
        ")",
        "javascript:",
        "file:",
        "data:",
        "http://",
        "mailto:",
        "<",
        ">",
        '"',
        "'",
        " src=",
        " onerror=",
        "&#106;",
        "&lt;",
        "\\",
        "`",
        "```",
        "$",
        "$$",
        "\\[",
        "\\]",
        "[^1]",
        "[^1]: ",
        "*",
        "_",
        "\n",
        "\n\n",
        "    ",
        "- ",
        "> ",
        "| a |",
        "\x02",
        "\x03",
        "x",
    ]
)
HOSTILE_TEXT = st.one_of(
    st.lists(_PIECES, max_size=40).map("".join),
    st.text(max_size=200),
)


@settings(max_examples=300, deadline=None)
@given(HOSTILE_TEXT)
def test_any_input_renders_inert(text: str) -> None:
    assert_inert(MarkdownRenderer().render(text).html)


@settings(max_examples=100, deadline=None)
@given(HOSTILE_TEXT, st.integers(min_value=1, max_value=7))
def test_streamed_tails_are_inert_too(text: str, step: int) -> None:
    stream = StreamingRenderer(MarkdownRenderer())
    for i in range(0, len(text), step):
        stream.feed(text[i : i + step])
        update = stream.flush()
        assert_inert(update.committed_html + update.pending_html)
