"""TeX formulas typeset to SVG on this machine, cached per formula (issue 13, item 3).

``ziamath`` (pure Python, its own STIX Two Math font; ~0.25 s to import, 3-60 ms
a formula) draws a formula as SVG paths: no network, no TeX install, nothing
fetched. The renderer puts ``<img src="formula:KEY">`` in a reply's HTML and the
view draws it from :func:`lookup`, so the image only ever comes from here.

A formula that does not parse, names a command latex2mathml does not know
(it would print ``\\foo`` literally) or uses a character the math font lacks
(CJK would be boxes) is refused: the caller shows the TeX as code instead.
"""

from __future__ import annotations

import hashlib
import re
import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

__all__ = ["SCHEME", "Formula", "clear", "lookup", "prefetch", "typeset"]

#: URL scheme of a formula image in a reply's HTML: ``formula:KEY``.
SCHEME = "formula"
#: Font size of a formula in px; the body text is ~13 px.
SIZE_PX = 15.0
#: Longer TeX is shown as code: typesetting time grows with it and no reply
#: needs a formula this long.
MAX_TEX_CHARS = 1500
#: Formulas kept typeset (an SVG is 2-15 KB); evicted ones are re-typeset.
CACHE_SIZE = 512
#: The math font's x-height in em (STIX Two Math): Qt centres an image on
#: the line at half the text's x-height, so the padding below puts the
#: formula's baseline on the text's.
_X_HEIGHT_EM = 0.48

_VIEWBOX = re.compile(r"^\s*(-?[\d.]+)\s+(-?[\d.]+)\s+([\d.]+)\s+([\d.]+)\s*$")


@dataclass(frozen=True, slots=True)
class Formula:
    """One typeset formula: the SVG and its size in px (CSS, not device)."""

    key: str
    tex: str
    display: bool
    svg: bytes
    width: float
    height: float


_cache: OrderedDict[str, Formula | None] = OrderedDict()
#: key -> what to typeset again if the SVG was evicted (small strings only).
_sources: dict[str, tuple[str, bool, str]] = {}
_lock = threading.Lock()
_prefetched = False


def formula_key(tex: str, display: bool, colour: str) -> str:
    """A stable key for a formula in one colour: the image's URL path."""
    digest = hashlib.blake2b(f"{int(display)}|{colour}|{tex}".encode(), digest_size=12)
    return digest.hexdigest()


def typeset(tex: str, *, display: bool, colour: str) -> Formula | None:
    """The formula typeset in ``colour``, or None if it can't be (show it as code)."""
    key = formula_key(tex, display, colour)
    with _lock:
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key]
    formula = _typeset(key, tex, display, colour)
    with _lock:
        _cache[key] = formula
        if formula is not None:
            _sources[key] = (tex, display, colour)
        while len(_cache) > CACHE_SIZE:
            _cache.popitem(last=False)
    return formula


def lookup(key: str) -> Formula | None:
    """The formula behind ``formula:KEY``, typeset again if it was evicted.

    Only keys this process typeset resolve: a reply cannot name an image of
    its own choosing.
    """
    with _lock:
        hit = _cache.get(key)
        source = _sources.get(key)
    if hit is not None or source is None:
        return hit
    tex, display, colour = source
    return typeset(tex, display=display, colour=colour)


def clear() -> None:
    """Forget every typeset formula (benchmarks measure a cold cache)."""
    with _lock:
        _cache.clear()
        _sources.clear()


def prefetch() -> None:
    """Import ziamath (and load its font) on a background thread, once.

    The import is ~0.25 s of pure Python and ~24 MB: paid when a reply starts
    streaming (``StreamingRenderer``), not at start-up, so a session without
    math never pays it and a streamed formula rarely waits for it.
    """
    global _prefetched
    with _lock:
        if _prefetched:
            return
        _prefetched = True
    threading.Thread(target=_import, name="formula-prefetch", daemon=True).start()


def _import() -> None:
    try:
        import ziamath  # noqa: F401
    except Exception:  # a broken install: each formula will show its TeX
        return


def _typeset(key: str, tex: str, display: bool, colour: str) -> Formula | None:
    if not tex.strip() or len(tex) > MAX_TEX_CHARS:
        return None
    try:
        import xml.etree.ElementTree as ET

        from ziamath import zmath
        from ziamath.config import config
        from ziamath.tex import tex2mml

        # Qt's SVG renderer (SVG Tiny 1.2) draws no <symbol>: plain paths only.
        config.svg2 = False

        # latex2mathml writes this XML and escapes the TeX's text: no DTD, no entities.
        mathml = ET.fromstring(tex2mml(tex, inline=not display))  # noqa: S314
        if not _drawable(mathml, zmath.loadedfonts["default"]):
            return None
        mathml.attrib["mathcolor"] = colour
        svg = zmath.Math(mathml, size=SIZE_PX, margin=1.0).svgxml()
        return _formula(key, tex, display, svg)
    except Exception:  # any parser or layout failure: show the TeX
        return None


def _drawable(mathml: Any, font: Any) -> bool:
    """No literal ``\\command`` (unknown to latex2mathml), no glyph the font lacks."""
    for element in mathml.iter():
        text = (element.text or "").strip()
        if text.startswith("\\") and len(text) > 1:
            return False
        if any(font.glyphindex(ch) == 0 for ch in text if not ch.isspace()):
            return False
    return True


def _formula(key: str, tex: str, display: bool, svg: Any) -> Formula | None:
    """Pad the SVG so Qt's middle alignment puts its baseline on the text's."""
    import xml.etree.ElementTree as ET

    box = _VIEWBOX.match(svg.attrib.get("viewBox", ""))
    if box is None:
        return None
    x, top, width, height = (float(v) for v in box.groups())
    ascent, descent = -top, height + top
    half_x = SIZE_PX * _X_HEIGHT_EM / 2
    # Qt: image ascent = (height + half_x) / 2; make it equal the formula's ascent.
    pad_top = max(0.0, descent + half_x - ascent)
    pad_bottom = max(0.0, ascent - descent - half_x)
    top -= pad_top
    height += pad_top + pad_bottom
    svg.attrib["viewBox"] = f"{x:.3f} {top:.3f} {width:.3f} {height:.3f}"
    svg.attrib["width"] = f"{width:.3f}"
    svg.attrib["height"] = f"{height:.3f}"
    data = ET.tostring(svg, encoding="utf-8")
    return Formula(key, tex, display, data, width, height)
