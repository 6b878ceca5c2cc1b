"""`yishi` entry point: the GUI by default, headless subcommands otherwise.

Kept light on purpose: each subcommand lives in ``desktop/commands/<name>.py`` and is imported
only when it runs, so ``yishi tally`` does not pay for Qt or SQLAlchemy. A command module
exposes ``add_parser(subparsers)`` (stdlib-only at import time) and ``run(args) -> int``.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence
from typing import Any

# Subcommand name → module under desktop.commands (imported lazily).
COMMANDS: dict[str, str] = {
    "db": "db",
    "audit": "audit",
    "users": "users",
    "demo": "demo",
    "polls": "polls",
    "import": "roster_io",
    "export": "roster_io",
    "template": "roster_io",
    "cards": "roster_io",
    "people": "roster_io",
    "meetings": "meetings",
    "tally": "tally",
    "sync": "sync",
    "pack": "pack",
}

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_USAGE = 2


def build_parser() -> argparse.ArgumentParser:
    from desktop import cli_messages

    cli_messages.install()
    parser = argparse.ArgumentParser(
        prog="yishi",
        description="议事通 Yishi — 人大街道工委工作平台。不带子命令时打开图形界面。",
    )
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help="数据目录（默认取 YISHI_DATA_DIR 或系统用户数据目录）",
    )
    parser.add_argument("--demo", action="store_true", help="在独立的演示数据目录中打开演示街道")
    parser.add_argument("--self-test", action="store_true", help="自检后退出（0 = 正常）")
    parser.add_argument("--version", action="store_true", help="显示版本号")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in COMMANDS.values():
        # Every listed command ships; a missing module is a packaging bug, so fail loudly.
        command = importlib.import_module(f"desktop.commands.{module}")
        command.add_parser(sub)
    return parser


_cli_log_handler: Any = None


def _log_to_file() -> None:
    """Warnings from the libraries (sync retries, migrations) go to the data folder's log,
    not between the command's own Chinese messages on the terminal."""
    import logging
    from logging.handlers import RotatingFileHandler

    from desktop.config import paths

    try:
        folder = paths().logs
        folder.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = RotatingFileHandler(
            folder / "yishi-cli.log", maxBytes=1_000_000, backupCount=3, encoding="utf-8"
        )
    except OSError:  # a read-only or missing data folder: the command says what matters
        handler = logging.NullHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    global _cli_log_handler
    if _cli_log_handler is not None:  # main() called again in one process (tests, scripts)
        root.removeHandler(_cli_log_handler)
        _cli_log_handler.close()
    _cli_log_handler = handler
    root.addHandler(handler)
    root.setLevel(logging.INFO)


def _ensure_demo_street() -> None:
    """``yishi --demo <command>`` works on the demo street as the GUI shows it: build the demo
    database first when this PC has none yet (a command on an empty one would report nothing)."""
    from desktop.config import paths

    p = paths(demo=True)
    if p.database.exists():
        return
    from desktop.demo import build_demo

    print("正在生成演示街道数据…", file=sys.stderr)
    build_demo(p).dispose()


def main(argv: Sequence[str] | None = None) -> int:
    from desktop.config import private_umask

    private_umask()  # the database, backups, logs and batch files: the user's alone
    args_list = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    args = parser.parse_args(args_list)
    if args.data_dir:
        os.environ["YISHI_DATA_DIR"] = os.path.abspath(args.data_dir)
    elif args.demo:
        # Every subcommand then works on the demo street's own directory, never the real one
        # (the commands read the data directory through YISHI_DATA_DIR, as for --data-dir).
        from desktop.config import demo_data_dir

        os.environ["YISHI_DATA_DIR"] = str(demo_data_dir())
        if args.command not in (None, "tally"):
            _ensure_demo_street()
    if args.version:
        from desktop import __version__

        print(__version__)
        return EXIT_OK
    if args.command is None:
        if args.self_test:
            from desktop.selftest import run_self_test

            return int(run_self_test())
        from desktop.ui.app import run_gui

        return run_gui(demo=args.demo)
    if args.command != "tally":  # tally is a standalone checker; it never touches a database
        _log_to_file()
    module = importlib.import_module(f"desktop.commands.{COMMANDS[args.command]}")
    try:
        result = int(module.run(args))
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # a full disk and the like: say so, no traceback
        from desktop.errors import as_app_error

        friendly = as_app_error(exc)
        if friendly is None:
            raise
        print(str(friendly), file=sys.stderr, flush=True)
        return EXIT_USAGE
    return result


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
