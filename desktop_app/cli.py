"""Command line: the GUI by default, plus export / import / backup / self-check.

Sub-commands that do not need a window never import Qt, so they stay fast
and work on a machine without a display.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from desktop_app import APP_NAME, __version__


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="afarensis-chat",
        description=f"{APP_NAME}: a desktop client for OpenAI-compatible chat servers.",
    )
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help="keep history (and, unless --config-dir is given, settings) in DIR "
        "instead of the per-user location; also AFARENSIS_DATA_DIR",
    )
    parser.add_argument(
        "--config-dir", metavar="DIR", help="keep settings in DIR; also AFARENSIS_CONFIG_DIR"
    )
    parser.add_argument(
        "--self-check",
        action="store_true",
        help="check this installation (Qt, keyring, storage, TLS) and exit",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    export = sub.add_parser("export", help="write conversations to Markdown or JSON")
    which = export.add_mutually_exclusive_group(required=True)
    which.add_argument("--conversation", metavar="ID", help="one conversation, by id")
    which.add_argument("--all", action="store_true", help="every conversation")
    export.add_argument("--format", choices=("markdown", "json"), default="json")
    export.add_argument(
        "-o", "--output", metavar="PATH", help="file (JSON) or folder (Markdown); default stdout"
    )

    imp = sub.add_parser("import", help="import our JSON export or a ChatGPT conversations.json")
    imp.add_argument("file", metavar="FILE")

    backup = sub.add_parser("backup", help="write a consistent copy of the history database")
    backup.add_argument("path", metavar="PATH", nargs="?", help="default: the backups folder")

    from desktop_app.app.tools_cli import add_parser as add_mcp_parser

    add_mcp_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    from desktop_app.app.paths import resolve_paths

    paths = resolve_paths(args.data_dir, args.config_dir)
    if args.self_check:
        from desktop_app.app.self_check import run_self_check

        return run_self_check(paths)
    if args.command in ("export", "import", "backup"):
        from desktop_app.app.container import run_history_command

        return run_history_command(args, paths)
    if args.command == "mcp":
        from desktop_app.app.tools_cli import run as run_mcp_command

        return run_mcp_command(args, paths)
    from desktop_app.app.main import run_gui

    return run_gui(paths)


if __name__ == "__main__":
    sys.exit(main())
