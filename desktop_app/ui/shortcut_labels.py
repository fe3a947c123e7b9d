"""Shortcut names as the platform writes them: "⌘K" on macOS, "Ctrl+K" elsewhere.

A label typed as "Ctrl+K" is wrong on a Mac, where that shortcut is
Command-K; Qt knows each platform's spelling (``NativeText``).
"""

from __future__ import annotations

from PySide6.QtGui import QKeySequence


def native_text(portable: str) -> str:
    """``portable`` (Qt's portable form, e.g. ``"Ctrl+K"``) as this platform shows it."""
    return QKeySequence(portable).toString(QKeySequence.SequenceFormat.NativeText)


def with_shortcut(template: str, portable: str) -> str:
    """``template`` (a translated sentence with ``%1``) with the native shortcut in it."""
    return template.replace("%1", native_text(portable))
