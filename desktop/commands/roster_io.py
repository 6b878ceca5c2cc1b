"""`yishi import|export|template KIND FILE`, `yishi cards KIND OUT.pdf`, `yishi people QUERY`.

KIND is a ledger: representatives, deputies, stations, contacts (and later ledgers).
``yishi import`` validates the whole file first and writes nothing unless every row is valid
(``--valid-only`` imports the valid rows and skips the rest; ``--dry-run`` only reports).
Exit 0 on success (including "no changes"), 2 with a message when nothing was imported.
"""

from __future__ import annotations

import argparse
from typing import Any

from desktop.commands._common import fail, say, t
from desktop.i18n import N_

KINDS_HELP = "representatives | deputies | stations | contacts"


def add_parser(sub: Any) -> None:
    # Registered under several command names (import, export, …); add the parsers once per
    # parser (asked of the parser itself: an id() of a freed one can come back).
    if "import" in sub.choices:
        return
    p = sub.add_parser("import", help="从 Excel 导入台账（先校验全部行，再一次性写入）")
    p.add_argument("kind", metavar="KIND", nargs="?", help=KINDS_HELP)
    p.add_argument("file", metavar="FILE", nargs="?", help=".xlsx 文件")
    p.add_argument("--dry-run", action="store_true", help="只校验并报告，不写入")
    p.add_argument("--valid-only", action="store_true", help="跳过有错误的行，只导入正确的行")
    p.add_argument("--errors", metavar="OUT.xlsx", help="把标注了错误的副本写到此文件")
    p.add_argument("--undo", metavar="BATCH", help="撤销一次导入（整批）")
    p.add_argument("--list", action="store_true", help="列出最近的导入批次")
    e = sub.add_parser("export", help="把台账导出为 Excel（列与导入模板一致）")
    e.add_argument("kind", metavar="KIND", help=KINDS_HELP)
    e.add_argument("file", metavar="FILE")
    tp = sub.add_parser("template", help="生成空白导入模板")
    tp.add_argument("kind", metavar="KIND", help=KINDS_HELP)
    tp.add_argument("file", metavar="FILE")
    c = sub.add_parser("cards", help="打印代表证（每页 8 张，带二维码）")
    c.add_argument("kind", metavar="KIND", help="representatives | deputies")
    c.add_argument("file", metavar="OUT.pdf")
    s = sub.add_parser("people", help="查找代表（姓名、拼音首字母、单位等）")
    s.add_argument("query", metavar="QUERY", nargs="?", default="")
    s.add_argument("--reindex", action="store_true", help="重建人员检索索引")


def run(args: argparse.Namespace) -> int:
    from desktop.errors import AppError

    try:
        return _dispatch(args)
    except AppError as err:
        return fail(N_("{message}"), message=str(err))


def _dispatch(args: argparse.Namespace) -> int:
    from pathlib import Path

    from desktop.commands._common import open_db
    from desktop.services.permissions import SYSTEM_ACTOR

    db = open_db()
    actor = SYSTEM_ACTOR
    try:
        if args.command == "import":
            return _import(db, actor, args)
        if args.command == "export":
            from desktop.excel import writer

            with db.transaction() as s:
                count = writer.export(s, actor, args.kind, Path(args.file))
            say(t(N_("Exported {count} rows to {path}"), count=count, path=args.file))
            return 0
        if args.command == "template":
            from desktop.excel import writer

            with db.session() as s:
                writer.write_template(s, args.kind, Path(args.file))
            say(t(N_("Template written: {path}"), path=args.file))
            return 0
        if args.command == "cards":
            from desktop.reports import cards

            with db.session() as s:
                pages = cards.write_cards(s, actor, args.kind, Path(args.file))
            say(t(N_("{count} pages of cards written to {path}"), count=pages, path=args.file))
            return 0
        if args.command == "people":
            from desktop.services import search

            if args.reindex:
                with db.transaction() as s:
                    count = search.rebuild(s)
                say(t(N_("Search index rebuilt: {count} people"), count=count))
            if args.query:
                with db.session() as s:
                    for hit in search.search_people(s, args.query):
                        say(f"{hit.name}\t{t(hit.entity)}\t{hit.detail}\t{hit.id}")
            return 0
    finally:
        db.dispose()
    return 2


def _import(db: Any, actor: Any, args: argparse.Namespace) -> int:
    from pathlib import Path

    from desktop.excel import importer

    if args.list:
        with db.session() as s:
            for b in importer.batches(s):
                say(
                    f"{b.id}\t{b.created_at:%Y-%m-%d %H:%M}\t{b.kind}\t{b.file_name}\t+{b.created} ~{b.updated}\t{b.status}"
                )
        return 0
    if args.undo:
        with db.transaction() as s:
            info = importer.undo(s, actor, args.undo)
        say(t(N_("Import {id} undone ({file})"), id=info.id, file=info.file_name))
        return 0
    if not args.kind or not args.file:
        return fail(N_("Usage: yishi import KIND FILE [--dry-run] [--valid-only]"))
    with db.session() as s:
        plan = importer.prepare(s, actor, args.kind, Path(args.file))
    counts = plan.counts
    say(
        t(
            N_("{file}: {new} new, {update} to update, {unchanged} unchanged, {error} with errors"),
            file=Path(args.file).name,
            **counts,
        )
    )
    errors = plan.errors
    for err in errors[:200]:
        say(f"  {err}")
    if len(errors) > 200:
        say(t(N_("… and {count} more problems"), count=len(errors) - 200))
    if args.errors and errors:
        importer.write_annotated(plan, Path(args.errors))
        say(t(N_("Annotated copy written: {path}"), path=args.errors))
    if plan.file_errors:
        return fail(N_("Nothing was imported."))
    if args.dry_run:
        return 0 if plan.ok else 2
    if counts["error"] and not args.valid_only:
        return fail(
            N_("Nothing was imported: {count} rows have errors. Fix them, or use --valid-only."),
            count=counts["error"],
        )
    if not plan.has_changes:
        if counts["error"]:
            return fail(N_("Nothing was imported."))
        say(t(N_("No changes: the database already matches the file.")))
        return 0
    with db.transaction() as s:
        result = importer.commit(s, actor, plan, valid_only=args.valid_only)
    say(
        t(
            N_(
                "Imported: {created} added, {updated} updated (batch {batch}; undo with yishi import --undo {batch})"
            ),
            created=result.created,
            updated=result.updated,
            batch=result.batch_id,
        )
    )
    return 0
