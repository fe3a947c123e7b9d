"""Which keyring backend this run would use, for ``--self-check``.

The keyring package is imported only in ``store/`` (docs/ARCHITECTURE.md §1),
so the self-check asks here instead of importing it itself. Reading the
backend does not touch any stored secret.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class KeyringProbe:
    """What the keyring package reports.

    Attributes:
        problem: None when a backend was found, else a short label
            (``"missing"``, ``"no backends"``).
        detail: A sentence for the problem, empty when there is none.
        backend: The backend object keyring would use (None with a problem).
    """

    problem: str | None
    detail: str
    backend: object | None


def probe_keyring() -> KeyringProbe:
    """Import keyring (lazily: it is slow) and report the backend it picks."""
    from importlib.metadata import entry_points

    try:
        import keyring
    except ImportError as exc:
        return KeyringProbe("missing", f"keyring cannot be imported ({exc}).", None)
    # Backends register as entry points: none means the package metadata is
    # missing (a broken bundle), and keyring would silently pick "fail".
    if not entry_points(group="keyring.backends"):
        return KeyringProbe(
            "no backends", "keyring finds no backends (package metadata missing).", None
        )
    return KeyringProbe(None, "", keyring.get_keyring())
