"""Markdown render cost of a 20,000-token reply: one-shot, and per streamed frame.

Usage::

    .venv/bin/python -m bench.markdown_render

Streams ``ui_streaming.make_reply(20000)`` into a ``StreamingRenderer``,
flushing every 8 tokens (one frame at ~250 tok/s), and prints the one-shot
render time (best of ``REPEAT``) and the flush median / p95 / max. No Qt: this is the renderer's
share of a frame only.

Then the math rows (issue 13): the typesetter's import time (a fresh
process), and a reply with ``FORMULAS`` distinct formulas in every delimiter,
rendered one-shot with an empty formula cache (cold) and a full one (warm),
and streamed with an empty cache (the worst frame pays for new formulas).
"""

from __future__ import annotations

import random
import statistics
import subprocess
import sys
import time
from collections.abc import Callable

from bench.ui_streaming import TOKEN_RE, make_reply
from desktop_app.render.markdown import MarkdownRenderer
from desktop_app.render.streaming import StreamingRenderer

TOKENS = 20_000
TOKENS_PER_FRAME = 8
#: One-shot renders are timed this many times, best kept: the machine is shared.
REPEAT = 5
FORMULAS = 40
_TEMPLATES = (
    "The value is ${a}x^{{{n}}} + {b}$ here.",
    "We use \\(\\frac{{{a}}}{{{b}+n}}\\) for step {n}.",
    "So:\n\\[\n\\sum_{{i=1}}^{{{n}}} i^{{{a}}} = S_{b}\n\\]\nholds.",
    "$$\n\\int_0^{{{n}}} e^{{-{a}x^2}}\\,dx = \\sqrt{{\\pi/{b}}}\n$$",
)


def math_reply(count: int = FORMULAS, seed: int = 13) -> str:
    """A reply with ``count`` distinct formulas, one paragraph each."""
    rng = random.Random(seed)
    parts = [
        rng.choice(_TEMPLATES).format(a=rng.randint(2, 9), b=rng.randint(2, 9), n=n)
        for n in range(count)
    ]
    return "\n\n".join(parts) + "\n"


def typesetter_import_ms() -> float:
    """Importing ziamath (and loading its font) in a fresh interpreter."""
    code = "import time; t = time.perf_counter(); import ziamath; print(time.perf_counter() - t)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(out.stdout) * 1000


def flush_times(tokens: list[str]) -> list[float]:
    """Seconds per flush, streaming ``tokens`` a frame at a time, sorted."""
    streamer = StreamingRenderer(MarkdownRenderer())
    flushes: list[float] = []
    for i, token in enumerate(tokens):
        streamer.feed(token)
        if i % TOKENS_PER_FRAME == TOKENS_PER_FRAME - 1:
            start = time.perf_counter()
            streamer.flush()
            flushes.append(time.perf_counter() - start)
    streamer.finish()
    return sorted(flushes)


def best_one_shot(text: str, before: Callable[[], None] = lambda: None) -> float:
    """Seconds of the fastest of ``REPEAT`` one-shot renders, each by a fresh renderer."""
    times: list[float] = []
    for _ in range(REPEAT):
        before()
        renderer = MarkdownRenderer()
        start = time.perf_counter()
        renderer.render(text)
        times.append(time.perf_counter() - start)
    return min(times)


def math_rows() -> None:
    try:
        from desktop_app.render import formula
    except ImportError:  # a checkout from before typeset math: no math rows
        return
    text = math_reply()
    print(f"math: typesetter import {typesetter_import_ms():.0f} ms (fresh process)")
    formula.typeset("x", display=False, colour="#000000")  # import out of the timings
    cold = best_one_shot(text, formula.clear)
    warm = best_one_shot(text)
    print(
        f"math: one-shot render of {FORMULAS} formulas {cold * 1000:.0f} ms cold "
        f"({cold * 1000 / FORMULAS:.1f} ms a formula), {warm * 1000:.1f} ms cached"
    )
    formula.clear()
    flushes = flush_times(TOKEN_RE.findall(text))
    p95 = flushes[int(len(flushes) * 0.95)]
    print(
        f"math: streamed, per-frame flush median {statistics.median(flushes) * 1000:.2f} ms, "
        f"p95 {p95 * 1000:.2f} ms, max {flushes[-1] * 1000:.1f} ms ({len(flushes)} frames)"
    )


def main() -> None:
    tokens = make_reply(TOKENS)
    text = "".join(tokens)
    MarkdownRenderer().warm_up()
    one_shot = best_one_shot(text)
    flushes = flush_times(tokens)
    p95 = flushes[int(len(flushes) * 0.95)]
    print(
        f"one-shot render {one_shot * 1000:.0f} ms; per-frame flush median "
        f"{statistics.median(flushes) * 1000:.2f} ms, p95 {p95 * 1000:.2f} ms, "
        f"max {flushes[-1] * 1000:.1f} ms ({len(flushes)} frames)"
    )
    math_rows()


if __name__ == "__main__":
    main()
