"""`yishi sync status | push | pull | enroll URL CODE | export-file DIR | import-ack FILE... |
import-pull FILE... | restore [--replace-local] [--file FILE...]`.

Headless sync, for a scheduled task (Windows Task Scheduler, cron): ``yishi sync push``
seals what is pending and pushes it, retrying network trouble with backoff for up to
``--retry-for`` seconds. Exit 0 when everything was acknowledged, 1 when something is still
pending (network trouble; try later), 3 when a person must act (enrol again, a refused batch).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from desktop.commands._common import fail, open_db, say, t
from desktop.i18n import N_

EXIT_PENDING = 1
EXIT_ACTION_NEEDED = 3


def add_parser(sub: Any) -> None:
    p = sub.add_parser("sync", help="与市/区服务器同步（可用于计划任务）")
    actions = p.add_subparsers(dest="sync_action", metavar="ACTION", required=True)
    actions.add_parser("status", help="显示待发送数量、上次成功时间和上次错误")
    push = actions.add_parser("push", help="封包并推送全部待发送的更改")
    push.add_argument(
        "--retry-for",
        type=float,
        default=120.0,
        metavar="SECONDS",
        help="网络故障时按退避间隔重试的最长时间（秒，默认 120；0 = 只试一次）",
    )
    enroll = actions.add_parser("enroll", help="用区里发放的一次性注册码注册本机")
    enroll.add_argument("url", help="服务器地址，例如 https://sync.example.gov.cn")
    enroll.add_argument("code", help="一次性注册码")
    enroll.add_argument("--name", default="", help="本机名称（默认：计算机名 + 街道代码）")
    export = actions.add_parser("export-file", help="把所有未确认的批次写成 .yishibatch 文件")
    export.add_argument("dir", type=Path, help="目标文件夹（例如 U 盘）")
    imp = actions.add_parser("import-ack", help="导入服务器签发的 .yishiack 确认文件")
    imp.add_argument("files", type=Path, nargs="+", metavar="FILE")
    actions.add_parser("pull", help="接收本街道其他电脑的更改（协议 2）")
    ipull = actions.add_parser("import-pull", help="导入服务器为本机写的 .yishipull 文件（U 盘）")
    ipull.add_argument("files", type=Path, nargs="+", metavar="FILE")
    ipull.add_argument(
        "--ack-dir",
        type=Path,
        default=None,
        metavar="DIR",
        help="把接收进度写成 .yishipullack 文件带回服务器（yishi-server import-pull-ack）",
    )
    rest = actions.add_parser("restore", help="从服务器恢复本街道的数据（新电脑或更换电脑）")
    rest.add_argument(
        "--replace-local",
        action="store_true",
        help="本机已有自己的数据时：先备份本机数据库文件，再以服务器的数据为准",
    )
    rest.add_argument(
        "--file",
        type=Path,
        nargs="+",
        default=None,
        metavar="FILE",
        help="从 .yishipull 文件恢复（U 盘）",
    )


def _pull_line(applied: int, unchanged: int, deferred: int, behind: bool) -> str:
    text = t(
        N_(
            "Received {applied} change(s) from other computers ({unchanged} already here, "
            "{deferred} wait for this computer's own changes to be sent)."
        ),
        applied=applied,
        unchanged=unchanged,
        deferred=deferred,
    )
    return text + (" " + t(N_("More is waiting on the server.")) if behind else "")


def _when(value: Any) -> str:
    return value.astimezone().strftime("%Y-%m-%d %H:%M:%S") if value is not None else "—"


def run(args: argparse.Namespace) -> int:
    from desktop.errors import AppError, SyncError
    from desktop.services.permissions import SYSTEM_ACTOR
    from desktop.sync import batchfile, client, enrol

    try:
        db = open_db()
    except AppError as err:
        return fail(N_("{error}"), error=str(err))
    try:
        action = args.sync_action
        if action == "status":
            st = client.status(db)
            say(t(N_("Server: {url}"), url=st.server_url or t(N_("(not enrolled)"))))
            if st.needs_enrolment:
                say(t(N_("The server no longer accepts this installation; enrol again.")))
            say(t(N_("Pending changes: {ops}"), ops=st.pending_ops + st.unacked_ops))
            say(t(N_("Sealed batches waiting: {count}"), count=st.unacked_batches))
            say(t(N_("Last success: {when}"), when=_when(st.last_success_at)))
            if st.last_error:
                say(t(N_("Last error: {error}"), error=st.last_error))
            say(t(N_("Open sync issues: {count}"), count=st.open_issues))
            return 0
        if action == "enroll":
            result = enrol.enrol(db, SYSTEM_ACTOR, args.url, args.code, device_name=args.name)
            say(
                t(
                    N_("Enrolled with {url} as device {device} of street {street}."),
                    url=result.server_url,
                    device=result.device_id,
                    street=result.street_code,
                )
            )
            return 0
        if action == "push":

            def retrying(err: SyncError, delay: float) -> None:
                say(t(N_("{error} Retrying in {seconds} s."), error=str(err), seconds=round(delay)))

            report = client.push(db, retry_for=max(0.0, args.retry_for), on_retry=retrying)
            if report.error is None or report.batches_sent:  # nothing sent: only the reason
                say(
                    t(
                        N_(
                            "Sent {batches} batch(es): {applied} applied, {duplicates} already "
                            "there, {conflicts} conflict(s), {rejected} rejected."
                        ),
                        batches=report.batches_sent,
                        applied=report.applied,
                        duplicates=report.duplicates,
                        conflicts=report.conflicts,
                        rejected=report.rejected,
                    )
                )
            if report.error is None:
                return 0
            print(str(report.error), flush=True)
            if report.error.kind in ("network", "timeout", "server"):
                return EXIT_PENDING
            return EXIT_ACTION_NEEDED
        if action == "export-file":
            files = batchfile.export_files(db, args.dir)
            for f in files:
                say(f"{f.path}\t{f.first_seq}-{f.last_seq}\t{f.count}")
            say(
                t(
                    N_("{count} batch file(s) written to {dir}."),
                    count=len(files),
                    dir=str(args.dir),
                )
            )
            return 0
        if action == "import-ack":
            for path in args.files:
                summary = batchfile.import_ack(db, path)
                key = (
                    N_("{file}: already recorded.")
                    if summary.already
                    else N_(
                        "{file}: acknowledged ({applied} applied, {conflicts} conflict(s), "
                        "{rejected} rejected)."
                    )
                )
                say(
                    t(
                        key,
                        file=path.name,
                        applied=summary.applied + summary.duplicates,
                        conflicts=summary.conflicts,
                        rejected=summary.rejected,
                    )
                )
            return 0
        if action == "pull":
            from desktop.sync import pull

            pulled = pull.pull_once(db)
            if pulled.error is not None:
                raise pulled.error
            say(_pull_line(pulled.applied, pulled.unchanged, pulled.deferred, pulled.behind))
            return 0
        if action == "import-pull":
            from desktop.sync.pullfile import import_pull_file

            for path in args.files:
                got = import_pull_file(db, path)
                say(
                    f"{path.name}: "
                    + _pull_line(
                        got.applied,
                        got.unchanged,
                        got.deferred,
                        got.cursor < got.head,
                    )
                )
            if args.ack_dir is not None:
                from desktop.sync.pullfile import write_pull_ack

                say(str(write_pull_ack(db, args.ack_dir)))
            return 0
        if action == "restore":
            from desktop.sync import restore

            def shown(done: int, total: int) -> None:
                say(t(N_("Restoring: {done}/{total}"), done=done, total=total))

            restored = restore.restore(
                db,
                SYSTEM_ACTOR,
                replace_local=args.replace_local,
                files=args.file,
                progress=shown,
            )
            if restored.error is not None:
                raise restored.error
            say(
                t(
                    N_("Restored: {rows} record(s) from the server; state: {state}."),
                    rows=restored.applied,
                    state=restore.restore_state(db) or "—",
                )
            )
            return 0 if not restored.behind else EXIT_PENDING
        return fail(N_("Unknown action."))
    except SyncError as err:
        return fail(
            N_("{error}"), error=str(err), code=EXIT_ACTION_NEEDED if err.kind == "auth" else 2
        )
    except AppError as err:
        return fail(N_("{error}"), error=str(err))
    finally:
        db.dispose()
