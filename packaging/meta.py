"""Names and ids shared by the spec, the build script and the installers.

One place, so the .deb, the .desktop entry, the AppStream file, Info.plist and
the Inno Setup script cannot drift apart. Standard library only: the PyInstaller
spec imports it too.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGING = Path(__file__).resolve().parent
ROOT = PACKAGING.parent

APP_NAME = "Afarensis Chat"
APP_ID = "afarensis-chat"  # executable, .deb package, icon name
BUNDLE_ID = "org.afarensis.Chat"  # macOS bundle id and AppStream/desktop id
SUMMARY = "A fast, private desktop client for OpenAI-compatible chat servers"
PUBLISHER = "Afarensis Chat contributors"
HOMEPAGE = "https://github.com/afarensis-chat/afarensis-chat"
MAINTAINER = "Afarensis Chat contributors <afarensis-chat@users.noreply.github.com>"
LICENSE = "MIT"

# What Qt's xcb platform plugin (and QtGui) load from the system on Debian and
# Ubuntu. PyInstaller leaves these out of the bundle on purpose (they belong to
# the desktop), so the .deb must pull them in. docs/ARCHITECTURE.md §7 notes that Qt's own
# error names the wrong one; this list is what ldd on the bundle asks for.
DEB_DEPENDS = (
    "libc6 (>= 2.28)",
    "libxcb-cursor0",
    "libxcb-icccm4",
    "libxcb-keysyms1",
    "libxcb-image0",
    "libxcb-randr0",
    "libxcb-render-util0",
    "libxcb-shape0",
    "libxcb-xkb1",
    "libxcb-xinerama0 | libxcb1",
    "libxkbcommon-x11-0",
    "libxkbcommon0",
    "libegl1",
    "libgl1",
    "libfontconfig1",
    "libfreetype6",
    "libdbus-1-3",
    "libglib2.0-0t64 | libglib2.0-0",
)
# Not required, but what makes the app pleasant: a Secret Service for the API key.
DEB_RECOMMENDS = ("gnome-keyring | kwalletmanager | keepassxc",)


def app_version() -> str:
    """The version from desktop_app/__init__.py, read without importing the app.

    Parsing keeps the build independent of the app's import-time dependencies
    (the build may run before the venv has every runtime package).
    """
    source = (ROOT / "desktop_app" / "__init__.py").read_text(encoding="utf-8")
    for node in ast.parse(source).body:
        if (
            isinstance(node, ast.Assign)
            and any(isinstance(t, ast.Name) and t.id == "__version__" for t in node.targets)
            and isinstance(node.value, ast.Constant)
        ):
            return str(node.value.value)
    raise RuntimeError("desktop_app/__init__.py has no literal __version__")
