"""A clone has no dead links: every relative link in README and docs/ resolves.

The architecture once lived outside the repository and every pointer to it
was dead in a clone; this keeps that from coming back. Anchors (``#...``) are
checked against the target's headings with GitHub's slug rule.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
# [text](target) and ![alt](target); a title after the target is allowed.
LINK = re.compile(r"!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
FENCE = re.compile(r"^```.*?^```", re.S | re.M)
HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*#*\s*$", re.M)


def _slug(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces → '-'."""
    text = re.sub(r"`([^`]*)`", r"\1", heading).strip().lower()
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def _anchors(path: Path) -> set[str]:
    text = FENCE.sub("", path.read_text(encoding="utf-8"))
    return {_slug(h) for h in HEADING.findall(text)}


def _links(path: Path) -> list[str]:
    text = FENCE.sub("", path.read_text(encoding="utf-8"))
    text = re.sub(r"`[^`\n]*`", "", text)
    return LINK.findall(text)


def _is_external(target: str) -> bool:
    return re.match(r"^[a-z][a-z0-9+.-]*:", target, re.I) is not None


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_relative_link_resolves(doc: Path) -> None:
    dead: list[str] = []
    for target in _links(doc):
        if _is_external(target):
            continue
        file_part, _, anchor = target.partition("#")
        dest = (doc.parent / file_part).resolve() if file_part else doc
        if not dest.exists():
            dead.append(target)
        elif not dest.is_relative_to(ROOT):
            dead.append(f"{target} (outside the repository)")
        elif anchor and dest.suffix == ".md" and anchor not in _anchors(dest):
            dead.append(f"{target} (no such heading)")
    assert dead == [], f"dead links in {doc.relative_to(ROOT)}: {dead}"


def test_the_checker_sees_links_and_anchors() -> None:
    """Guard against a checker that silently finds nothing."""
    assert _links(ROOT / "README.md"), "README.md has no links at all?"
    assert _slug("7. Platform facts") == "7-platform-facts"
    assert _slug("PySide6 below 6.12") == "pyside6-below-612"
    assert "1-layers-and-the-one-dependency-rule" in _anchors(ROOT / "docs" / "ARCHITECTURE.md")
