"""Roster sheets made the way a street clerk makes them: a merged title row, a 填报 line,
the header on row 3 with 序号 and everyday column names, year-month birth dates, phone
numbers stored as numbers, a blank row and a 制表人/审核人 footer."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook

from tests.unit.roster.helpers import id_number

CLERK_HEADERS = ["序号", "姓名", "性别", "出生年月", "身份证号码", "所在社区", "界别", "手机号码"]


def clerk_rows(count: int = 3, start: int = 1) -> list[list[object]]:
    rows: list[list[object]] = []
    for n in range(start, start + count):
        rows.append(
            [
                n,
                f"代表{n}",
                "男" if n % 2 else "女",
                "1980.01",
                id_number(n),
                "较场口社区",
                "居民",
                13800138000 + n,  # a number, as Excel keeps a typed phone number
            ]
        )
    return rows


def write_clerk_sheet(
    path: Path,
    rows: list[list[object]] | None = None,
    headers: list[str] | None = None,
    sheet: str = "Sheet1",
) -> Path:
    headers = headers or CLERK_HEADERS
    rows = clerk_rows() if rows is None else rows
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = sheet
    ws.append(["解放碑街道居民议事代表花名册"])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(headers))
    ws.append(["填报单位：解放碑街道人大工委（盖章）      填报时间：2026年11月"])
    ws.append(headers)
    for row in rows[:-1]:
        ws.append(row)
    ws.append([])
    for row in rows[-1:]:
        ws.append(row)
    ws.append([])
    ws.append(["制表人：李娟        审核人：王建国"])
    wb.save(path)
    return path
