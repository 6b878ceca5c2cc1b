"""Open a workbook for import, find the ledger's table in it and stream its rows.

Reading is python-calamine's (Rust calamine): ``.xlsx``, ``.xlsm``, ``.xls``, ``.xlsb`` and
``.ods``, values as the office program shows them (a formula's last computed value, dates as
dates). The table is found the way a clerk lays a sheet out: title rows, a "填报单位：…" line
and blank rows above the header are skipped; the header row is the first of the top rows that
names at least two of the ledger's columns (by header, synonym or a remembered mapping); when
the workbook has several sheets the one whose header names most columns is taken; blank rows
and footers (制表人/审核人/填表说明 …) anywhere below are skipped; columns the ledger does
not have (序号 …) are ignored and listed. A value merged down a column over several data rows
(a community merged over its people) is given to every row of the range.

File-level problems (unknown format, password-protected, unreadable) raise
:class:`ImportFileError`; everything about content is reported per cell by the importer.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from desktop.errors import ValidationError
from desktop.excel import headers as header_names
from desktop.excel.spec import Ledger
from desktop.i18n import N_

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
#: How many rows from the top are searched for the header.
HEADER_SEARCH_ROWS = 30
#: The file types the reader opens (the file dialog offers them all).
SUFFIXES = (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods")
#: A row whose first filled cell starts like this is a note under (or above) the table.
_NOTE_RE = re.compile(
    r"^\s*(制表人|制表|填表人|填报人|审核人|审核|审批人|负责人|单位负责人|统计人|经办人|"
    r"填表说明|填报说明|说明|备注说明|注|附注|签字|盖章|合计|总计|小计|填报单位|填报时间|"
    r"报送单位|报送时间)\s*[:：]"
)
_NOTE_WORDS = ("制表人", "审核人", "填表说明", "填报单位", "填报时间")


class ImportFileError(ValidationError):
    """The file cannot be read as a ledger at all."""


@dataclass
class SheetRows:
    """An open sheet: the header mapping and a one-pass row iterator.

    ``rows()`` yields (row number, {column key: (raw value, data type)}) for every row after
    the header that has at least one non-empty mapped cell and is not a note (制表人 …).
    Data types: "s" text, "n" number, "d" date/time, "b" boolean.
    """

    sheet: str
    header_row: int
    #: sheet column index (1-based) → column key
    columns: dict[int, str]
    #: column key → header text as found
    headers: dict[str, str]
    #: columns the ledger does not know (ignored; the wizard offers to map them)
    unknown_headers: list[tuple[int, str]]
    duplicate_headers: list[tuple[int, str]]
    #: columns ignored on purpose (序号, or mapped to "ignore")
    ignored_headers: list[tuple[int, str]] = field(default_factory=list)
    #: every header text of the row, in order (the key a remembered mapping is stored by)
    all_headers: tuple[str, ...] = ()
    #: merged ranges that could not be filled in: (min_row, min_col, max_row, max_col)
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)
    skipped_empty: int = 0
    #: note rows skipped below the header (制表人：… 审核人：…)
    skipped_notes: int = 0
    #: the sheet's last row number (its size, known before any row is read)
    declared_rows: int = 0
    _sheet: Any = None
    _fill: dict[tuple[int, int], Any] = field(default_factory=dict)

    def rows(self) -> Iterator[tuple[int, dict[str, tuple[Any, str]]]]:
        columns = sorted(self.columns.items())
        offset = self._col_offset
        positions = [(index - 1 - offset, key) for index, key in columns]
        fill = self._fill
        header_row = self.header_row
        for number, cells in enumerate(self._sheet.iter_rows(), start=1):
            if number <= header_row:
                continue
            values: dict[str, tuple[Any, str]] = {}
            width = len(cells)
            for position, key in positions:
                value = cells[position] if 0 <= position < width else ""
                if value.__class__ is str:
                    if not value or not value.strip():
                        if not fill:
                            continue
                        value = fill.get((number, position + offset + 1), "")
                        if value.__class__ is not str:
                            values[key] = (value, _data_type(value))
                            continue
                        if not value:
                            continue
                    # Text, even when it reads like an error code: calamine gives a real error
                    # cell as empty, and our own export writes "#N/A" typed by a clerk as text.
                    values[key] = (value, "s")
                else:
                    values[key] = (value, _data_type(value))
            if not values:
                if _is_note(cells):
                    self.skipped_notes += 1
                else:
                    self.skipped_empty += 1
                continue
            # A note fills one or two cells; a data row with more is never one.
            if len(values) <= 2 and _is_note(cells):
                self.skipped_notes += 1
                continue
            yield number, values

    @property
    def _col_offset(self) -> int:
        start = self._sheet.start if self._sheet is not None else None
        return int(start[1]) if start else 0

    def close(self) -> None:
        self._sheet = None


def _data_type(value: Any) -> str:
    if isinstance(value, bool):
        return "b"
    if isinstance(value, (int, float)):
        return "n"
    if isinstance(value, (date, datetime, time, timedelta)):
        return "d"
    return "s"


def _first_text(cells: list[Any]) -> str | None:
    for value in cells:
        if value.__class__ is str:
            if value.strip():
                return value
        elif value is not None:
            return None
    return None


def _is_note(cells: list[Any]) -> bool:
    """A title, 填报 line or footer: the row's first filled cell reads like one."""
    text = _first_text(cells)
    if text is None:
        return False
    return bool(_NOTE_RE.match(text)) or any(word in text for word in _NOTE_WORDS)


def check_file(path: Path) -> str:
    """Refuse what cannot be a workbook; return the format ("xlsx", "xls", "xlsb", "ods")."""
    if not path.is_file():
        raise ImportFileError(N_("File not found: {path}"), field="file", path=str(path))
    with path.open("rb") as fh:
        head = fh.read(8)
        if head == OLE_MAGIC:
            fh.seek(0)
            blob = fh.read(32 * 1024 * 1024)
            if "EncryptedPackage".encode("utf-16-le") in blob:
                raise ImportFileError(
                    N_(
                        "The workbook is password-protected. Open it in Excel or WPS, remove the "
                        "password (File → Info → Protect workbook), save, and import again."
                    ),
                    field="file",
                )
            return "xls"
    if head[:4] == ZIP_MAGIC and zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
            if "mimetype" in names and b"opendocument.spreadsheet" in zf.read("mimetype"):
                return "ods"
            if "xl/workbook.bin" in names:
                return "xlsb"
            if "xl/workbook.xml" in names:
                return "xlsx"
    raise ImportFileError(
        N_("{name} is not a workbook (.xlsx, .xls, .xlsb or .ods)."), field="file", name=path.name
    )


def _open_book(path: Path) -> Any:
    from python_calamine import CalamineWorkbook

    check_file(path)
    try:
        with path.open("rb") as fh:
            # From the open file, so the content decides the format, not the file's name
            # (a .xls renamed .xlsx still opens).
            return CalamineWorkbook.from_filelike(fh)
    except Exception as exc:
        raise ImportFileError(
            N_("{name} cannot be read as a workbook: {error}"),
            field="file",
            name=path.name,
            error=str(exc)[:200],
        ) from exc


def read_grid(path: Path, sheet: str) -> list[list[Any]]:
    """Every row of ``sheet`` as values, from row 1 and column A (for the annotated copy)."""
    book = _open_book(Path(path))
    try:
        return [list(row) for row in book.get_sheet_by_name(sheet).to_python(skip_empty_area=False)]
    finally:
        book.close()


@dataclass(frozen=True)
class _Header:
    row: int
    cells: list[tuple[int, str]]  # (1-based column, header text)
    known: int


def _find_header(sheet: Any, lookup: Mapping[str, str | None]) -> _Header | None:
    """The first of the top rows naming at least two of the ledger's columns."""
    needed = min(2, len({v for v in lookup.values() if v}))
    offset = int(sheet.start[1]) if sheet.start else 0
    for number, cells in enumerate(sheet.iter_rows(), start=1):
        if number > HEADER_SEARCH_ROWS:
            break
        texts = [
            (offset + i + 1, str(v))
            for i, v in enumerate(cells)
            if v is not None and str(v).strip()
        ]
        known = sum(1 for _c, text in texts if lookup.get(header_names.normalise(text)))
        if known >= max(needed, 1):
            return _Header(number, texts, known)
    return None


def open_sheet(
    path: Path, ledger: Ledger, mapping: Mapping[str, str | None] | None = None
) -> SheetRows:
    """Open ``path``, find the ledger's table and return its rows.

    ``mapping``: header text → column key, or ``None`` to ignore that column; it takes
    precedence over the ledger's headers and synonyms."""
    path = Path(path)
    book = _open_book(path)
    try:
        return _open_sheet(book, ledger, mapping or {})
    finally:
        book.close()


def _open_sheet(book: Any, ledger: Ledger, mapping: Mapping[str, str | None]) -> SheetRows:
    from python_calamine import SheetTypeEnum, SheetVisibleEnum

    names = [
        m.name
        for m in book.sheets_metadata
        if m.typ == SheetTypeEnum.WorkSheet and m.visible == SheetVisibleEnum.Visible
    ] or list(book.sheet_names)
    if not names:
        raise ImportFileError(N_("The workbook has no sheets."), field="file")
    lookup = header_names.lookup(ledger, mapping)
    # The ledger's own sheet first, then every other sheet; the best header wins.
    order = sorted(names, key=lambda n: n != ledger.sheet)
    best: tuple[str, Any, _Header] | None = None
    for name in order:
        try:
            sheet = book.get_sheet_by_name(name)
        except Exception as exc:
            raise ImportFileError(
                N_("Sheet '{sheet}' cannot be read: {error}"),
                field="file",
                sheet=name,
                error=str(exc)[:200],
            ) from exc
        found = _find_header(sheet, lookup)
        if found is not None and (best is None or found.known > best[2].known):
            best = (name, sheet, found)
            if name == ledger.sheet:
                break
    if best is None:
        raise ImportFileError(
            N_(
                "No header row found in sheet '{sheet}'. One of the top rows must hold the "
                "column names: {expected}"
            ),
            field="file",
            sheet=order[0],
            expected="、".join(c.header for c in ledger.columns),
        )
    name, sheet, header = best
    columns: dict[int, str] = {}
    headers: dict[str, str] = {}
    unknown: list[tuple[int, str]] = []
    ignored: list[tuple[int, str]] = []
    duplicate: list[tuple[int, str]] = []
    for column, text in header.cells:
        normal = header_names.normalise(text)
        if normal in lookup:
            key = lookup[normal]
            if key is None:
                ignored.append((column, text))
                continue
        elif header_names.harmless(normal):
            ignored.append((column, text))
            continue
        else:
            unknown.append((column, text))
            continue
        if key in headers:
            duplicate.append((column, text))
        else:
            columns[column] = key
            headers[key] = text
    rows = SheetRows(
        sheet=name,
        header_row=header.row,
        columns=columns,
        headers=headers,
        unknown_headers=unknown,
        duplicate_headers=duplicate,
        ignored_headers=ignored,
        all_headers=tuple(text for _c, text in header.cells),
        declared_rows=int(sheet.end[0]) + 1 if sheet.end else 0,
        _sheet=sheet,
    )
    _merged(rows, sheet)
    return rows


def _merged(rows: SheetRows, sheet: Any) -> None:
    """A range merged down one column below the header fills every row of it with its
    value; any other merged range below the header is reported."""
    ranges = sheet.merged_cell_ranges or []
    if not ranges:
        return
    tops: dict[tuple[int, int], tuple[int, int, int, int]] = {}
    for (r0, c0), (r1, c1) in ranges:
        min_row, min_col, max_row, max_col = r0 + 1, c0 + 1, r1 + 1, c1 + 1
        if max_row <= rows.header_row:
            continue  # titles and two-line headers above the data are harmless
        if min_col == max_col and min_row > rows.header_row:
            tops[(min_row, min_col)] = (min_row, min_col, max_row, max_col)
        elif any(min_col <= c <= max_col for c in rows.columns):
            rows.merged.append((min_row, min_col, max_row, max_col))
    if not tops:
        return
    offset = rows._col_offset
    wanted = {r for r, _c in tops}
    for number, cells in enumerate(sheet.iter_rows(), start=1):
        if number in wanted:
            for (top, column), (_r0, _c0, bottom, _c1) in tops.items():
                if top != number:
                    continue
                position = column - 1 - offset
                value = cells[position] if 0 <= position < len(cells) else ""
                if value == "" or value is None:
                    continue
                for below in range(top + 1, bottom + 1):
                    rows._fill[(below, column)] = value
        if number >= max(wanted):
            break
