"""Templates and exports: the same columns, written with ``write_only`` (streamed).

Row 1 is the header (bold, shaded, frozen); coded columns get drop-down validation fed by a
hidden sheet ``_选项``; the record-number column lets a re-import update the same records.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Collection, Iterable
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from desktop.excel import adapter as registry
from desktop.excel.adapter import Existing
from desktop.excel.spec import Column, Ledger, format_cell, mask
from desktop.fileio import write_bytes_atomically
from desktop.services import audit, privacy
from desktop.services.permissions import Actor, Permission

OPTIONS_SHEET = "_选项"
MAX_VALIDATED_ROW = 100_000

Progress = Callable[[int, int, str], None]


def save_book(wb: Any, path: Path | str) -> None:
    """Save a workbook whole or not at all: built in memory (openpyxl leaves its zip file
    open when a write fails), then written through desktop.fileio."""
    buffer = io.BytesIO()
    wb.save(buffer)
    write_bytes_atomically(path, buffer.getbuffer())


def text_cells(ws: Any) -> Callable[[Any], Any]:
    """A function that makes each value safe to append to the write-only sheet ``ws``.

    openpyxl stores a string that starts with ``=`` as a live formula and one that equals an
    error code (``#N/A``) as an error: a name, a note or an opinion typed as
    ``=cmd|' /C calc'!A0`` would run in the reader's Excel, and our own importer would refuse
    the file. Such strings become explicit string cells (an inline string, never a formula);
    everything else is passed through unchanged (docs/security.md).
    """
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ERROR_CODES

    def safe(value: Any) -> Any:
        if value.__class__ is str and value and (value[0] == "=" or value in ERROR_CODES):
            cell = WriteOnlyCell(ws, value=value)
            cell.data_type = "s"
            return cell
        return value

    return safe


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return str(get_column_letter(index))


def _new_book(ledger: Ledger, choices: dict[str, list[str]], template: bool) -> tuple[Any, Any]:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(ledger.sheet)
    ws.freeze_panes = "A2"
    for i, col in enumerate(ledger.columns, start=1):
        ws.column_dimensions[_letter(i)].width = col.width
    option_cols: dict[str, str] = {}
    lists = {k: v for k, v in choices.items() if v and k in ledger.keys}
    if lists:
        opts = wb.create_sheet(OPTIONS_SHEET)
        opts.sheet_state = "hidden"
        keys = [c.key for c in ledger.columns if c.key in lists]
        opts.append([ledger.column(k).header for k in keys])
        longest = max(len(lists[k]) for k in keys)
        safe = text_cells(opts)
        for r in range(longest):
            opts.append([safe(lists[k][r]) if r < len(lists[k]) else None for k in keys])
        for i, k in enumerate(keys, start=1):
            letter = _letter(i)
            option_cols[k] = f"'{OPTIONS_SHEET}'!${letter}$2:${letter}${len(lists[k]) + 1}"
    for i, col in enumerate(ledger.columns, start=1):
        source = option_cols.get(col.key)
        if source is None:
            continue
        dv = DataValidation(type="list", formula1=source, allow_blank=True, showDropDown=False)
        dv.showErrorMessage = col.kind != "ref"
        dv.error = "请从下拉列表中选择"
        dv.add(f"{_letter(i)}2:{_letter(i)}{MAX_VALIDATED_ROW}")
        ws.data_validations.append(dv)
    head_font = Font(bold=True)
    head_fill = PatternFill("solid", fgColor="DDEBF7")
    header = []
    for col in ledger.columns:
        cell = WriteOnlyCell(ws, value=ledger.header_text(col, template=template))
        cell.font = head_font
        cell.fill = head_fill
        cell.alignment = Alignment(horizontal="center", vertical="center")
        if template and col.note:
            cell.comment = Comment(col.note, "议事通")
        header.append(cell)
    ws.append(header)
    return wb, ws


def write_template(session: Session, kind: str, path: Path | str) -> Path:
    """An empty ledger sheet with its header, drop-downs and notes."""
    adapter = registry.get(kind)
    wb, _ws = _new_book(adapter.ledger, adapter.choices(session), template=True)
    path = Path(path)
    save_book(wb, path)
    return path


def export(
    session: Session,
    actor: Actor,
    kind: str,
    path: Path | str,
    *,
    ids: Collection[str] | None = None,
    progress: Progress | None = None,
    keep: Callable[[Existing], bool] | None = None,
    audited: bool = True,
) -> int:
    """Write the ledger (or the records in ``ids``, or those ``keep`` accepts) to ``path``;
    returns the row count.

    Personal columns are masked unless the actor may export them unmasked; an unmasked
    export is recorded in the audit log (DESIGN.md §2). Call inside a transaction. A caller
    that writes many files as one action (the inspection pack) passes ``audited=False`` and
    records one audit row for the whole set itself.
    """
    adapter = registry.get(kind)
    actor.require(Permission.VIEW)
    ledger = adapter.ledger
    unmasked = privacy.may_export_unmasked(actor)
    wb, ws = _new_book(ledger, adapter.choices(session), template=False)
    records: Iterable[Existing] = adapter.existing(session, actor, ids)
    if keep is not None:
        records = filter(keep, records)
    count = _write_rows(ws, ledger, records, unmasked, progress)
    save_book(wb, path)
    if not audited:
        return count
    audit.record(
        session,
        actor,
        "export.unmasked" if unmasked and any(c.personal for c in ledger.columns) else "export",
        kind,
        "",
        after={"file": Path(path).name, "rows": count},
    )
    return count


def _write_rows(
    ws: Any,
    ledger: Ledger,
    records: Iterable[Existing],
    unmasked: bool,
    progress: Progress | None,
) -> int:
    columns = ledger.columns
    plan: list[tuple[str, Callable[[Any], Any]]] = []
    for col in columns:
        if col.kind in (
            "text",
            "note",
            "name",
            "ref",
            "phone",
            "id_number",
            "int",
            "record_id",
        ) and (unmasked or not col.personal):
            plan.append((col.key, _identity))
        elif col.personal and not unmasked:
            plan.append((col.key, _masked(col)))
        else:
            plan.append((col.key, _formatted(col)))
    append = ws.append
    safe = text_cells(ws)
    count = 0
    for record in records:
        values = record.values
        append([safe(fn(values.get(key))) for key, fn in plan])
        count += 1
        if progress is not None and count % 2000 == 0:
            progress(count, 0, "")
    return count


def _masked(col: Column) -> Callable[[Any], Any]:
    return lambda value: format_cell(col, mask(col, value))


def _formatted(col: Column) -> Callable[[Any], Any]:
    return lambda value: format_cell(col, value)


def _identity(value: Any) -> Any:
    return None if value == "" else value
