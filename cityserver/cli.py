"""``yishi-server``: run the city server and administer devices, readers and exports.

Its users are the city's IT staff: help and messages are in Chinese (issue 18); the
command and option names stay as they are, so scripts keep working."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from cityserver.config import ENV_DATA_DIR, ENV_DB, ENV_SCHEMA_REVS, Settings, parse_schema_revs

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

    from cityserver.auth import ServerKey

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_USAGE = 2

#: How an applied batch's status reads in the import report.
STATUS_LABELS = {"applied": "已应用", "duplicate": "已导入过"}


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help=f"数据目录（默认：环境变量 ${ENV_DATA_DIR}，或 ./yishi-server-data）",
    )
    parser.add_argument(
        "--db",
        metavar="URL",
        help=f"数据库地址（默认：环境变量 ${ENV_DB}，或数据目录中的 SQLite）；"
        "生产环境：postgresql+psycopg://用户:密码@主机/库名",
    )


def build_parser() -> argparse.ArgumentParser:
    # argparse's own words ("usage:", "options", its error lines) in Chinese, as `yishi` does;
    # YISHI_LANG=en keeps English. Stdlib-only module, shared with the desktop CLI.
    from desktop import cli_messages

    cli_messages.install()
    parser = argparse.ArgumentParser(
        prog="yishi-server", description="议事通市级服务器（同步协议第1版推送、第2版拉取）"
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    run = sub.add_parser("run", help="运行 HTTP 接口服务")
    _common(run)
    run.add_argument("--host", default="127.0.0.1", help="监听地址（默认 127.0.0.1）")
    run.add_argument("--port", type=int, default=8470, help="监听端口（默认 8470）")
    run.add_argument("--workers", type=int, default=1, help="工作进程数（默认 1）")
    run.add_argument("--schema-revs", metavar="LIST", help="接受的数据结构版本，如 1,2（默认 1,2）")

    mig = sub.add_parser("migrate", help="创建或升级数据库后退出")
    _common(mig)

    devices = sub.add_parser("devices", help="注册码与终端")
    dsub = devices.add_subparsers(dest="action", metavar="ACTION", required=True)
    issue = dsub.add_parser("issue-code", help="为一个街道生成一次性注册码")
    _common(issue)
    issue.add_argument("--street", required=True, metavar="CODE", help="12位行政区划代码")
    issue.add_argument("--name", help="记录的街道名称")
    issue.add_argument(
        "--expires", default="24h", help="有效期：30m（分钟）、24h（小时）、7d（天），默认 24h"
    )
    lst = dsub.add_parser("list", help="列出已注册的终端")
    _common(lst)
    lst.add_argument("--street", metavar="CODE")
    rev = dsub.add_parser("revoke", help="吊销终端（其令牌随即失效）")
    _common(rev)
    rev.add_argument("device_id")

    readers = sub.add_parser("readers", help="区级只读令牌")
    rsub = readers.add_subparsers(dest="action", metavar="ACTION", required=True)
    radd = rsub.add_parser("add", help="创建只读令牌（仅显示这一次）")
    _common(radd)
    radd.add_argument("name")
    radd.add_argument(
        "--street",
        action="append",
        default=[],
        metavar="CODE",
        help="只可查看的街道（可重复）；不给则为区级管理员，可查看全部街道",
    )
    rrev = rsub.add_parser("revoke", help="吊销只读令牌")
    _common(rrev)
    rrev.add_argument("name")
    rpw = rsub.add_parser("password", help="设置数据管理舱登录密码（从标准输入读一行，或交互输入）")
    _common(rpw)
    rpw.add_argument("name")
    rst = rsub.add_parser("streets", help="重新指定只读账号可查看的街道")
    _common(rst)
    rst.add_argument("name")
    rst.add_argument("codes", nargs="*", metavar="CODE")
    rst.add_argument("--admin", action="store_true", help="区级管理员：可查看全部街道")

    imp = sub.add_parser("import", help="导入 .yishibatch 文件并写出签名回执")
    _common(imp)
    imp.add_argument("files", nargs="+", type=Path)
    imp.add_argument("--ack-dir", type=Path, default=Path("."), help="回执写入的文件夹")

    cuts = sub.add_parser("audit-cuts", help="列出审计链被截断或改写过的街道（有则退出码 1）")
    _common(cuts)
    cuts.add_argument("--street", metavar="CODE")

    pf = sub.add_parser(
        "pull-file", help="把某台电脑所在街道的更改写成 .yishipull 文件（U 盘；协议 2）"
    )
    _common(pf)
    pf.add_argument("--device", required=True, metavar="DEVICE_ID")
    pf.add_argument(
        "--after", type=int, metavar="N", help="从第 N 条之后的更改开始（默认：该电脑上次确认处）"
    )
    pf.add_argument("--out", required=True, type=Path, metavar="DIR")
    pa = sub.add_parser(
        "import-pull-ack", help="登记 .yishipullack 文件：各电脑已接收到哪里（U 盘）"
    )
    _common(pa)
    pa.add_argument("files", nargs="+", type=Path)

    exp = sub.add_parser("export", help="把一个街道某类数据导出为 .xlsx")
    _common(exp)
    exp.add_argument("--street", required=True, metavar="CODE")
    exp.add_argument("--entity", required=True, metavar="NAME")
    exp.add_argument("--out", required=True, type=Path, metavar="FILE.xlsx")
    exp.add_argument("--include-deleted", action="store_true")
    return parser


def _settings(args: argparse.Namespace) -> Settings:
    return Settings.from_env(db_url=args.db, data_dir=args.data_dir)


@contextmanager
def _sessions(args: argparse.Namespace) -> Iterator[sessionmaker[Session]]:
    from cityserver.db import make_engine, migrate, session_factory

    settings = _settings(args)
    engine = make_engine(settings.db_url)
    try:
        migrate(engine)
        yield session_factory(engine)
    finally:
        engine.dispose()


def cmd_run(args: argparse.Namespace) -> int:
    import uvicorn

    settings = _settings(args)
    os.environ[ENV_DATA_DIR] = str(settings.data_dir)
    os.environ[ENV_DB] = settings.db_url
    if args.schema_revs:
        parse_schema_revs(args.schema_revs)
        os.environ[ENV_SCHEMA_REVS] = args.schema_revs
    print(f"yishi-server：数据目录 {settings.data_dir}", file=sys.stderr)
    uvicorn.run(
        "cityserver.app:app_from_env",
        factory=True,
        host=args.host,
        port=args.port,
        workers=args.workers,
        log_level="info",
    )
    return EXIT_OK


def cmd_migrate(args: argparse.Namespace) -> int:
    with _sessions(args):
        pass
    print("数据库已是最新版本")
    return EXIT_OK


def cmd_devices(args: argparse.Namespace) -> int:
    from cityserver import devices

    with _sessions(args) as sessions, sessions() as session, session.begin():
        if args.action == "issue-code":
            expires = devices.parse_duration(args.expires)
            devices.ensure_street(session, args.street, args.name)
            code, until = devices.issue_code(session, args.street, expires)
            print(code)
            print(
                f"街道 {args.street}，仅可使用一次，有效期至 {until.isoformat()}", file=sys.stderr
            )
        elif args.action == "list":
            for d, mark in devices.list_devices(session, args.street):
                state = f"已吊销 {d.revoked_at.isoformat()}" if d.revoked_at else "在用"
                pushed = mark.updated_at.isoformat() if mark and mark.watermark else "从未"
                wm = mark.watermark if mark else 0
                print(f"{d.id}  {d.street_code}  {state}  水位 {wm}  最近一批 {pushed}  {d.name}")
        elif args.action == "revoke":
            if not devices.revoke(session, args.device_id):
                print(f"没有这个终端：{args.device_id}", file=sys.stderr)
                return EXIT_USAGE
            print(f"已吊销 {args.device_id}")
    return EXIT_OK


def _read_password() -> str:
    if sys.stdin.isatty():
        import getpass

        first = getpass.getpass("新密码：")
        if getpass.getpass("再输一次：") != first:
            raise SystemExit("两次输入的密码不一致")
        return first
    return sys.stdin.readline().rstrip("\r\n")


def cmd_readers(args: argparse.Namespace) -> int:
    from cityserver import accounts, devices

    with _sessions(args) as sessions, sessions() as session, session.begin():
        if args.action == "add":
            token = devices.add_reader(session, args.name)
            session.flush()
            accounts.assign_streets(session, args.name, args.street, admin=not args.street)
            print(token)
        elif args.action == "password":
            password = _read_password()
            try:
                accounts.set_password(session, args.name, password)
            except ValueError as exc:
                print(str(exc), file=sys.stderr)
                return EXIT_USAGE
            print(f"已设置 {args.name} 的登录密码")
        elif args.action == "streets":
            try:
                accounts.assign_streets(session, args.name, args.codes, admin=args.admin)
            except ValueError as exc:
                print(str(exc), file=sys.stderr)
                return EXIT_USAGE
            print("可查看：全部街道" if args.admin else "可查看：" + "、".join(args.codes))
        elif not devices.revoke_reader(session, args.name):
            print(f"没有这个只读令牌：{args.name}", file=sys.stderr)
            return EXIT_USAGE
    return EXIT_OK


def cmd_import(args: argparse.Namespace) -> int:
    from cityserver.auth import ServerKey

    settings = _settings(args)
    with _sessions(args) as sessions:
        return _import(args, settings, sessions, ServerKey.load_or_create(settings.server_key_path))


def _import(
    args: argparse.Namespace, settings: Settings, sessions: sessionmaker[Session], key: ServerKey
) -> int:
    from cityserver.apply import apply_batch
    from cityserver.batchfile import read_batch_file, write_ack
    from cityserver.protocol import ProtocolError
    from desktop.boundedzip import ZipRefused, read_file

    loaded = []
    failed = 0
    for path in args.files:
        try:
            data = read_file(path, settings.max_body_bytes)
            device, env = read_batch_file(data, sessions, settings)
        except (OSError, ProtocolError, ZipRefused) as exc:
            print(f"{path}: {exc}", file=sys.stderr)
            failed += 1
            continue
        loaded.append((device.id, env.first_seq, path, env))
    args.ack_dir.mkdir(parents=True, exist_ok=True)
    for device_id, _first, path, env in sorted(loaded, key=lambda item: item[:2]):
        try:
            answer = apply_batch(sessions, settings, device_id, env, "file")
        except ProtocolError as exc:
            print(f"{path}: {exc.code}: {exc.message}", file=sys.stderr)
            failed += 1
            continue
        ack_path = args.ack_dir / f"{env.batch_id}.yishiack"
        tmp = ack_path.with_suffix(".tmp")
        tmp.write_bytes(write_ack(key, env, answer))
        tmp.replace(ack_path)
        status = STATUS_LABELS.get(str(answer["status"]), str(answer["status"]))
        # the status word stays beside its Chinese label: scripts read it
        print(f"{path}：{status}（{answer['status']}），水位 {answer['watermark']} → {ack_path}")
    return EXIT_FAILURE if failed else EXIT_OK


def cmd_audit_cuts(args: argparse.Namespace) -> int:
    from cityserver.anchors import cuts

    with _sessions(args) as sessions, sessions() as session:
        found = cuts(session, args.street)
    for cut in found:
        what = "倒退" if cut.reason == "backwards" else "被改写"
        print(
            f"{cut.street_code}  终端 {cut.device_id}  {cut.found_at.isoformat()}  审计链{what}："
            f"已记录链头 {cut.known_seq} {cut.known_hash[:12]}…，本次提交"
            f" {cut.offered_seq} {cut.offered_hash[:12]}…（批次 {cut.batch_id}）"
        )
    if not found:
        print("没有街道的审计链被截断或改写")
    return EXIT_FAILURE if found else EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    from cityserver.entities import ENTITY_SET
    from cityserver.export import export_xlsx

    if args.entity not in ENTITY_SET:
        print(f"未知的数据类别：{args.entity}", file=sys.stderr)
        return EXIT_USAGE
    with _sessions(args) as sessions, sessions() as session:
        n = export_xlsx(session, args.street, args.entity, args.out, args.include_deleted)
    print(f"已写出 {n} 行到 {args.out}")
    return EXIT_OK


def cmd_pull_file(args: argparse.Namespace) -> int:
    from cityserver.auth import ServerKey
    from cityserver.db import make_engine, migrate
    from cityserver.protocol import ProtocolError
    from cityserver.pullfile import write_pull_files

    settings = _settings(args)
    engine = make_engine(settings.db_url)
    try:
        migrate(engine)
        key = ServerKey.load_or_create(settings.server_key_path)
        files = write_pull_files(
            engine, key, args.device, args.out, args.after, settings.max_inflated_bytes
        )
    except ProtocolError as exc:
        print(f"yishi-server: {exc.code}: {exc.message}", file=sys.stderr)
        return EXIT_FAILURE
    finally:
        engine.dispose()
    for f in files:
        print(
            f"{f.path}：第 {f.after + 1}–{f.next} 条更改，共 {f.count} 行，街道已到第 {f.head} 条"
        )
    return EXIT_OK


def cmd_import_pull_ack(args: argparse.Namespace) -> int:
    from cityserver.db import make_engine, migrate
    from cityserver.protocol import ProtocolError
    from cityserver.pullfile import import_pull_ack

    engine = make_engine(_settings(args).db_url)
    failed = 0
    try:
        migrate(engine)
        for path in args.files:
            try:
                device, through = import_pull_ack(engine, path.read_bytes())
            except (OSError, ProtocolError) as exc:
                print(f"{path}: {exc}", file=sys.stderr)
                failed += 1
                continue
            print(f"{path}：终端 {device} 已接收本街道第 {through} 条及以前的更改")
    finally:
        engine.dispose()
    return EXIT_FAILURE if failed else EXIT_OK


COMMANDS = {
    "run": cmd_run,
    "migrate": cmd_migrate,
    "devices": cmd_devices,
    "readers": cmd_readers,
    "import": cmd_import,
    "export": cmd_export,
    "audit-cuts": cmd_audit_cuts,
    "pull-file": cmd_pull_file,
    "import-pull-ack": cmd_import_pull_ack,
}


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except ValueError as exc:
        print(f"yishi-server：{exc}", file=sys.stderr)
        return EXIT_USAGE


if __name__ == "__main__":
    sys.exit(main())
