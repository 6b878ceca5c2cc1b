"""`yishi polls`: list polls, export one for an independent recount, print its results report.

    yishi polls list
    yishi polls export H27EVB --out 复核/          (SPEC.json + BALLOTS.jsonl, order shuffled)
    yishi polls report H27EVB --out 计票结果报告单.pdf
    yishi tally 复核/SPEC.json 复核/BALLOTS.jsonl  (the recount)

A poll is named by its code (the short id printed on its ballots) or its id.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from desktop.commands._common import fail, open_db, say, t
from desktop.i18n import N_


def add_parser(sub: Any) -> None:
    p = sub.add_parser("polls", help="表决计票：列表、导出供独立计票、打印计票结果报告单")
    actions = p.add_subparsers(dest="polls_action", metavar="ACTION", required=True)
    actions.add_parser("list", help="列出票决")
    ex = actions.add_parser(
        "export", help="导出 SPEC.json 与 BALLOTS.jsonl（选票顺序打乱），供 yishi tally 复核"
    )
    ex.add_argument("poll", help="票决代码（选票上的代码）或 ID")
    ex.add_argument("--out", required=True, help="输出目录")
    rp = actions.add_parser("report", help="生成计票结果报告单或选举结果公告 PDF")
    rp.add_argument("poll", help="票决代码或 ID")
    rp.add_argument("--out", required=True, help="输出的 PDF 文件")
    rp.add_argument(
        "--paper",
        choices=("tally", "announcement"),
        default="tally",
        help="tally 计票结果报告单（默认）/ announcement 选举结果公告（须已核验）",
    )


def run(args: argparse.Namespace) -> int:
    from desktop.errors import AppError

    try:
        database = open_db()
    except AppError as err:
        return fail(err.template, **err.params)
    try:
        if args.polls_action == "list":
            return _list(database)
        poll_id = _find(database, args.poll)
        if poll_id is None:
            return fail(N_("No poll with the code {poll}"), poll=args.poll)
        if args.polls_action == "export":
            return _export(database, poll_id, Path(args.out))
        return _report(database, poll_id, Path(args.out), getattr(args, "paper", "tally"))
    except AppError as err:
        return fail(err.template, **err.params)
    finally:
        database.dispose()


def _find(database: Any, which: str) -> str | None:
    from desktop.services import polls

    with database.session() as s:
        for row in polls.list_polls(s):
            if which.strip().upper() == row.short_id or which.strip() == row.id:
                return row.id
    return None


def _list(database: Any) -> int:
    from desktop.i18n import gettext
    from desktop.services import polls

    with database.session() as s:
        rows = polls.list_polls(s)
        for row in rows:
            say(
                f"{row.short_id}  {gettext(polls.STATUS_LABELS[row.status])}  "
                f"{gettext(polls.KIND_LABELS[row.kind])}  {row.title}  "
                + t(N_("{count} ballots entered"), count=row.entered)
                + (f"  {row.meeting_title}" if row.meeting_title else "")
            )
    if not rows:
        say(t(N_("No polls yet.")))
    return 0


def _export(database: Any, poll_id: str, folder: Path) -> int:
    from desktop.services import polls

    with database.session() as s:
        spec, ballots = polls.export_recount(s, poll_id, folder)
    say(t(N_("Written {spec} and {ballots}"), spec=str(spec), ballots=str(ballots)))
    return 0


def _report(database: Any, poll_id: str, out: Path, paper: str = "tally") -> int:
    from desktop.reports import result_notice, tally_report

    with database.session() as s:
        if paper == "announcement":
            pdf = result_notice.result_notice_pdf(s, poll_id)
        else:
            pdf = tally_report.tally_report_pdf(s, poll_id)
    from desktop.fileio import write_bytes_atomically

    write_bytes_atomically(out, pdf)
    say(t(N_("Written {path}"), path=str(out)))
    return 0
