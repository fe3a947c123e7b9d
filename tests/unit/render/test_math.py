"""Math as models write it: typeset in every delimiter, TeX kept, code when it can't be."""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest

from desktop_app.render import formula
from desktop_app.render.highlight import PALETTES
from desktop_app.render.markdown import CodeTheme, MarkdownRenderer
from desktop_app.render.streaming import StreamingRenderer
from tests.unit.render.conftest import parse


def images(html: str) -> list[str]:
    """The TeX (alt) of every typeset formula, in order."""
    return [str(img["alt"]) for img in parse(html).named("img")]


def codes(html: str) -> list[str]:
    """Text shown in inline code or code boxes (how an untypeset formula looks)."""
    out: list[str] = []
    for chunk in html.split("<code")[1:]:
        out.append(chunk.split(">", 1)[1].split("</code>", 1)[0])
    for chunk in html.split("<pre")[1:]:
        out.append(chunk.split(">", 1)[1].split("</pre>", 1)[0])
    return out


def test_every_delimiter_is_typeset(renderer: MarkdownRenderer) -> None:
    text = (
        "Inline $e^{i\\pi} + 1 = 0$, \\(a^2 + b^2 = c^2\\) and $$\\sum_i x_i$$.\n\n"
        "\\[\n\\int_0^\\infty e^{-x^2}\\,dx = \\frac{\\sqrt{\\pi}}{2}\n\\]\n\n"
        "$$\n\\begin{pmatrix} a & b \\\\ c & d \\end{pmatrix}\n$$\n"
    )
    html = renderer.render(text).html
    assert images(html) == [
        "$e^{i\\pi} + 1 = 0$",
        "\\(a^2 + b^2 = c^2\\)",
        "$$\\sum_i x_i$$",
        "\\[\n\\int_0^\\infty e^{-x^2}\\,dx = \\frac{\\sqrt{\\pi}}{2}\n\\]",
        "$$\n\\begin{pmatrix} a & b \\\\ c & d \\end{pmatrix}\n$$",
    ]
    assert "<code" not in html, "nothing fell back to code"
    assert html.count('<td align="center">') == 3, "display math is centred"


def test_display_brackets_after_a_text_line_keep_their_backslashes(
    renderer: MarkdownRenderer,
) -> None:
    """CommonMark reads ``\\[`` as an escaped bracket; models mean display math."""
    text = "The formula is:\n\\[\nE = mc^2\n\\]\nwhere E is energy.\n"
    html = renderer.render(text).html
    assert images(html) == ["\\[\nE = mc^2\n\\]"]
    shown = "".join(parse(html).text)
    assert "The formula is:" in shown and "where E is energy." in shown
    assert "[" not in shown, "no bracket left over from a lost escape"
    assert '<td align="center"><img' in html, "display math gets a centred line of its own"


def test_text_after_a_closing_bracket_on_its_line_is_kept(renderer: MarkdownRenderer) -> None:
    html = renderer.render("\\[x^2\\] then text.\n\n\\[y\\] (1)\n").html
    assert images(html) == ["\\[x^2\\]", "\\[\ny\n\\]"]
    assert "then text." in "".join(parse(html).text)


def test_display_math_in_a_tight_list_item_breaks_the_line(renderer: MarkdownRenderer) -> None:
    html = renderer.render("- item \\[x\\] after\n- b\n").html
    assert images(html) == ["\\[x\\]"]
    assert html.count("<br />") == 2 and "<p" not in html


def test_double_dollars_inside_a_paragraph_are_display_math(
    renderer: MarkdownRenderer,
) -> None:
    text = "So we get\n$$\nx = \\frac{-b}{2a}\n$$\nas expected.\n"
    html = renderer.render(text).html
    assert images(html) == ["$$\nx = \\frac{-b}{2a}\n$$"]
    assert html.count('<td align="center">') == 1
    shown = "".join(parse(html).text)
    assert "So we get" in shown and "as expected." in shown


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("Bad: $\\frac{1}{$ here.\n", "$\\frac{1}{$"),
        ("Unknown: $\\notacommand{x}$ here.\n", "$\\notacommand{x}$"),
        ("CJK: $速度 = v$ here.\n", "$速度 = v$"),
        ("$$\n\\frac{a}{\n$$\n", "$$\n\\frac{a}{\n$$"),
        ("$" + "x+" * 1000 + "x$\n", "$" + "x+" * 1000 + "x$"),
    ],
)
def test_a_formula_that_cannot_be_typeset_is_shown_as_its_tex(
    renderer: MarkdownRenderer, text: str, shown: str
) -> None:
    html = renderer.render(text).html
    assert images(html) == []
    assert shown in codes(html)


def test_prices_and_escaped_dollars_stay_prose(renderer: MarkdownRenderer) -> None:
    html = renderer.render("It costs $5 and $10, or \\$3 to \\$4 for $x$.\n").html
    assert images(html) == ["$x$"]
    assert "It costs $5 and $10, or $3 to $4 for" in "".join(parse(html).text)


def test_formulas_take_the_theme_text_colour() -> None:
    tex = "a^2 + b^2"
    light = formula.typeset(tex, display=False, colour=PALETTES[CodeTheme.LIGHT].formula_fg)
    dark = formula.typeset(tex, display=False, colour=PALETTES[CodeTheme.DARK].formula_fg)
    assert light is not None and dark is not None
    assert light.key != dark.key
    assert PALETTES[CodeTheme.DARK].formula_fg.encode() in dark.svg
    assert PALETTES[CodeTheme.LIGHT].formula_fg.encode() not in dark.svg
    renderer = MarkdownRenderer()
    dark_html = renderer.render(f"${tex}$", CodeTheme.DARK).html
    assert f"formula:{dark.key}" in dark_html


def test_a_typeset_formula_is_a_sized_svg_cached_by_key() -> None:
    first = formula.typeset("\\sqrt{x}", display=True, colour="#000000")
    assert first is not None
    assert formula.typeset("\\sqrt{x}", display=True, colour="#000000") is first
    assert formula.lookup(first.key) is first
    root = ET.fromstring(first.svg)
    assert root.tag.endswith("svg")
    assert float(root.attrib["width"]) == pytest.approx(first.width)
    assert first.width > 5 and first.height > 5


def test_an_evicted_formula_is_typeset_again_on_lookup(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(formula, "CACHE_SIZE", 1)
    kept = formula.typeset("y_1", display=False, colour="#123456")
    assert kept is not None
    formula.typeset("y_2", display=False, colour="#123456")  # evicts y_1
    again = formula.lookup(kept.key)
    assert again is not None and again is not kept and again.svg == kept.svg


def test_copy_as_text_keeps_every_formula_as_tex(renderer: MarkdownRenderer) -> None:
    text = "Area $\\pi r^2$.\n\n$$\n\\int f\n$$\n"
    assert renderer.plain_text(text) == "Area $\\pi r^2$.\n\n$$\n\\int f\n$$\n"


def _tail(text: str) -> str:
    streamer = StreamingRenderer(MarkdownRenderer())
    streamer.feed(text)
    update = streamer.flush()
    return update.committed_html + update.pending_html


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("Energy is $E = mc", "$E = mc"),
        ("Energy is \\(E = m", "\\(E = m"),
        ("So:\n\\[\n\\frac{a}{", "\\[\n\\frac{a}{"),
        ("So:\n\n$$\n\\int_0^1 x", "$$\n\\int_0^1 x"),
    ],
)
def test_a_formula_still_streaming_shows_as_code_until_closed(text: str, shown: str) -> None:
    html = _tail(text)
    assert images(html) == []
    assert shown in codes(html)


def test_a_closed_formula_in_the_tail_is_typeset() -> None:
    html = _tail("Energy is $E = mc^2$ and $p")
    assert images(html) == ["$E = mc^2$"]
    assert "$p" in codes(html)


def test_a_price_at_the_end_of_the_tail_stays_prose() -> None:
    html = _tail("It costs $5 and more")
    assert "<code" not in html
    assert "It costs $5 and more" in "".join(parse(html).text)


def test_a_paragraph_with_display_brackets_commits_once_closed() -> None:
    """A ``\\]`` is not a reference that a later definition could resolve."""
    streamer = StreamingRenderer(MarkdownRenderer())
    streamer.feed("So:\n\\[\nx^2\n\\]\nholds, as does $[a, b]$.\n\nNext para")
    update = streamer.flush()
    assert images(update.committed_html) == ["\\[\nx^2\n\\]", "$[a, b]$"]
    assert "Next para" in update.pending_html and "holds" not in update.pending_html


def test_start_up_warm_up_does_not_load_the_typesetter() -> None:
    """~0.25 s and ~24 MB: paid by the first reply that streams, not by every start."""
    code = (
        "import sys\n"
        "from desktop_app.render.markdown import MarkdownRenderer\n"
        "MarkdownRenderer().warm_up()\n"
        "assert 'ziamath' not in sys.modules, 'typesetter loaded at start-up'\n"
        "from desktop_app.render.streaming import StreamingRenderer\n"
        "StreamingRenderer(MarkdownRenderer())\n"
        "from desktop_app.render import formula\n"
        "assert formula.typeset('x', display=False, colour='#000000') is not None\n"
    )
    subprocess.run([sys.executable, "-W", "ignore::DeprecationWarning", "-c", code], check=True)
