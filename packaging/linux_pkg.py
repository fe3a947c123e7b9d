"""Linux artifacts: a .tar.gz of the one-folder bundle and a .deb built with dpkg-deb.

The .deb installs the bundle to /usr/lib/afarensis-chat, links
/usr/bin/afarensis-chat to it, and adds the .desktop entry, hicolor icons and
AppStream metainfo. Its Depends are the system libraries Qt's xcb plugin loads
(meta.DEB_DEPENDS). Standard library only.
"""

from __future__ import annotations

import datetime as dt
import os
import platform
import shutil
import subprocess
import tarfile
from pathlib import Path

import meta

INSTALL_DIR = f"usr/lib/{meta.APP_ID}"
HICOLOR_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def deb_arch() -> str:
    """Debian's name for this machine (dpkg knows best; fall back to uname)."""
    if shutil.which("dpkg"):
        return subprocess.run(
            ["dpkg", "--print-architecture"], capture_output=True, text=True, check=True
        ).stdout.strip()
    return {"x86_64": "amd64", "aarch64": "arm64"}.get(platform.machine(), platform.machine())


def fill(template: str, version: str) -> str:
    """Replace the @NAME@ fields of a template in packaging/linux/."""
    text = (meta.PACKAGING / "linux" / template).read_text(encoding="utf-8")
    fields = {
        "APP_NAME": meta.APP_NAME,
        "APP_ID": meta.APP_ID,
        "BUNDLE_ID": meta.BUNDLE_ID,
        "SUMMARY": meta.SUMMARY,
        "HOMEPAGE": meta.HOMEPAGE,
        "LICENSE": meta.LICENSE,
        "VERSION": version,
        "DATE": dt.date.today().isoformat(),
    }
    for key, value in fields.items():
        text = text.replace(f"@{key}@", value)
    return text


def make_tarball(bundle: Path, out: Path, level: int = 9) -> Path:
    """``<app>-<v>-linux-<arch>/`` inside, so unpacking never spills files around."""
    top = out.name.removesuffix(".tar.gz")
    with tarfile.open(out, "w:gz", compresslevel=level) as tar:
        tar.add(bundle, arcname=top)
    return out


def control_text(version: str, installed_kb: int) -> str:
    return (
        f"Package: {meta.APP_ID}\n"
        f"Version: {version}\n"
        f"Architecture: {deb_arch()}\n"
        f"Maintainer: {meta.MAINTAINER}\n"
        f"Installed-Size: {installed_kb}\n"
        f"Depends: {', '.join(meta.DEB_DEPENDS)}\n"
        f"Recommends: {', '.join(meta.DEB_RECOMMENDS)}\n"
        "Section: net\n"
        "Priority: optional\n"
        f"Homepage: {meta.HOMEPAGE}\n"
        f"Description: {meta.SUMMARY}\n"
        " Afarensis Chat talks to any OpenAI-compatible Chat Completions server.\n"
        " Replies stream in as they are written, history stays on this computer in a\n"
        " searchable database, and the API key is kept in the system keyring.\n"
    )


def stage_deb(bundle: Path, icons: Path, root: Path, version: str) -> None:
    """Lay out the package tree under ``root`` (DEBIAN/ last: it needs the size)."""
    if root.exists():
        shutil.rmtree(root)
    shutil.copytree(bundle, root / INSTALL_DIR, symlinks=True)
    (root / "usr/bin").mkdir(parents=True)
    # The bootloader resolves its real path, so a symlink finds _internal/.
    (root / "usr/bin" / meta.APP_ID).symlink_to(f"/{INSTALL_DIR}/{meta.APP_ID}")
    share = root / "usr/share"
    for size in HICOLOR_SIZES:
        target = share / f"icons/hicolor/{size}x{size}/apps/{meta.APP_ID}.png"
        target.parent.mkdir(parents=True)
        shutil.copy2(icons / f"app-{size}.png", target)
    scalable = share / f"icons/hicolor/scalable/apps/{meta.APP_ID}.svg"
    scalable.parent.mkdir(parents=True)
    shutil.copy2(meta.ROOT / "resources/icons/app.svg", scalable)
    (share / "applications").mkdir(parents=True)
    (share / f"applications/{meta.APP_ID}.desktop").write_text(
        fill("afarensis-chat.desktop", version), encoding="utf-8"
    )
    (share / "metainfo").mkdir(parents=True)
    (share / f"metainfo/{meta.BUNDLE_ID}.metainfo.xml").write_text(
        fill("metainfo.xml", version), encoding="utf-8"
    )
    installed_kb = (
        sum(p.lstat().st_size for p in root.rglob("*") if p.is_file() or p.is_symlink()) // 1024
    )
    (root / "DEBIAN").mkdir()
    (root / "DEBIAN/control").write_text(control_text(version, installed_kb), encoding="utf-8")
    for path in [root, *root.rglob("*")]:
        if not path.is_symlink():
            executable = path.is_dir() or os.access(path, os.X_OK)
            path.chmod(0o755 if executable else 0o644)


def make_deb(
    bundle: Path, icons: Path, out: Path, version: str, work: Path, level: int = 6
) -> Path:
    """dpkg-deb with xz (every dpkg reads it; zstd is not in Debian 11's)."""
    if not shutil.which("dpkg-deb"):
        raise SystemExit("build: dpkg-deb not found; install dpkg (or use --skip-installers)")
    root = work / "deb-root"
    stage_deb(bundle, icons, root, version)
    subprocess.run(
        ["dpkg-deb", "--root-owner-group", "-Zxz", f"-z{level}", "--build", str(root), str(out)],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    shutil.rmtree(root)
    return out


def build(
    dist: Path, icons: Path, version: str, *, onefile: bool, quick: bool = False
) -> list[Path]:
    """The tarball (and, for the one-folder build, the .deb) in ``dist``.

    ``quick`` trades ~10% size for ~4x speed (xz -2, gzip -1), for tests.
    """
    arch = platform.machine().lower()
    if onefile:
        exe = dist / meta.APP_ID
        out = dist / f"{meta.APP_ID}-{version}-linux-{arch}-onefile.tar.gz"
        with tarfile.open(out, "w:gz") as tar:
            tar.add(exe, arcname=meta.APP_ID)
        return [out]
    bundle = dist / meta.APP_ID
    tarball = make_tarball(
        bundle, dist / f"{meta.APP_ID}-{version}-linux-{arch}.tar.gz", 1 if quick else 9
    )
    deb_name = f"{meta.APP_ID}_{version}_{deb_arch()}.deb"
    deb = make_deb(bundle, icons, dist / deb_name, version, icons.parent, 2 if quick else 6)
    return [tarball, deb]
