"""Which parts of Qt the bundle keeps: the size of a PySide6 app is mostly Qt.

PyInstaller's Qt hooks collect every plugin of a kind (all platform plugins, all
image formats, every Qt translation). We use QtCore, QtGui, QtWidgets and QtSvg;
this module names what to drop, as filters over the TOC entries' destination
paths, and is shared by the app and the floor build so both are trimmed alike.
Standard library only (imported from the .spec).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from fnmatch import fnmatch
from typing import Any

# Python modules never imported by the app (PyInstaller would follow them from
# optional imports in third-party code).
EXCLUDED_MODULES = (
    "tkinter",
    "PySide6.QtNetwork",  # httpx does our networking (docs/ARCHITECTURE.md §6)
    "PySide6.QtQml",
    "PySide6.QtQuick",
    "PySide6.QtQuickWidgets",
    "PySide6.QtQuickControls2",
    "PySide6.QtWebEngineCore",
    "PySide6.QtWebEngineWidgets",
    "PySide6.QtWebChannel",
    "PySide6.QtMultimedia",
    "PySide6.QtMultimediaWidgets",
    "PySide6.QtPdf",
    "PySide6.QtPdfWidgets",
    "PySide6.QtDesigner",
    "PySide6.QtUiTools",
    "PySide6.QtHelp",
    "PySide6.QtSql",
    "PySide6.QtTest",
    "PySide6.QtOpenGL",
    "PySide6.QtOpenGLWidgets",
    "PySide6.QtPrintSupport",
    "PySide6.QtXml",
    "PySide6.QtConcurrent",
    "PySide6.QtStateMachine",
    "PySide6.QtCharts",
    "PySide6.Qt3DCore",
    # Type checkers are not run by the app: pydantic's mypy plugin (pulled in
    # with the MCP SDK) dragged mypy and its parser into the bundle (~4 MB).
    "mypy",
    "mypyc",
    "ast_serialize",
)

# Platform plugins we keep on Linux: xcb (X11 / XWayland), wayland (native),
# offscreen (tests, headless self-check), minimal (debugging).
_KEEP_PLATFORMS = ("libqxcb.so", "libqwayland.so", "libqoffscreen.so", "libqminimal.so")

# Destination-path globs of files to leave out. Matched case-insensitively on
# forward-slash paths relative to the bundle root.
DROPPED = (
    "*/qt/plugins/egldeviceintegrations/*",  # eglfs only
    "*/qt/plugins/generic/*",  # evdev/tslib input for eglfs/linuxfb
    "*/qt/plugins/wayland-graphics-integration-server/*",  # compositor side
    "*/qt/plugins/printsupport/*",
    "*/qt/plugins/sqldrivers/*",
    "*/qt/plugins/designer/*",
    "*/qt/plugins/qmltooling/*",
    "*/qt/plugins/qmllint/*",
    "*/qt/plugins/tls/*",
    "*/qt/plugins/networkinformation/*",
    "*/qt/plugins/vectorimageformats/*",
    # The GTK3 theme plugin drags the build machine's whole GTK stack (~20 MB)
    # into the bundle; the XDG desktop portal theme covers native dialogs.
    "*/qt/plugins/platformthemes/*gtk3*",
    # Wayland: keep the xdg-shell, the decorations and the EGL client buffer;
    # the rest serve embedded shells and nested compositors.
    "*/qt/plugins/wayland-shell-integration/*fullscreen-shell*",
    "*/qt/plugins/wayland-shell-integration/*ivi-shell*",
    "*/qt/plugins/wayland-shell-integration/*qt-shell*",
    "*/qt/plugins/wayland-shell-integration/*wl-shell*",
    "*/qt/plugins/wayland-graphics-integration-client/*-server.so",
    # wayland-egl (GL client buffers) needs libQt6OpenGL (0.7 MB); it is kept so
    # Qt Wayland does not warn at start. Drop both together if size ever matters.
    "*/libqt6wlshellintegration.so*",
    "*/libqt6eglfs*",
    # Image formats: PNG is built in; keep svg, ico, jpeg and gif (pasted or
    # themed icons). Remote images are never fetched (docs/ARCHITECTURE.md §5).
    "*/qt/plugins/imageformats/*tiff*",
    "*/qt/plugins/imageformats/*webp*",
    "*/qt/plugins/imageformats/*wbmp*",
    "*/qt/plugins/imageformats/*tga*",
    "*/qt/plugins/imageformats/*icns*",
    "*/qt/plugins/imageformats/*pdf*",
    "*/qt/lib/libqt6pdf*",
    "*/qt/lib/libqt6qml*",
    "*/qt/lib/libqt6quick*",
    "*/qt/lib/libqt6network*",
)

# Qt's own translations (standard buttons, dialogs) for the languages we ship.
KEEP_TRANSLATIONS = ("en", "zh_CN", "zh_TW")


def _norm(dest: str) -> str:
    return "/" + dest.replace("\\", "/").lower()


def keep(dest: str) -> bool:
    """Whether the file at bundle-relative path ``dest`` belongs in the bundle."""
    path = _norm(dest)
    if "/qt/plugins/platforms/" in path:
        name = path.rsplit("/", 1)[1]
        # Only Linux has plugins to spare; windows and cocoa (.dll/.dylib) stay.
        if not name.endswith(".so"):
            return True
        return any(fnmatch(name, pattern) for pattern in _KEEP_PLATFORMS)
    if "/qt/translations/" in path:
        name = path.rsplit("/", 1)[1]
        return any(name.endswith(f"_{lang.lower()}.qm") for lang in KEEP_TRANSLATIONS)
    return not any(fnmatch(path, pattern) for pattern in DROPPED)


def trim(toc: Iterable[Any]) -> list[Any]:
    """The TOC without the entries :func:`keep` rejects (entry[0] is the dest path)."""
    return [entry for entry in toc if keep(entry[0])]


def _is_system_lib(dest: str, typecode: str) -> bool:
    """A shared library PyInstaller copied from the system into the bundle's top level."""
    return typecode == "BINARY" and "/" not in dest.replace("\\", "/") and dest.startswith("lib")


def prune_unreferenced(
    binaries: list[Any], imports_of: Callable[[str], Iterable[str]]
) -> list[Any]:
    """Drop top-level system libraries that only dropped plugins needed.

    PyInstaller resolves dependencies before :func:`trim` runs, so the build
    machine's GTK stack stays behind the removed GTK theme plugin unless we
    walk the links again from what we keep. ``imports_of(path)`` returns the
    names a binary links against (PyInstaller's bindepend.get_imports). Linux
    only: Qt loads libdbus with dlopen, and the system copy (a .deb Depends)
    is the right one anyway.
    """
    by_name = {e[0]: e for e in binaries if _is_system_lib(e[0], e[2])}
    needed: set[str] = {
        "libpython" + e[0][len("libpython") :]
        for e in by_name.values()
        if e[0].startswith("libpython")
    }
    queue = [e for e in binaries if e[0] not in by_name or e[0] in needed]
    seen: set[str] = set()
    while queue:
        entry = queue.pop()
        if entry[1] in seen:
            continue
        seen.add(entry[1])
        for name in imports_of(entry[1]):
            base = name.rsplit("/", 1)[-1]
            if base in by_name and base not in needed:
                needed.add(base)
                queue.append(by_name[base])
    return [e for e in binaries if e[0] not in by_name or e[0] in needed]


def drop_dangling_symlinks(datas: list[Any], binaries: list[Any]) -> list[Any]:
    """``datas`` without SYMLINK entries whose target :func:`trim` removed.

    PyInstaller lists top-level symlinks to Qt libraries (in datas) before we
    trim, so a dropped library would otherwise leave a dangling link behind.
    """
    present = {e[0].replace("\\", "/") for e in (*datas, *binaries) if e[2] != "SYMLINK"}
    return [e for e in datas if e[2] != "SYMLINK" or e[1].replace("\\", "/") in present]
