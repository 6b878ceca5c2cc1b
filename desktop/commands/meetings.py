"""`yishi meetings`: list the representative meetings and print their papers headless.

    yishi meetings list
    yishi meetings print 3 --paper minutes --out 第三次会议记录.pdf

A meeting is named by its number in the current term (or by its id).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from desktop.commands._common import fail, open_db, say, t
from desktop.i18n import N_

PAPERS = ("notice", "signin", "absence", "agenda", "minutes")


def add_parser(sub: Any) -> None:
    p = sub.add_parser("meetings", help="议事代表会议：列表、打印会议材料")
    actions = p.add_subparsers(dest="meetings_action", metavar="ACTION", required=True)
    actions.add_parser("list", help="列出会议")
    pr = actions.add_parser("print", help="生成会议通知、签到表、议程或会议记录 PDF")
    pr.add_argument("meeting", help="本届第几次会议（数字）或会议 ID")
    pr.add_argument(
        "--paper",
        choices=PAPERS,
        required=True,
        help="notice 通知 / signin 签到表 / absence 缺席请假名单 / agenda 议程 / minutes 会议记录",
    )
    pr.add_argument("--out", required=True, help="输出的 PDF 文件")


def run(args: argparse.Namespace) -> int:
    from desktop.errors import AppError

    try:
        database = open_db()
    except AppError as err:
        return fail(err.template, **err.params)
    try:
        if args.meetings_action == "list":
            return _list(database)
        return _print(database, args.meeting, args.paper, Path(args.out))
    except AppError as err:
        return fail(err.template, **err.params)
    finally:
        database.dispose()


def _list(database: Any) -> int:
    from desktop.i18n import gettext
    from desktop.services import meetings
    from desktop.services.permissions import SYSTEM_ACTOR

    with database.session() as s:
        rows = meetings.list_meetings(s, SYSTEM_ACTOR)
        for m in rows:
            q = meetings.quorum_status(s, m.id)
            say(
                f"{m.number:>3}  {m.starts_at.astimezone():%Y-%m-%d %H:%M}  "
                f"{gettext(meetings.STATUS_LABELS[m.status])}  {m.title}  "
                + t(
                    N_("expected {total}, present {present}, on leave {leave}"),
                    total=q.members_total,
                    present=q.present,
                    leave=q.on_leave,
                )
            )
    if not rows:
        say(t(N_("No meetings yet.")))
    return 0


def _print(database: Any, which: str, paper: str, out: Path) -> int:
    from desktop.reports.meeting_papers import PAPERS as MAKERS
    from desktop.services import meetings
    from desktop.services.permissions import SYSTEM_ACTOR

    with database.session() as s:
        found = [m for m in meetings.list_meetings(s, SYSTEM_ACTOR) if m.id == which]
        if not found and which.isdigit():
            term_id = meetings.current_term_id(s)
            found = [
                m
                for m in meetings.list_meetings(s, SYSTEM_ACTOR, term_id=term_id)
                if m.number == int(which)
            ]
        if not found:
            return fail(N_("No meeting {which} in the current term."), which=which)
        pdf = MAKERS[paper](s, SYSTEM_ACTOR, found[0].id)
    out = out if out.suffix.lower() == ".pdf" else out.with_suffix(".pdf")
    from desktop.errors import AppError
    from desktop.fileio import write_bytes_atomically

    try:
        write_bytes_atomically(out, pdf)
    except (OSError, AppError) as exc:
        return fail(N_("Cannot write {path}: {error}"), path=str(out), error=str(exc))
    say(t(N_("Wrote {path}"), path=str(out)))
    return 0
