"""``yishi-server``: run the city server and administer devices, readers and exports."""

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


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help=f"data directory (default: ${ENV_DATA_DIR} or ./yishi-server-data)",
    )
    parser.add_argument(
        "--db",
        metavar="URL",
        help=f"SQLAlchemy URL (default: ${ENV_DB} or SQLite in the data dir); "
        "production: postgresql+psycopg://user:pass@host/db",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="yishi-server", description="Yishi city server (sync protocol v1)"
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    run = sub.add_parser("run", help="serve the HTTP API")
    _common(run)
    run.add_argument("--host", default="127.0.0.1")
    run.add_argument("--port", type=int, default=8470)
    run.add_argument("--workers", type=int, default=1, help="worker processes (default 1)")
    run.add_argument(
        "--schema-revs", metavar="LIST", help="accepted schema revisions, e.g. 1,2 (default 1)"
    )

    mig = sub.add_parser("migrate", help="create or upgrade the database, then exit")
    _common(mig)

    devices = sub.add_parser("devices", help="enrolment codes and devices")
    dsub = devices.add_subparsers(dest="action", metavar="ACTION", required=True)
    issue = dsub.add_parser("issue-code", help="print a one-time enrolment code for a street")
    _common(issue)
    issue.add_argument("--street", required=True, metavar="CODE", help="12-digit division code")
    issue.add_argument("--name", help="street name to record")
    issue.add_argument("--expires", default="24h", help="lifetime: 30m, 24h, 7d (default 24h)")
    lst = dsub.add_parser("list", help="list enrolled devices")
    _common(lst)
    lst.add_argument("--street", metavar="CODE")
    rev = dsub.add_parser("revoke", help="revoke a device (its token stops working)")
    _common(rev)
    rev.add_argument("device_id")

    readers = sub.add_parser("readers", help="district read-only tokens")
    rsub = readers.add_subparsers(dest="action", metavar="ACTION", required=True)
    radd = rsub.add_parser("add", help="create a reader token and print it once")
    _common(radd)
    radd.add_argument("name")
    rrev = rsub.add_parser("revoke", help="revoke a reader token")
    _common(rrev)
    rrev.add_argument("name")

    imp = sub.add_parser("import", help="import .yishibatch files and write signed acks")
    _common(imp)
    imp.add_argument("files", nargs="+", type=Path)
    imp.add_argument("--ack-dir", type=Path, default=Path("."), help="where acks are written")

    pf = sub.add_parser(
        "pull-file", help="write a device's street changes as .yishipull files (USB; protocol 2)"
    )
    _common(pf)
    pf.add_argument("--device", required=True, metavar="DEVICE_ID")
    pf.add_argument(
        "--after", type=int, metavar="N", help="changes after N (default: the device's last ack)"
    )
    pf.add_argument("--out", required=True, type=Path, metavar="DIR")
    pa = sub.add_parser(
        "import-pull-ack", help="record .yishipullack files: how far devices have pulled (USB)"
    )
    _common(pa)
    pa.add_argument("files", nargs="+", type=Path)

    exp = sub.add_parser("export", help="export one street's entity rows to .xlsx")
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
    print(f"yishi-server: data dir {settings.data_dir}", file=sys.stderr)
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
    print("database is up to date")
    return EXIT_OK


def cmd_devices(args: argparse.Namespace) -> int:
    from cityserver import devices

    with _sessions(args) as sessions, sessions() as session, session.begin():
        if args.action == "issue-code":
            expires = devices.parse_duration(args.expires)
            devices.ensure_street(session, args.street, args.name)
            code, until = devices.issue_code(session, args.street, expires)
            print(code)
            print(f"street {args.street}, single use, expires {until.isoformat()}", file=sys.stderr)
        elif args.action == "list":
            for d, mark in devices.list_devices(session, args.street):
                state = f"revoked {d.revoked_at.isoformat()}" if d.revoked_at else "active"
                pushed = mark.updated_at.isoformat() if mark and mark.watermark else "never"
                wm = mark.watermark if mark else 0
                print(
                    f"{d.id}  {d.street_code}  {state}  watermark {wm}  last batch {pushed}  {d.name}"
                )
        elif args.action == "revoke":
            if not devices.revoke(session, args.device_id):
                print(f"no such device: {args.device_id}", file=sys.stderr)
                return EXIT_USAGE
            print(f"revoked {args.device_id}")
    return EXIT_OK


def cmd_readers(args: argparse.Namespace) -> int:
    from cityserver import devices

    with _sessions(args) as sessions, sessions() as session, session.begin():
        if args.action == "add":
            print(devices.add_reader(session, args.name))
        elif not devices.revoke_reader(session, args.name):
            print(f"no such reader: {args.name}", file=sys.stderr)
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

    loaded = []
    failed = 0
    for path in args.files:
        try:
            device, env = read_batch_file(path.read_bytes(), sessions, settings)
        except (OSError, ProtocolError) as exc:
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
        print(f"{path}: {answer['status']}, watermark {answer['watermark']} → {ack_path}")
    return EXIT_FAILURE if failed else EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    from cityserver.entities import ENTITY_SET
    from cityserver.export import export_xlsx

    if args.entity not in ENTITY_SET:
        print(f"unknown entity: {args.entity}", file=sys.stderr)
        return EXIT_USAGE
    with _sessions(args) as sessions, sessions() as session:
        n = export_xlsx(session, args.street, args.entity, args.out, args.include_deleted)
    print(f"wrote {n} rows to {args.out}")
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
        print(f"{f.path}: changes {f.after + 1}–{f.next}, {f.count} row(s), street at {f.head}")
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
            print(f"{path}: device {device} holds its street's changes through {through}")
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
    "pull-file": cmd_pull_file,
    "import-pull-ack": cmd_import_pull_ack,
}


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except ValueError as exc:
        print(f"yishi-server: {exc}", file=sys.stderr)
        return EXIT_USAGE


if __name__ == "__main__":
    sys.exit(main())
