"""Autogenerate an Alembic revision for desktop/migrations.

Usage: python tools/new_migration.py REV_ID "message" [--down-revision REV]

REV_ID like 0002_roster. Builds a scratch database at the current heads, then diffs the
models against it. Review the generated file before committing.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from alembic import command
from alembic.config import Config

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("rev_id")
    parser.add_argument("message")
    parser.add_argument(
        "--head", default=None, help="parent revision (branch point), default: the only head"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        cfg = Config()
        cfg.set_main_option("script_location", str(ROOT / "desktop" / "migrations"))
        cfg.set_main_option("sqlalchemy.url", f"sqlite:///{tmp}/scratch.sqlite3")
        command.upgrade(cfg, "heads")
        command.revision(
            cfg,
            message=args.message,
            autogenerate=True,
            rev_id=args.rev_id,
            head=args.head or "head",
        )


if __name__ == "__main__":
    main()
