"""The bundle trimming rules (fast: no build)."""

from __future__ import annotations

import pytest
import qt_trim

P = "PySide6/Qt/plugins/"


@pytest.mark.parametrize(
    ("dest", "kept"),
    [
        (P + "platforms/libqxcb.so", True),
        (P + "platforms/libqwayland.so", True),
        (P + "platforms/libqoffscreen.so", True),
        (P + "platforms/libqminimal.so", True),
        (P + "platforms/libqminimalegl.so", False),
        (P + "platforms/libqeglfs.so", False),
        (P + "platforms/libqvnc.so", False),
        (P + "platforms/libqcocoa.dylib", True),
        ("PySide6\\plugins\\platforms\\qwindows.dll", True),
        (P + "platformthemes/libqgtk3.so", False),
        (P + "platformthemes/libqxdgdesktopportal.so", True),
        (P + "platforminputcontexts/libibusplatforminputcontextplugin.so", True),
        (P + "imageformats/libqsvg.so", True),
        (P + "imageformats/libqwebp.so", False),
        (P + "wayland-shell-integration/libxdg-shell.so", True),
        (P + "wayland-shell-integration/libivi-shell.so", False),
        ("PySide6/Qt/lib/libQt6Quick.so.6", False),
        ("PySide6/Qt/lib/libQt6Widgets.so.6", True),
        ("PySide6/Qt/translations/qtbase_zh_CN.qm", True),
        ("PySide6/Qt/translations/qtbase_de.qm", False),
        ("keyring/backends/SecretService.py", True),
    ],
)
def test_keep(dest: str, kept: bool) -> None:
    assert qt_trim.keep(dest) is kept


def test_prune_unreferenced_follows_links_from_what_is_kept() -> None:
    binaries = [
        ("PySide6/Qt/lib/libQt6Gui.so.6", "/src/gui", "BINARY"),
        ("libpython3.11.so.1.0", "/src/py", "BINARY"),
        ("libfontconfig.so.1", "/src/fc", "BINARY"),
        ("libexpat.so.1", "/src/expat", "BINARY"),
        ("libz.so.1", "/src/z", "BINARY"),
        ("libgtk-3.so.0", "/src/gtk", "BINARY"),  # only the dropped GTK theme used it
    ]
    links = {
        "/src/gui": ["libfontconfig.so.1"],
        "/src/fc": ["libexpat.so.1"],
        "/src/py": ["libz.so.1"],
    }
    kept = qt_trim.prune_unreferenced(binaries, lambda src: links.get(src, []))
    assert [e[0] for e in kept] == [e[0] for e in binaries[:-1]]


def test_dangling_symlinks_are_dropped() -> None:
    binaries = [("PySide6/Qt/lib/libQt6Core.so.6", "/x", "BINARY")]
    datas = [
        ("libQt6Core.so.6", "PySide6/Qt/lib/libQt6Core.so.6", "SYMLINK"),
        ("libQt6Network.so.6", "PySide6/Qt/lib/libQt6Network.so.6", "SYMLINK"),
        ("resources/icons/app.svg", "/y", "DATA"),
    ]
    assert [e[0] for e in qt_trim.drop_dangling_symlinks(datas, binaries)] == [
        "libQt6Core.so.6",
        "resources/icons/app.svg",
    ]
