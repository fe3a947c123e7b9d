"""macOS artifacts: sign the .app PyInstaller made, wrap it in a .dmg, notarize.

Signing and notarization run only when their environment variables are set,
so a local build needs no Apple account (the .app is then ad-hoc signed by
PyInstaller and Gatekeeper will ask the user to confirm on first launch):

- ``MACOS_SIGN_IDENTITY``: e.g. "Developer ID Application: Name (TEAMID)",
  a certificate already in the keychain (CI imports it first).
- ``MACOS_NOTARY_APPLE_ID``, ``MACOS_NOTARY_TEAM_ID``, ``MACOS_NOTARY_PASSWORD``
  (an app-specific password): notarize the .dmg with notarytool and staple it.

Standard library only; uses codesign, hdiutil, xcrun (all part of macOS/Xcode CLT).
"""

from __future__ import annotations

import os
import platform
import shutil
import subprocess
from pathlib import Path

import meta

ENTITLEMENTS = meta.PACKAGING / "macos" / "entitlements.plist"


def run(cmd: list[str]) -> None:
    print("build: " + " ".join(cmd), flush=True)
    subprocess.run(cmd, check=True)


def sign(target: Path, identity: str) -> None:
    """Hardened-runtime signature, required for notarization."""
    run(
        [
            "codesign",
            "--force",
            "--deep",
            "--options=runtime",
            "--timestamp",
            f"--entitlements={ENTITLEMENTS}",
            f"--sign={identity}",
            str(target),
        ]
    )
    run(["codesign", "--verify", "--deep", "--strict", "--verbose=2", str(target)])


def make_dmg(app: Path, out: Path) -> Path:
    """A compressed disk image with the app and a link to /Applications."""
    staging = out.with_suffix(".staging")
    if staging.exists():
        shutil.rmtree(staging)
    staging.mkdir()
    shutil.copytree(app, staging / app.name, symlinks=True)
    (staging / "Applications").symlink_to("/Applications")
    out.unlink(missing_ok=True)
    run(
        [
            "hdiutil",
            "create",
            "-volname",
            meta.APP_NAME,
            "-srcfolder",
            str(staging),
            "-fs",
            "HFS+",
            "-format",
            "UDZO",
            "-ov",
            str(out),
        ]
    )
    shutil.rmtree(staging)
    return out


def notarize(dmg: Path) -> None:
    apple_id = os.environ.get("MACOS_NOTARY_APPLE_ID")
    team = os.environ.get("MACOS_NOTARY_TEAM_ID")
    password = os.environ.get("MACOS_NOTARY_PASSWORD")
    if not (apple_id and team and password):
        print("build: MACOS_NOTARY_* not set; skipping notarization")
        return
    run(
        [
            "xcrun",
            "notarytool",
            "submit",
            str(dmg),
            f"--apple-id={apple_id}",
            f"--team-id={team}",
            f"--password={password}",
            "--wait",
        ]
    )
    run(["xcrun", "stapler", "staple", str(dmg)])


def build(dist: Path, version: str) -> list[Path]:
    app = dist / f"{meta.APP_NAME}.app"
    identity = os.environ.get("MACOS_SIGN_IDENTITY")
    if identity:
        sign(app, identity)
    else:
        print("build: MACOS_SIGN_IDENTITY not set; the .app keeps its ad-hoc signature")
    arch = platform.machine().lower()  # arm64 or x86_64
    dmg = make_dmg(app, dist / f"{meta.APP_NAME.replace(' ', '-')}-{version}-macos-{arch}.dmg")
    if identity:
        sign(dmg, identity)
        notarize(dmg)
    return [dmg]
