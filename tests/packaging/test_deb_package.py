"""The .deb: control fields, file layout, desktop/AppStream files, and a real install.

The install test runs only as root on a Debian-like system: it installs the
package with dpkg, runs /usr/bin/afarensis-chat --self-check, and removes it.
"""

from __future__ import annotations

import configparser
import io
import os
import shutil
import subprocess
import tarfile
import xml.etree.ElementTree as ET
from pathlib import Path

import meta
import pytest

from desktop_app import __version__
from tests.packaging.conftest import LinuxBuild

pytestmark = pytest.mark.slow

# What Qt's xcb platform plugin needs from the system (docs/ARCHITECTURE.md §7).
REQUIRED_DEPENDS = {
    "libxcb-cursor0",
    "libxcb-icccm4",
    "libxcb-keysyms1",
    "libxkbcommon-x11-0",
    "libegl1",
    "libfontconfig1",
    "libdbus-1-3",
}


@pytest.fixture(scope="module")
def deb(linux_build: LinuxBuild) -> Path:
    if not shutil.which("dpkg-deb"):
        pytest.skip("dpkg-deb is not installed")
    return linux_build.deb


def field(deb: Path, name: str) -> str:
    return subprocess.run(
        ["dpkg-deb", "--field", str(deb), name], capture_output=True, text=True, check=True
    ).stdout.strip()


def member(deb: Path, path: str) -> bytes:
    data = subprocess.run(["dpkg-deb", "--fsys-tarfile", str(deb)], capture_output=True, check=True)
    with tarfile.open(fileobj=io.BytesIO(data.stdout)) as tar:
        extracted = tar.extractfile(f"./{path}")
        assert extracted is not None, path
        return extracted.read()


def test_control_fields(deb: Path) -> None:
    info = subprocess.run(
        ["dpkg-deb", "--info", str(deb)], capture_output=True, text=True, check=True
    ).stdout
    assert "Package: afarensis-chat" in info
    assert field(deb, "Version") == __version__
    assert (
        field(deb, "Architecture")
        == subprocess.run(
            ["dpkg", "--print-architecture"], capture_output=True, text=True, check=True
        ).stdout.strip()
    )
    depends = {d.strip().split(" ")[0] for d in field(deb, "Depends").replace("|", ",").split(",")}
    assert depends >= REQUIRED_DEPENDS
    assert int(field(deb, "Installed-Size")) > 50_000  # KiB: the whole bundle is in it
    assert field(deb, "Maintainer") and field(deb, "Description")


def test_contents_layout(deb: Path) -> None:
    listing = subprocess.run(
        ["dpkg-deb", "--contents", str(deb)], capture_output=True, text=True, check=True
    ).stdout
    assert "./usr/bin/afarensis-chat -> /usr/lib/afarensis-chat/afarensis-chat" in listing
    for path in (
        "./usr/lib/afarensis-chat/afarensis-chat",
        "./usr/lib/afarensis-chat/_internal/resources/icons/app.svg",
        "./usr/share/applications/afarensis-chat.desktop",
        f"./usr/share/metainfo/{meta.BUNDLE_ID}.metainfo.xml",
        "./usr/share/icons/hicolor/256x256/apps/afarensis-chat.png",
        "./usr/share/icons/hicolor/scalable/apps/afarensis-chat.svg",
    ):
        assert f" {path}" in listing, path
    assert " root/root " in listing.splitlines()[0]


def test_desktop_entry_and_metainfo(deb: Path) -> None:
    desktop = configparser.ConfigParser(interpolation=None)
    desktop.optionxform = str  # type: ignore[assignment,method-assign]
    desktop.read_string(member(deb, "usr/share/applications/afarensis-chat.desktop").decode())
    entry = desktop["Desktop Entry"]
    assert entry["Exec"].split()[0] == "afarensis-chat"
    assert entry["Icon"] == "afarensis-chat"
    assert "@" not in "".join(entry.values())  # every template field was filled
    metainfo = ET.fromstring(member(deb, f"usr/share/metainfo/{meta.BUNDLE_ID}.metainfo.xml"))
    assert metainfo.findtext("id") == meta.BUNDLE_ID
    assert metainfo.find("releases/release").get("version") == __version__  # type: ignore[union-attr]
    assert metainfo.findtext("launchable") == "afarensis-chat.desktop"
    if shutil.which("desktop-file-validate"):
        path = Path(os.environ.get("TMPDIR", "/tmp")) / "afarensis-chat-test.desktop"
        path.write_bytes(member(deb, "usr/share/applications/afarensis-chat.desktop"))
        result = subprocess.run(
            ["desktop-file-validate", str(path)], capture_output=True, text=True
        )
        path.unlink()
        assert result.returncode == 0, result.stdout


def _installed() -> bool:
    status = subprocess.run(
        ["dpkg-query", "-W", "-f=${Status}", meta.APP_ID], capture_output=True, text=True
    )
    return "install ok installed" in status.stdout


@pytest.mark.skipif(
    not (hasattr(os, "geteuid") and os.geteuid() == 0 and Path("/etc/debian_version").exists()),
    reason="installing the .deb needs root on a Debian-like system",
)
def test_dpkg_install_runs_self_check(deb: Path, tmp_path: Path) -> None:
    if _installed():
        pytest.skip("afarensis-chat is already installed here; not touching it")
    install = subprocess.run(["dpkg", "-i", str(deb)], capture_output=True, text=True)
    try:
        assert install.returncode == 0, install.stdout + install.stderr
        result = subprocess.run(
            ["/usr/bin/afarensis-chat", "--self-check"],
            capture_output=True,
            text=True,
            env={**os.environ, "AFARENSIS_DATA_DIR": str(tmp_path)},
            timeout=60,
        )
        assert result.returncode == 0, result.stdout + result.stderr
        assert "resources     /usr/lib/afarensis-chat/_internal/resources" in result.stdout
    finally:
        subprocess.run(["dpkg", "-r", meta.APP_ID], capture_output=True, check=False)
    assert not _installed()
    assert not Path("/usr/lib/afarensis-chat").exists()
