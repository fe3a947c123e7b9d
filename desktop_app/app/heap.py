"""Keep start-up's objects out of the garbage collector's full passes."""

from __future__ import annotations

import gc


def freeze_startup_objects() -> None:
    """Move every object alive now into the collector's permanent generation.

    Modules, classes, Qt wrappers and the widgets built at start-up live as
    long as the app, yet each full (generation 2) collection walked them
    all again: a 25-40 ms stall that landed inside a streaming reply
    (``python -m bench.ui_streaming``, its ``slowest`` ``gc.gen2`` entry).
    Frozen, later full passes walk only what was made after start-up.
    Called once, after the window is up (``GuiSession._after_shown``).
    """
    gc.freeze()
