"""Bundle size and frozen start-up of Afarensis Chat against a frozen floor app.

The floor is packaging/floor_app.py (one QListWidget + one QTextBrowser in a
QMainWindow), frozen by the same spec with the same Qt trimming. Goals: our
bundle ≤ 1.3x the floor's, our frozen start ≤ 1.5x the floor's.

Start-up is launch → first visible top-level window of the process, seen
from outside through X (``xdotool search --onlyvisible --pid``, polled every few
ms on Xvfb), the same probe for both apps so neither needs instrumenting.
Without Xvfb/xdotool "ours" falls back to the frozen ``--self-check`` run to
exit (QtCore, keyring, sqlite, ssl; no window), and the row says so.

Builds go to bench/results/packaging/ (gitignored) and are reused while newer
than every source file. Linux only (it makes the .deb). Run:
``.venv/bin/python -m bench.packaging_size``.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tarfile
import time
from collections.abc import Callable
from pathlib import Path

from bench.report import Row, print_table, row

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "results" / "packaging"
BUILD = [sys.executable, str(ROOT / "packaging" / "build.py")]
RUNS = 7
SIZE_GOAL, START_GOAL = 1.3, 1.5


def _tree_size(path: Path) -> int:
    return sum(p.lstat().st_size for p in path.rglob("*") if p.is_file() or p.is_symlink())


def _newest_source() -> float:
    roots = [ROOT / "desktop_app", ROOT / "packaging", ROOT / "resources"]
    return max(p.stat().st_mtime for r in roots for p in r.rglob("*") if p.is_file())


def _build(name: str, *extra: str) -> Path:
    """Freeze into OUT/<name>/dist unless a build newer than the sources is there."""
    dist = OUT / name / "dist"
    stamp = OUT / name / "built"
    if stamp.exists() and stamp.stat().st_mtime > _newest_source():
        return dist
    shutil.rmtree(dist, ignore_errors=True)
    cmd = [*BUILD, f"--dist={dist}", f"--work={OUT / name / 'work'}", *extra]
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    stamp.touch()
    return dist


def _archive(folder: Path, out: Path, mode: str) -> int:
    """Size of ``folder`` as a tar.gz (level 9) or tar.xz, like the release archives."""
    if not out.exists() or out.stat().st_mtime < folder.stat().st_mtime:
        opts = {"compresslevel": 9} if mode == "w:gz" else {"preset": 6}
        with tarfile.open(out, mode, **opts) as tar:  # type: ignore[call-overload]
            tar.add(folder, arcname=folder.name)
    return out.stat().st_size


def _display_env() -> tuple[dict[str, str], subprocess.Popen[bytes] | None]:
    """An Xvfb display when there is one to start (the app must run there), else offscreen."""
    env = dict(os.environ)
    if shutil.which("Xvfb"):
        read_fd, write_fd = os.pipe()
        xvfb = subprocess.Popen(
            [
                "Xvfb",
                "-displayfd",
                str(write_fd),
                "-screen",
                "0",
                "1280x800x24",
                "-nolisten",
                "tcp",
                # Without it the server resets when its last client leaves, and
                # the next start that connects meanwhile aborts (exit -6).
                "-noreset",
            ],
            pass_fds=(write_fd,),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        os.close(write_fd)
        with os.fdopen(read_fd) as pipe:  # Xvfb writes the free display number it took
            display = ":" + pipe.readline().strip()
        env.update(DISPLAY=display, QT_QPA_PLATFORM="xcb")
        return env, xvfb
    env["QT_QPA_PLATFORM"] = "offscreen"
    return env, None


def _window_start(cmd: list[str], env: dict[str, str]) -> float:
    """Seconds from launch until X reports a visible window owned by the process."""
    exe = cmd[0]
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while time.perf_counter() - started < 30:
            found = subprocess.run(
                ["xdotool", "search", "--onlyvisible", "--pid", str(proc.pid)],
                capture_output=True,
                env=env,
                check=False,
            )
            if found.stdout.strip():
                return time.perf_counter() - started
            if proc.poll() is not None:
                raise RuntimeError(f"{exe} exited ({proc.returncode}) before showing a window")
            time.sleep(0.002)
        raise TimeoutError(f"{exe} showed no window in 30 s")
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def _floor_start(exe: Path, env: dict[str, str]) -> float:
    started = time.time()
    out = subprocess.run([str(exe)], capture_output=True, text=True, env=env, timeout=60).stdout
    shown = next(line for line in out.splitlines() if line.startswith("shown "))
    return float(shown.split()[1]) - started


def _our_start(exe: Path, env: dict[str, str], data_dir: Path) -> float:
    started = time.perf_counter()
    subprocess.run(
        [str(exe), "--self-check"],
        capture_output=True,
        env={**env, "AFARENSIS_DATA_DIR": str(data_dir)},
        timeout=60,
        check=False,
    )
    return time.perf_counter() - started


def _median(measure: Callable[..., float], *args: object) -> float:
    """Median of RUNS timings; one extra first run warms the disk cache and is dropped."""
    return statistics.median([measure(*args) for _ in range(RUNS + 1)][1:])


def _row(metric: str, ours: float, baseline: float, goal: float, unit: str) -> Row:
    return row(
        metric,
        ours,
        baseline,
        goal=f"≤ {goal}× floor",
        met=ours <= goal * baseline,
        unit=unit,
        digits=1 if unit == "MB" else 3,
    )


def run() -> list[Row]:
    """Build both (or reuse), then measure sizes in MB and start-up in seconds."""
    ours_dist = _build("ours")
    floor_dist = _build("floor", "--app=floor")
    ours, floor = ours_dist / "afarensis-chat", floor_dist / "floor-app"
    [tarball] = ours_dist.glob("afarensis-chat-*-linux-*.tar.gz")
    [deb] = ours_dist.glob("afarensis-chat_*.deb")
    mb = 1e6
    rows = [
        _row("one-folder bundle", _tree_size(ours) / mb, _tree_size(floor) / mb, SIZE_GOAL, "MB"),
        _row(
            "tar.gz archive",
            tarball.stat().st_size / mb,
            _archive(floor, floor_dist / "floor.tar.gz", "w:gz") / mb,
            SIZE_GOAL,
            "MB",
        ),
        _row(
            ".deb (floor: tar.xz at the same xz level)",
            deb.stat().st_size / mb,
            _archive(floor, floor_dist / "floor.tar.xz", "w:xz") / mb,
            SIZE_GOAL,
            "MB",
        ),
    ]
    env, xvfb = _display_env()
    try:
        data_dir = OUT / "data"
        data_dir.mkdir(parents=True, exist_ok=True)
        if xvfb is not None and shutil.which("xdotool"):
            app_env = {**env, "AFARENSIS_DATA_DIR": str(data_dir)}
            metric = "frozen start to window shown"
            ours_s = _median(_window_start, [str(ours / "afarensis-chat")], app_env)
            floor_s = _median(_window_start, [str(floor / "floor-app"), "--stay"], env)
        else:
            metric = "frozen start (ours: --self-check to exit, no window; floor: window shown)"
            ours_s = _median(_our_start, ours / "afarensis-chat", env, data_dir)
            floor_s = _median(_floor_start, floor / "floor-app", env)
        rows.append(_row(metric, ours_s, floor_s, START_GOAL, "s"))
    finally:
        if xvfb is not None:
            xvfb.terminate()
            xvfb.wait()
    return rows


if __name__ == "__main__":
    print_table(run())
