"""How a stdio server's process is launched: its command and its environment.

Pure functions over the platform facts, so each rule is tested on every OS:
a frozen bundle's library paths never leak into the child (its ``node`` or
``python`` would load our bundled libraries and crash), a macOS app started
from the Dock gets the user's login-shell ``PATH`` (or ``npx``/``uvx`` are
"not found"), and a Windows ``.cmd`` launcher runs through ``cmd.exe``.
"""

from __future__ import annotations

import asyncio
import logging
import os
import shutil
import sys
from collections.abc import Mapping

log = logging.getLogger(__name__)

#: Variables a frozen (PyInstaller) build sets for itself; a child must not inherit them.
BUNDLE_LIBRARY_VARS = ("LD_LIBRARY_PATH", "LD_PRELOAD", "PYTHONHOME", "PYTHONPATH", "TCL_LIBRARY")
LOGIN_SHELL_TIMEOUT_S = 3.0


def child_environment(
    base: Mapping[str, str],
    extra: Mapping[str, str],
    *,
    frozen: bool,
    login_path: str | None = None,
) -> dict[str, str]:
    """The whole environment of a server process: ours, scrubbed, plus its own ``env``."""
    env = dict(base)
    if frozen:
        for name in list(env):
            if name in BUNDLE_LIBRARY_VARS or name.startswith("DYLD_"):
                # PyInstaller keeps the user's original value as NAME_ORIG.
                original = env.pop(f"{name}_ORIG", None)
                env.pop(name)
                if original:
                    env[name] = original
    if login_path:
        env["PATH"] = login_path
    env.update(extra)
    return env


def windows_command(command: str, args: list[str], path: str | None) -> tuple[str, list[str]]:
    """``npx`` on Windows is ``npx.cmd``: batch files run through ``cmd.exe /c``."""
    found = shutil.which(command, path=path) or command
    if found.lower().endswith((".cmd", ".bat")):
        return os.environ.get("COMSPEC", "cmd.exe"), ["/d", "/s", "/c", found, *args]
    return found, args


def is_frozen() -> bool:
    return bool(getattr(sys, "frozen", False))


_login_path_cache: list[str | None] = []


async def login_shell_path(platform: str = sys.platform) -> str | None:
    """The ``PATH`` of the user's login shell on macOS (once per run), else ``None``.

    An app opened from Finder gets launchd's short ``PATH``; the user's
    ``npx`` lives in ``/opt/homebrew/bin`` or an nvm folder their shell adds.
    """
    if platform != "darwin":
        return None
    if _login_path_cache:
        return _login_path_cache[0]
    shell = os.environ.get("SHELL", "/bin/zsh")
    value: str | None = None
    try:
        process = await asyncio.create_subprocess_exec(
            shell,
            "-ilc",
            'printf "%s" "$PATH"',
            stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.DEVNULL,
        )
        out, _ = await asyncio.wait_for(process.communicate(), LOGIN_SHELL_TIMEOUT_S)
        value = out.decode(errors="replace").strip().splitlines()[-1] if out.strip() else None
    except (OSError, TimeoutError) as exc:
        log.warning("Could not read the login shell's PATH (%s); using the app's", exc)
    _login_path_cache.append(value)
    return value
