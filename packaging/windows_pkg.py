"""Windows artifacts: a .zip of the one-folder bundle and an Inno Setup installer.

The installer script is packaging/windows/afarensis-chat.iss; it is compiled
when ISCC.exe is found (PATH, ``INNO_SETUP_ISCC`` or its default location),
otherwise the command to run is printed. The .exe files carry version info
from the spec. Standard library only.
"""

from __future__ import annotations

import os
import platform
import shutil
import subprocess
import zipfile
from pathlib import Path

import meta

_DEFAULT_ISCC = Path(os.environ.get("PROGRAMFILES(X86)", r"C:\Program Files (x86)")) / (
    r"Inno Setup 6\ISCC.exe"
)


def find_iscc() -> Path | None:
    for candidate in (os.environ.get("INNO_SETUP_ISCC"), shutil.which("iscc")):
        if candidate:
            return Path(candidate)
    return _DEFAULT_ISCC if _DEFAULT_ISCC.exists() else None


def make_zip(source: Path, out: Path, top: str) -> Path:
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        if source.is_file():
            archive.write(source, f"{top}/{source.name}")
            return out
        for path in sorted(source.rglob("*")):
            archive.write(path, f"{top}/{path.relative_to(source).as_posix()}")
    return out


def build(dist: Path, icons: Path, version: str, *, onefile: bool) -> list[Path]:
    arch = "arm64" if platform.machine().lower() in ("arm64", "aarch64") else "x64"
    stem = f"{meta.APP_ID}-{version}-windows-{arch}"
    if onefile:
        return [make_zip(dist / f"{meta.APP_ID}.exe", dist / f"{stem}-onefile.zip", stem)]
    bundle = dist / meta.APP_ID
    artifacts = [make_zip(bundle, dist / f"{stem}.zip", stem)]
    cmd = [
        f"/DAppVersion={version}",
        f"/DSourceDir={bundle}",
        f"/DIconFile={icons / 'app.ico'}",
        f"/DOutputDir={dist}",
        f"/DOutputName={stem}-setup",
        str(meta.PACKAGING / "windows" / "afarensis-chat.iss"),
    ]
    iscc = find_iscc()
    if iscc is None:
        print("build: Inno Setup not found; to make the installer run: ISCC.exe " + " ".join(cmd))
        return artifacts
    subprocess.run([str(iscc), "/Q", *cmd], check=True)
    return [*artifacts, dist / f"{stem}-setup.exe"]
