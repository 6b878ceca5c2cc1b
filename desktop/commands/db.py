"""`yishi db upgrade | check | backup [--to FILE] | restore FILE`."""

from __future__ import annotations

import argparse
from typing import Any

from desktop.commands._common import fail, say, t
from desktop.i18n import N_

REVISION_STATES = {
    "current": N_("Version: current ({revisions})"),
    "older": N_("Version: older ({revisions}); `yishi db upgrade` or starting Yishi upgrades it"),
    "empty": N_("Version: empty (no Yishi tables yet)"),
}


def add_parser(sub: Any) -> None:
    p = sub.add_parser("db", help="数据库：升级、检查、备份、恢复")
    actions = p.add_subparsers(dest="db_action", metavar="ACTION", required=True)
    actions.add_parser("upgrade", help="备份后升级到当前版本")
    actions.add_parser("check", help="检查完整性与版本")
    backup = actions.add_parser("backup", help="备份（默认写入数据目录的 backups/）")
    backup.add_argument("--to", metavar="FILE", help="备份到指定文件")
    restore = actions.add_parser("restore", help="从备份文件恢复（原文件另存于 backups/）")
    restore.add_argument("file", metavar="FILE")


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from desktop import db as dbmod
    from desktop.config import paths
    from desktop.errors import AppError

    p = paths().ensure()
    try:
        if args.db_action == "upgrade":
            state = dbmod.check_revision(p.database) if p.database.exists() else "empty"
            database = dbmod.open_database(p.database, backups=p.backups)
            database.dispose()
            say(
                t(N_("Database is current: {path}"), path=p.database)
                if state == "current"
                else t(N_("Database upgraded: {path}"), path=p.database)
            )
            return 0
        if args.db_action == "check":
            if not p.database.exists():
                return fail(N_("No database at {path}"), path=p.database)
            if dbmod.file_damage(p.database, p.backups) is not None:
                raise dbmod.damaged_error(p.database, backups=p.backups)
            ok, detail = dbmod.integrity_ok(p.database)
            if not ok and "malformed" in detail:
                raise dbmod.damaged_error(p.database, detail, backups=p.backups)
            state = dbmod.check_revision(p.database)
            revisions = ", ".join(sorted(dbmod.stored_revisions(p.database)))
            say(
                t(N_("Integrity: ok"))
                if ok
                else t(N_("Integrity: damaged ({detail})"), detail=detail)
            )
            say(t(REVISION_STATES[state], revisions=revisions))
            return 0 if ok and state == "current" else 1
        if args.db_action == "backup":
            if not p.database.exists():
                return fail(N_("No database at {path}"), path=p.database)
            if args.to:
                target = dbmod.backup_file(p.database, Path(args.to))
            else:
                target = dbmod.backup_to_folder(p.database, p.backups, "manual")
            say(str(target))
            _anchor_backup(dbmod, p, Path(target))
            return 0
        if args.db_action == "restore":
            source = Path(args.file)
            if not source.is_file():
                return fail(N_("No such file: {path}"), path=source)
            kept = dbmod.restore(p.database, source, p.backups)
            say(
                t(
                    N_("Restored {source}; the replaced database was kept as {kept}"),
                    source=source,
                    kept=kept,
                )
            )
            return 0
    except dbmod.DamagedDatabase as err:
        import sys

        newest = dbmod.newest_good_backup(p.backups)
        print(str(err), file=sys.stderr, flush=True)
        if newest is not None:
            say(t(N_("Newest good backup: {path}"), path=newest))
        return 1
    except AppError as err:
        return fail(err.template, **err.params)
    return 2


def _anchor_backup(dbmod: Any, p: Any, target: Any) -> None:
    """Print the audit chain head the backup holds and keep it as an anchor (docs/security.md):
    a later ``yishi audit verify`` then sees a log cut or rewritten below it."""
    from desktop.services import audit_anchors

    database = dbmod.open_database(p.database, backups=p.backups)
    try:
        with database.transaction() as s:
            line = audit_anchors.anchor_backup(s, target)
    finally:
        database.dispose()
    say(line)
