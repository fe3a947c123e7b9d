"""The CommonMark 0.31.2 examples of the sections chat replies use, structurally.

Examples whose input holds raw HTML are left out (we show raw HTML as text on
purpose); unsafe link targets and images are normalised by ``structure``.
Run ``python -m tests.unit.render.test_commonmark_spec`` for the figures.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

from desktop_app.render.markdown import MarkdownRenderer
from tests.unit.render.structure import structure

_SPEC = Path(__file__).parent / "data" / "commonmark-0.31.2-chat-sections.json"
# "<" opening a tag, comment or declaration, not an autolink.
_RAW_HTML = re.compile(r"<(?![A-Za-z][A-Za-z0-9+.-]{1,31}:|[^\s<>@]+@)[A-Za-z/!?]")


def examples() -> list[dict[str, Any]]:
    data: list[dict[str, Any]] = json.loads(_SPEC.read_text(encoding="utf-8"))
    return [e for e in data if not _RAW_HTML.search(e["markdown"])]


def misses(renderer: MarkdownRenderer) -> list[dict[str, Any]]:
    """Examples whose structure differs from the spec's expected HTML."""
    out = []
    for example in examples():
        ours = structure(renderer.render(example["markdown"]).html)
        if ours != structure(example["html"]):
            out.append(example)
    return out


def test_commonmark_chat_sections_agree(renderer: MarkdownRenderer) -> None:
    total = len(examples())
    missed = misses(renderer)
    assert total > 400
    assert 1 - len(missed) / total >= 0.98, [e["example"] for e in missed]


if __name__ == "__main__":
    all_examples = examples()
    missed = misses(MarkdownRenderer())
    print(f"{len(all_examples) - len(missed)}/{len(all_examples)} CommonMark examples agree")
    by_section = Counter(e["section"] for e in missed)
    for section, count in by_section.most_common():
        print(f"  {section}: {count} missed")
    for e in missed:
        print("----", e["example"], e["section"], repr(e["markdown"]))
