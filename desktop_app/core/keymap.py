"""Which keys each window-wide intent answers to, per platform.

Plain data and no Qt, so every platform's keymap is tested on any machine.
Sequences are in Qt's portable form, where ``Ctrl`` is the Command key on
macOS (Qt swaps them there); labels shown to the user come from
``QKeySequence(...).toString(NativeText)`` in ``ui/shortcut_labels.py``.
"""

from __future__ import annotations

import sys

#: Intent → portable sequences on every platform.
_COMMON: dict[str, tuple[str, ...]] = {
    "previous": ("Ctrl+PgUp",),
    "next": ("Ctrl+PgDown",),
    "search": ("Ctrl+K",),
    "delete": (),
}

#: What each platform's users expect on top (macOS: Cmd+Shift+[ / ] switch
#: tabs and chats in every Mac app; Cmd+Backspace deletes in Finder and Mail).
_EXTRA: dict[str, dict[str, tuple[str, ...]]] = {
    "darwin": {
        "previous": ("Ctrl+Shift+[", "Ctrl+{"),
        "next": ("Ctrl+Shift+]", "Ctrl+}"),
        "delete": ("Ctrl+Backspace",),
    },
}


def keys_for(intent: str, platform: str = sys.platform) -> tuple[str, ...]:
    """The portable sequences bound to ``intent`` on ``platform``, platform's own first."""
    extra = _EXTRA.get(platform, {}).get(intent, ())
    return (*extra, *_COMMON.get(intent, ()))
