"""`yishi audit verify`: walk the hash chain and name the first broken entry."""

from __future__ import annotations

import argparse
from typing import Any

from desktop.commands._common import fail, open_db, say, t
from desktop.i18n import N_


def add_parser(sub: Any) -> None:
    p = sub.add_parser("audit", help="审计日志")
    actions = p.add_subparsers(dest="audit_action", metavar="ACTION", required=True)
    actions.add_parser("verify", help="校验审计日志哈希链")


def run(args: argparse.Namespace) -> int:
    from desktop.errors import AppError
    from desktop.services import audit

    try:
        database = open_db()
    except AppError as err:
        return fail(err.template, **err.params)
    try:
        with database.session() as s:
            result = audit.verify(s)
    finally:
        database.dispose()
    if result.ok:
        say(t(N_("OK: audit trail intact, {n} entries"), n=result.rows_checked))
        return 0
    say(
        t(
            N_("BROKEN at audit entry id={id}: {problem}"),
            id=result.broken_id,
            problem=result.problem,
        )
    )
    return 1
