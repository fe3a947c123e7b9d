"""The ``[math]`` reply: formulas in every delimiter and footnotes, as models write them."""

from __future__ import annotations

MATH_STYLE = r"""The quadratic formula solves $ax^2 + bx + c = 0$:

$$
x = \frac{-b \pm \sqrt{b^2 - 4ac}}{2a}
$$

Euler's identity \(e^{i\pi} + 1 = 0\) links five constants[^1]. The Gaussian integral is:
\[
\int_{-\infty}^{\infty} e^{-x^2}\,dx = \sqrt{\pi}
\]
and a matrix: $$\begin{pmatrix} a & b \\ c & d \end{pmatrix}$$ inline.

Tea costs $5 and coffee $10; this one fails: $\notacommand{x}$, and this is 中文 $速度 = v$.

- [ ] check $\sum_{i=1}^{n} i = \frac{n(n+1)}{2}$

- [x] loose task with $\alpha + \beta$

[^1]: $e$, $i$, $\pi$, 1 and 0; see [Euler](https://en.wikipedia.org/wiki/Euler%27s_identity).
"""
