"""Markdown render cost of a 20,000-token reply: one-shot, and per streamed frame.

Usage::

    .venv/bin/python -m bench.markdown_render

Streams ``ui_streaming.make_reply(20000)`` into a ``StreamingRenderer``,
flushing every 8 tokens (one frame at ~250 tok/s), and prints the one-shot
render time and the flush median / p95 / max. No Qt: this is the renderer's
share of a frame only.
"""

from __future__ import annotations

import statistics
import time

from bench.ui_streaming import make_reply
from desktop_app.render.markdown import MarkdownRenderer
from desktop_app.render.streaming import StreamingRenderer

TOKENS = 20_000
TOKENS_PER_FRAME = 8


def main() -> None:
    tokens = make_reply(TOKENS)
    text = "".join(tokens)
    MarkdownRenderer().warm_up()
    start = time.perf_counter()
    MarkdownRenderer().render(text)
    one_shot = time.perf_counter() - start
    streamer = StreamingRenderer(MarkdownRenderer())
    flushes: list[float] = []
    for i, token in enumerate(tokens):
        streamer.feed(token)
        if i % TOKENS_PER_FRAME == TOKENS_PER_FRAME - 1:
            start = time.perf_counter()
            streamer.flush()
            flushes.append(time.perf_counter() - start)
    streamer.finish()
    flushes.sort()
    p95 = flushes[int(len(flushes) * 0.95)]
    print(
        f"one-shot render {one_shot * 1000:.0f} ms; per-frame flush median "
        f"{statistics.median(flushes) * 1000:.2f} ms, p95 {p95 * 1000:.2f} ms, "
        f"max {flushes[-1] * 1000:.1f} ms ({len(flushes)} frames)"
    )


if __name__ == "__main__":
    main()
