"""`yishi demo build [--replace]`: (re)build the demo street in its own data directory."""

from __future__ import annotations

import argparse
from typing import Any

from desktop.commands._common import say


def add_parser(sub: Any) -> None:
    p = sub.add_parser("demo", help="演示数据")
    actions = p.add_subparsers(dest="demo_action", metavar="ACTION", required=True)
    build = actions.add_parser("build", help="生成演示街道数据库")
    build.add_argument("--replace", action="store_true", help="重新生成（仅限演示数据库）")


def run(args: argparse.Namespace) -> int:
    from desktop.config import paths
    from desktop.demo import build_demo

    p = paths(demo=True)
    database = build_demo(p, replace=args.replace)
    database.dispose()
    say(str(p.database))
    return 0
