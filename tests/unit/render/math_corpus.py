# ruff: noqa: E501  (replies are data; wrapping them would hide their shape)
"""Realistic replies with math in every delimiter (issue 13), judged by the formula shown.

cmark-gfm has no math, so each formula is marked ``⟦…⟧`` here: ``text`` is the
reply as a model writes it, ``formulas`` what we must show (the TeX exactly as
written), and ``placeholder_text`` the same reply with each formula replaced
by ``MATHn``, which cmark-gfm renders for the structure around the formulas.
Display math is lifted into a block of its own (as we draw it), so its
placeholder stands between blank lines.
"""

from __future__ import annotations

import re

MARKED: tuple[str, ...] = (
    "The energy is ⟦$E = mc^2$⟧, where ⟦$c$⟧ is the speed of light.\n",
    "Using ⟦\\(a^2 + b^2 = c^2\\)⟧ we get the hypotenuse.\n",
    "The quadratic formula:\n\n⟦$$\nx = \\frac{-b \\pm \\sqrt{b^2 - 4ac}}{2a}\n$$⟧\n\nworks for any ⟦$a \\neq 0$⟧.\n",
    "The formula is:\n⟦\\[\n\\int_0^1 x^2\\,dx = \\frac{1}{3}\n\\]⟧\nwhich is easy to check.\n",
    "So ⟦\\[ \\sum_{i=1}^{n} i = \\frac{n(n+1)}{2} \\]⟧ for every ⟦\\(n \\ge 1\\)⟧.\n",
    "Steps:\n1. Write ⟦$f(x) = x^2$⟧\n2. Differentiate: ⟦$f'(x) = 2x$⟧\n3. Evaluate at ⟦$x = 3$⟧\n",
    "- Mean: ⟦$\\mu = \\frac{1}{n}\\sum x_i$⟧\n- Variance: ⟦$\\sigma^2$⟧\n  - nested: ⟦\\(\\sigma = \\sqrt{\\sigma^2}\\)⟧\n",
    "| Quantity | Formula |\n|---|:---:|\n| area | ⟦$\\pi r^2$⟧ |\n| circumference | ⟦$2 \\pi r$⟧ |\n",
    "> Recall ⟦$e^{i\\pi} + 1 = 0$⟧.\n> It links five constants.\n",
    "## Result ⟦$O(n \\log n)$⟧\n\nThe sort is optimal.\n",
    "Prices: $5 and $10, but ⟦$x_1 + x_2$⟧ is math.\n",
    "An escaped \\$3 stays money; ⟦$\\alpha$⟧ does not.\n",
    "速度是 ⟦$v = \\frac{d}{t}$⟧，其中 ⟦$d$⟧ 是距离。\n",
    "根据公式：\n⟦\\[\nF = ma\n\\]⟧\n可以求出加速度。\n",
    "Matrix form:\n\n⟦$$\n\\begin{pmatrix} a & b \\\\ c & d \\end{pmatrix}\n$$⟧\n",
    "Piecewise:\n\n⟦$$\nf(x) = \\begin{cases} 1 & x > 0 \\\\ 0 & \\text{otherwise} \\end{cases}\n$$⟧\n",
    "Inline double ⟦$$\\lim_{x \\to 0} \\frac{\\sin x}{x} = 1$$⟧ in a sentence.\n",
    "Code is not math: `$HOME` and `\\(x\\)`, but ⟦$y$⟧ is.\n",
    '```python\nprice = "$5"  # not math: $x$\n```\n\nAnd ⟦$z^2$⟧ after the code.\n',
    "**Theorem.** If ⟦$p$⟧ is prime then ⟦$a^p \\equiv a \\pmod p$⟧.\n",
    "Gradient descent updates ⟦$\\theta \\leftarrow \\theta - \\eta \\nabla L(\\theta)$⟧ each step.\n",
    "The normal density is ⟦\\(\\frac{1}{\\sqrt{2\\pi}} e^{-x^2/2}\\)⟧, see https://en.wikipedia.org/wiki/Normal_distribution.\n",
    "1. First ⟦$a$⟧\n\n2. Then ⟦$b$⟧ in a loose list\n",
    "Big-O: ⟦$T(n) = 2T(n/2) + O(n)$⟧ gives ⟦$O(n \\log n)$⟧.\n",
    "Bayes:\n\n⟦\\[\nP(A \\mid B) = \\frac{P(B \\mid A) P(A)}{P(B)}\n\\]⟧\n\nNow plug in the numbers.\n",
)

_MARK = re.compile(r"⟦(.*?)⟧", re.DOTALL)


def _is_display(tex: str) -> bool:
    return tex.startswith(("$$", "\\["))


def split(marked: str) -> tuple[str, tuple[str, ...], str]:
    """(reply text, formulas as written, reply with placeholders) of one marked reply."""
    formulas = tuple(m.group(1) for m in _MARK.finditer(marked))
    text = _MARK.sub(lambda m: m.group(1), marked)
    n = iter(range(len(formulas)))

    def place(m: re.Match[str]) -> str:
        i = next(n)
        return f"\n\nMATH{i}\n\n" if _is_display(m.group(1)) else f"MATH{i}"

    return text, formulas, _MARK.sub(place, marked)


MATH_REPLIES: tuple[tuple[str, tuple[str, ...], str], ...] = tuple(split(m) for m in MARKED)
