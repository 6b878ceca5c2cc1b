"""`yishi import|export|template KIND FILE`, `yishi cards KIND OUT.pdf`, `yishi people QUERY`.

KIND is a ledger: representatives, deputies, stations, contacts, opinions (and later ones).
``yishi import`` validates the whole file first and writes nothing unless every row is valid
(``--valid-only`` imports the valid rows and skips the rest; ``--dry-run`` only reports).
It lists every change (the person, each column's old → new value). Columns the ledger does
not have are ignored and listed; ``--map "出生年月=出生日期"`` (repeatable; "列=" ignores a
column) names them, and is remembered for the next file with the same headers. A row that
carries a person's ID number under another name is refused unless ``--accept-renames``.
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
    p.add_argument(
        "file", metavar="FILE", nargs="?", help="表格文件（.xlsx .xlsm .xls .xlsb .ods）"
    )
    p.add_argument("--dry-run", action="store_true", help="只校验并报告，不写入")
    p.add_argument("--valid-only", action="store_true", help="跳过有错误的行，只导入正确的行")
    p.add_argument("--errors", metavar="OUT.xlsx", help="把标注了错误的副本写到此文件")
    p.add_argument("--undo", metavar="BATCH", help="撤销一次导入（整批）")
    p.add_argument("--list", action="store_true", help="列出最近的导入批次")
    p.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="文件列=台账列",
        help='文件中的列对应台账的哪一列，如 --map "出生年月=出生日期"；"列=" 表示忽略该列（可重复）',
    )
    p.add_argument(
        "--accept-renames",
        action="store_true",
        help="确认改名：身份证号相同而姓名不同的行按文件中的姓名更新",
    )
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
            from desktop.services.roster import search

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
    mapping = importer.parse_mapping(args.kind, args.map) if args.map else None
    with db.session() as s:
        plan = importer.prepare(s, actor, args.kind, Path(args.file), mapping=mapping)
    counts = plan.counts
    say(
        t(
            N_("{file}: {new} new, {update} to update, {unchanged} unchanged, {error} with errors"),
            file=Path(args.file).name,
            **counts,
        )
        + (
            t(N_("; {count} problems with the file as a whole"), count=len(plan.file_errors))
            if plan.file_errors
            else ""
        )
    )
    if plan.ignored_columns or plan.unknown_columns:
        say(
            t(
                N_("Ignored columns: {columns}"),
                columns="、".join((*plan.ignored_columns, *plan.unknown_columns)),
            )
        )
    if plan.unknown_columns:
        say(
            t(
                N_('To import one of them, name its ledger column: --map "{column}=…"'),
                column=plan.unknown_columns[0],
            )
        )
    _list_changes(plan)
    errors = plan.errors
    for err in errors[:200]:
        say(f"  {err}")
    if len(errors) > 200:
        say(t(N_("… and {count} more problems"), count=len(errors) - 200))
    conflicts = plan.conflicts
    if conflicts and not args.accept_renames and not args.dry_run:
        if not args.valid_only:
            return fail(
                N_(
                    "Nothing was imported: {count} rows carry the ID number of a person with "
                    "another name. Check them, then confirm with --accept-renames, or correct the file."
                ),
                count=len(conflicts),
            )
        say(t(N_("{count} rows that would rename someone are skipped."), count=len(conflicts)))
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
        result = importer.commit(
            s, actor, plan, valid_only=args.valid_only, accept=bool(args.accept_renames)
        )
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


def _list_changes(plan: Any, limit: int = 200) -> None:
    """Every change the import would make: the row, the person, each column old → new."""
    from desktop.excel import importer

    changed = [r for r in plan.rows if r.status in (importer.NEW, importer.UPDATE)]
    for shown, row in enumerate(changed):
        if shown >= limit:
            say(t(N_("… and {count} more changes"), count=len(changed) - shown))
            break
        if row.status == importer.NEW:
            status = t(N_("new"))
        elif row.conflict:
            status = t(N_("rename, to confirm"))
        else:
            status = t(N_("update"))
        say(
            "  "
            + t(N_("Row {row}"), row=row.row)
            + f" {status} {row.label}：{importer.describe(plan, row)}"
        )
