"""Settings and window state as small JSON files, written atomically.

A write goes to a temp file in the same folder, is fsynced, then renamed
over the old file, so a crash leaves either the old or the new settings,
never half of each. A file that cannot be parsed is moved aside (kept for
the user) and defaults are used. Settings never carry an API key: those
live in the keyring only, and any ``api_key`` field is stripped on save.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import json
import logging
import os
import tempfile
import time
from pathlib import Path
from typing import Any

from desktop_app.core.settings import Settings, settings_from_dict, settings_to_dict
from desktop_app.store.fsutil import replace_file

log = logging.getLogger(__name__)

STATE_VERSION = 1
_SECRET_FIELDS = {"api_key", "apikey", "key", "token", "password"}


def write_atomically(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` so readers see the old or the new file, whole."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        replace_file(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        raise
    with contextlib.suppress(OSError):  # not every platform can fsync a directory
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


def _read_json(path: Path) -> Any | None:
    """Parsed JSON, or ``None`` when missing; a corrupt file is moved aside."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    try:
        return json.loads(text)
    except (json.JSONDecodeError, UnicodeDecodeError):
        aside = path.with_name(f"{path.name}.corrupt-{time.strftime('%Y%m%d-%H%M%S')}")
        path.replace(aside)
        log.warning("Unreadable %s moved to %s; using defaults", path.name, aside)
        return None


def _strip_secrets(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _strip_secrets(v) for k, v in value.items() if k.lower() not in _SECRET_FIELDS}
    if isinstance(value, list):
        return [_strip_secrets(v) for v in value]
    return value


def load_settings(path: Path) -> Settings:
    return settings_from_dict(_read_json(path))


def save_settings(path: Path, settings: Settings) -> None:
    """Write ``settings``, keeping what this version does not know.

    A newer version may have written keys (top-level, or inside a profile)
    that this one ignores on load; they are carried over, so running an
    older build once does not wipe the newer one's settings.
    """
    data = _strip_secrets(settings_to_dict(settings))
    try:
        old = _read_json(path)
    except OSError:
        old = None
    if isinstance(old, dict):
        data = _with_unknown_keys(data, old)
    write_atomically(path, json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def _with_unknown_keys(data: dict[str, Any], old: dict[str, Any]) -> dict[str, Any]:
    merged = {**_strip_secrets({k: v for k, v in old.items() if k not in data}), **data}
    old_profiles = {
        p.get("id"): p for p in old.get("profiles") or [] if isinstance(p, dict) and p.get("id")
    }
    profiles = []
    for profile in data.get("profiles", []):
        before = old_profiles.get(profile.get("id"), {})
        unknown = {k: v for k, v in before.items() if k not in profile}
        profiles.append({**_strip_secrets(unknown), **profile})
    merged["profiles"] = profiles
    return merged


def load_state(path: Path) -> dict[str, bytes]:
    """Window geometry and splitter blobs by name; junk entries are skipped."""
    raw = _read_json(path)
    values = raw.get("values") if isinstance(raw, dict) else None
    if not isinstance(values, dict):
        return {}
    state: dict[str, bytes] = {}
    for name, encoded in values.items():
        if isinstance(encoded, str):
            with contextlib.suppress(binascii.Error, ValueError):
                state[str(name)] = base64.b64decode(encoded, validate=True)
    return state


def save_state(path: Path, state: dict[str, bytes]) -> None:
    values = {name: base64.b64encode(blob).decode("ascii") for name, blob in state.items()}
    write_atomically(path, json.dumps({"version": STATE_VERSION, "values": values}, indent=2))
