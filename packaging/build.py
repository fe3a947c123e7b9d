#!/usr/bin/env python3
"""Build Afarensis Chat for this OS: one command, same flags everywhere.

    python packaging/build.py [--onefile] [--skip-installers] [--dist DIR] [--work DIR]

Steps: render the icons from resources/icons/app.svg, freeze with PyInstaller
(packaging/afarensis-chat.spec), then make this OS's installers:

- Linux:   <dist>/afarensis-chat-<v>-linux-<arch>.tar.gz and afarensis-chat_<v>_<arch>.deb
- Windows: <dist>/afarensis-chat-<v>-windows-<arch>.zip, the Inno Setup script, and the
           setup .exe when ISCC.exe is on PATH (or at its default place)
- macOS:   <dist>/Afarensis Chat.app and Afarensis-Chat-<v>-macos-<arch>.dmg, signed and
           notarized when the environment variables in packaging/README.md are set

Standard library + PyInstaller only; Qt is loaded in a child process for the icons.
``python3 bootstrap.py package [args]`` runs this with the project's venv.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import meta  # noqa: E402


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--onefile", action="store_true", help="one self-unpacking executable")
    parser.add_argument(
        "--skip-installers", action="store_true", help="stop after the PyInstaller bundle"
    )
    parser.add_argument("--dist", type=Path, default=meta.ROOT / "dist", help="output folder")
    parser.add_argument("--work", type=Path, default=meta.ROOT / "build", help="scratch folder")
    parser.add_argument(
        "--app",
        choices=("afarensis", "floor"),
        default="afarensis",
        help="'floor' freezes packaging/floor_app.py, the start-up baseline (no installers)",
    )
    parser.add_argument("--clean", action="store_true", help="drop PyInstaller's cache first")
    parser.add_argument(
        "--quick",
        action="store_true",
        help="faster, lighter compression of the archives (tests); releases leave it off",
    )
    return parser.parse_args(argv)


def step(message: str) -> None:
    print(f"build: {message}", flush=True)


def run(cmd: list[str], **kwargs: object) -> None:
    step(" ".join(cmd))
    subprocess.run(cmd, check=True, **kwargs)  # type: ignore[call-overload]


def make_icons(work: Path) -> Path:
    out = work / "icons"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    subprocess.run(
        [sys.executable, str(HERE / "icons.py"), str(out)],
        check=True,
        env=env,
        stdout=subprocess.DEVNULL,
    )
    return out


def freeze(args: argparse.Namespace, icons: Path) -> None:
    cmd = [
        sys.executable,
        "-m",
        "PyInstaller",
        "--noconfirm",
        "--log-level=WARN",
        f"--distpath={args.dist}",
        f"--workpath={args.work / 'pyinstaller'}",
        *(["--clean"] if args.clean else []),
        str(HERE / "afarensis-chat.spec"),
        "--",
        f"--icon-dir={icons}",
        f"--app={args.app}",
        *(["--onefile"] if args.onefile else []),
    ]
    run(cmd)


def installers(args: argparse.Namespace, icons: Path) -> list[Path]:
    """This OS's archives and installers; each module knows one platform."""
    version = meta.app_version()
    if sys.platform.startswith("linux"):
        import linux_pkg

        return linux_pkg.build(args.dist, icons, version, onefile=args.onefile, quick=args.quick)
    if sys.platform == "win32":
        import windows_pkg

        return windows_pkg.build(args.dist, icons, version, onefile=args.onefile)
    if sys.platform == "darwin":
        import macos_pkg

        return macos_pkg.build(args.dist, version)
    step(f"no installers for {sys.platform}; the bundle is in {args.dist}")
    return []


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    args.dist, args.work = args.dist.resolve(), args.work.resolve()
    try:
        import PyInstaller  # noqa: F401
    except ImportError:
        print(
            "build: PyInstaller is not installed; run "
            "`.venv/bin/pip install -e '.[package]'` (or `python3 bootstrap.py package`).",
            file=sys.stderr,
        )
        return 2
    started = time.monotonic()
    icons = make_icons(args.work)
    freeze(args, icons)
    artifacts = [] if args.skip_installers or args.app == "floor" else installers(args, icons)
    step(f"done in {time.monotonic() - started:.0f} s")
    for path in artifacts:
        print(f"  {path}  ({path.stat().st_size / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
