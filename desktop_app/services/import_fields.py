"""Field conversions for untrusted import files, shared by our format and ChatGPT's.

Why: a value SQLite cannot store (a list where text belongs, NaN where a time
belongs) would otherwise fail the whole file at save time with no reason.
"""

from __future__ import annotations

import math
from typing import Any


def timestamp(value: Any) -> float:
    """A stored time; NaN (which SQLite would store as NULL) becomes 0, "unknown"."""
    t = float(value)
    return 0.0 if math.isnan(t) else t


def optional_text(d: dict[str, Any], key: str) -> str | None:
    """An optional text field; a wrong type (a list, an object) is refused with its name,
    because SQLite could not store it and the whole file would fail with no reason."""
    value = d.get(key)
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    raise ValueError(f"the field {key!r} should be text")


def number(d: dict[str, Any], key: str) -> float | None:
    value = d.get(key)
    return None if value is None else timestamp(value)
