"""A marked-up copy of an imported sheet: error cells red, with the problems beside them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from desktop.excel import adapter as registry
from desktop.excel.importer.plan import CellError, ImportPlan, PlanRow
from desktop.excel.reader import read_grid
from desktop.excel.writer import save_book
from desktop.i18n import gettext


def write_annotated(plan: ImportPlan, target: Path | str) -> Path:
    """A copy of the imported sheet with every error cell filled red and commented, and the
    row's problems in an extra last column (streamed: fine for large files)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.comments import Comment
    from openpyxl.styles import Font, PatternFill

    target = Path(target)
    red = PatternFill("solid", fgColor="FFC7CE")
    by_row: dict[int, PlanRow] = {r.row: r for r in plan.rows if r.errors}
    file_by_row: dict[int, list[CellError]] = {}
    for err in plan.file_errors:
        file_by_row.setdefault(err.row, []).append(err)
    grid = read_grid(plan.path, plan.sheet)
    out = Workbook(write_only=True)
    ws = out.create_sheet(plan.sheet)
    header_cols: dict[str, int] = {}
    adapter = registry.get(plan.kind)
    headers_by_key = {c.key: c.header for c in adapter.ledger.columns}
    width = 0
    for number, raw_row in enumerate(grid, start=1):
        row = [None if v == "" else v for v in raw_row]
        width = max(width, len(row))
        cells: list[Any] = []
        prow = by_row.get(number)
        messages: list[str] = []
        if number == plan.header_row:
            for i, value in enumerate(row, start=1):
                header_cols[str(value or "")] = i
        bad_cols: dict[int, list[str]] = {}
        errs = list(prow.errors) if prow else []
        errs += file_by_row.get(number, [])
        for err in errs:
            messages.append(f"{err.column}: {err.message}" if err.column else err.message)
            col_index = header_cols.get(err.column)
            if col_index is None:
                for key, hdr in headers_by_key.items():
                    if hdr == err.column or key == err.column:
                        col_index = header_cols.get(hdr) or header_cols.get(hdr + "*")
            if col_index:
                bad_cols.setdefault(col_index, []).append(err.message)
        for i, value in enumerate(row, start=1):
            cell = WriteOnlyCell(ws, value=value)
            if i in bad_cols:
                cell.fill = red
                cell.comment = Comment("\n".join(bad_cols[i]), "议事通")
            cells.append(cell)
        if number == plan.header_row:
            note = WriteOnlyCell(ws, value=gettext("Problems found"))
            note.font = Font(bold=True, color="9C0006")
            cells.extend([None] * (width - len(row)))
            cells.append(note)
        elif messages:
            cells.extend([None] * (width - len(row)))
            note = WriteOnlyCell(ws, value="；".join(messages))
            note.font = Font(color="9C0006")
            cells.append(note)
        ws.append(cells)
    save_book(out, target)
    return target
