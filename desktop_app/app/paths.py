"""Where the app keeps its files, per platform, with overrides.

Qt-free on purpose: the CLI (export, backup, self-check) resolves the same
paths without loading Qt.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from desktop_app import APP_ID

DATA_DIR_ENV = "AFARENSIS_DATA_DIR"
CONFIG_DIR_ENV = "AFARENSIS_CONFIG_DIR"
DATABASE_NAME = "history.sqlite3"
SETTINGS_NAME = "settings.json"
STATE_NAME = "window-state.json"


@dataclass(frozen=True, slots=True)
class AppPaths:
    """The directories of one run.

    ``--data-dir`` (or ``AFARENSIS_DATA_DIR``) alone makes a portable install:
    the config then lives in ``<data>/config`` unless a config dir is given.
    """

    data_dir: Path
    config_dir: Path

    @property
    def database(self) -> Path:
        return self.data_dir / DATABASE_NAME

    @property
    def backups_dir(self) -> Path:
        return self.data_dir / "backups"

    @property
    def logs_dir(self) -> Path:
        return self.data_dir / "logs"

    @property
    def settings_file(self) -> Path:
        return self.config_dir / SETTINGS_NAME

    @property
    def state_file(self) -> Path:
        return self.config_dir / STATE_NAME

    def ensure(self) -> None:
        """Create the directories (called at start, never at import)."""
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.config_dir.mkdir(parents=True, exist_ok=True)


def resolve_paths(
    data_dir: str | os.PathLike[str] | None = None,
    config_dir: str | os.PathLike[str] | None = None,
    environ: dict[str, str] | None = None,
    platform: str = sys.platform,
) -> AppPaths:
    """Arguments beat the environment, which beats the platform default."""
    env = os.environ if environ is None else environ
    data = data_dir or env.get(DATA_DIR_ENV) or None
    config = config_dir or env.get(CONFIG_DIR_ENV) or None
    if data is not None:
        data_path = Path(data).expanduser().resolve()
        config_path = Path(config).expanduser().resolve() if config else data_path / "config"
        return AppPaths(data_path, config_path)
    default_data, default_config = platform_dirs(platform)
    config_path = Path(config).expanduser().resolve() if config else default_config
    return AppPaths(default_data, config_path)


def platform_dirs(platform: str = sys.platform) -> tuple[Path, Path]:
    """The default data and config folders for ``platform`` (``sys.platform`` values).

    On Windows the history and its backups go to LocalAppData, never the
    roaming profile: a roaming profile is copied to a server at every log-off
    (a 2 GB history would make log-offs crawl, and a sync while the file is
    open corrupts it). Settings are small and do roam. On Linux and macOS
    there is one place for each.
    """
    dirs: type[platformdirs.PlatformDirsABC]
    if platform == "win32":
        from platformdirs.windows import Windows

        dirs = Windows
    elif platform == "darwin":
        from platformdirs.macos import MacOS

        dirs = MacOS
    else:
        from platformdirs.unix import Unix

        dirs = Unix
    data = dirs(APP_ID, appauthor=False, roaming=False).user_data_dir
    config = dirs(APP_ID, appauthor=False, roaming=True).user_config_dir
    return Path(data), Path(config)
