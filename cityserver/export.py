"""``yishi-server export``: one street's rows of one entity as an .xlsx ledger."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Font
from sqlalchemy.orm import Session

from cityserver.reads import changed_rows

FIRST_COLUMNS = ("id", "street_code", "version")
BATCH = 5000


def _cell(value: Any) -> Any:
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return value


def _as_text(row: tuple[Cell, ...]) -> None:
    """Text stays text: openpyxl would store ``=…`` as a live formula and ``#N/A`` as an
    error; an explicit string cell is written as a string, never a formula (docs/security.md)."""
    for cell in row:
        if isinstance(cell.value, str):
            cell.data_type = "s"


def export_xlsx(
    session: Session, street_code: str, entity: str, out: Path, include_deleted: bool = False
) -> int:
    """Write the rows (current versions) to ``out``; return how many were written."""
    rows = []
    since, after = None, None
    while True:
        page = changed_rows(session, street_code, entity, since, after, BATCH, include_deleted)
        rows.extend(page)
        if len(page) < BATCH:
            break
        since, after = page[-1].updated_at, page[-1].entity_id
    keys: set[str] = set()
    for row in rows:
        keys.update(row.data)
    columns = [c for c in FIRST_COLUMNS if c in keys] + sorted(keys - set(FIRST_COLUMNS))
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = entity[:31]
    header = [*columns, "deleted", "server_updated_at"]
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    _as_text(sheet[1])
    for row in rows:
        values = [_cell(row.data.get(c)) for c in columns]
        sheet.append([*values, row.deleted, row.updated_at.replace(tzinfo=None)])
        _as_text(sheet[sheet.max_row])
    sheet.freeze_panes = "A2"
    out.parent.mkdir(parents=True, exist_ok=True)
    book.save(out)
    return len(rows)
