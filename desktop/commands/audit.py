"""`yishi audit verify [--anchor N:HASH ...]`: walk the hash chain and name the first broken
entry, then compare the log with every anchor of it this installation knows (sealed sync
batches, backups) and those typed from printed papers."""

from __future__ import annotations

import argparse
from typing import Any

from desktop.commands._common import fail, open_db, say, t
from desktop.i18n import N_


def add_parser(sub: Any) -> None:
    p = sub.add_parser("audit", help="审计日志")
    actions = p.add_subparsers(dest="audit_action", metavar="ACTION", required=True)
    verify = actions.add_parser("verify", help="校验审计日志哈希链，并与已知锚点核对")
    verify.add_argument(
        "--anchor",
        action="append",
        default=[],
        metavar="N:HASH",
        help="纸面（计票报告、会议记录、备份回执）上印的审计链锚点，可多次给出",
    )


def run(args: argparse.Namespace) -> int:
    from desktop.errors import AppError
    from desktop.services import audit, audit_anchors

    try:
        typed = [
            audit_anchors.Anchor(audit_anchors.parse_typed(text), "paper")
            for text in getattr(args, "anchor", [])
        ]
        database = open_db()
    except AppError as err:
        return fail(err.template, **err.params)
    try:
        with database.session() as s:
            result = audit.verify(s)
            anchors = [*audit_anchors.known(s), *typed]
            problems = audit_anchors.check(s, anchors)
    finally:
        database.dispose()
    if result.ok:
        say(t(N_("OK: audit trail intact, {n} entries"), n=result.rows_checked))
    else:
        say(
            t(
                N_("BROKEN at audit entry id={id}: {problem}"),
                id=result.broken_id,
                problem=result.problem,
            )
        )
    for problem in problems:
        say(audit_anchors.describe(problem))
    if anchors and not problems:
        say(audit_anchors.all_extended(anchors))
    return 0 if result.ok and not problems else 1
