"""Which link targets model output may make clickable (docs/ARCHITECTURE.md §5).

Model output is untrusted: only http, https and mailto links stay links; the
render rules in ``mdit.py`` turn every other target into inert text.
"""

from __future__ import annotations

import re

SAFE_SCHEMES = ("http", "https", "mailto")
_SAFE_HREF = re.compile(r"(?:https?://|mailto:)[^\s\x00-\x1f\x7f]+", re.IGNORECASE)


def safe_href(url: str) -> str | None:
    """``url`` if it may be clickable (http, https, mailto), else None."""
    return url if _SAFE_HREF.fullmatch(url) else None
