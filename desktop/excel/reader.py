"""Open a workbook for import and stream its rows (read-only, one pass).

File-level problems (not an .xlsx, password-protected, unreadable) raise
:class:`ImportFileError`; everything about content is reported per cell by the importer.
"""

from __future__ import annotations

import re
import threading
import warnings
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desktop.errors import ValidationError
from desktop.excel.spec import Ledger
from desktop.i18n import N_
from desktop.services import validators

#: One streamed cell: (column index, value, data type) — openpyxl's values and types.
Cell = tuple[int, Any, str]

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
HEADER_SEARCH_ROWS = 10


class ImportFileError(ValidationError):
    """The file cannot be read as a ledger at all."""


@dataclass
class SheetRows:
    """An open sheet: the header mapping and a one-pass row iterator.

    ``rows()`` yields (row number, {column key: (raw value, data type)}) for every row after
    the header that has at least one non-empty mapped cell. After it is exhausted,
    ``merged`` lists merged ranges as (min_row, min_col, max_row, max_col).
    """

    sheet: str
    header_row: int
    #: sheet column index (1-based) → column key
    columns: dict[int, str]
    #: column key → header text as found
    headers: dict[str, str]
    unknown_headers: list[tuple[int, str]]
    duplicate_headers: list[tuple[int, str]]
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)
    _workbook: Any = None
    _iterator: Iterator[tuple[int, list[Cell]]] | None = None
    _parser: Any = None
    _pending: list[tuple[int, list[Cell]]] = field(default_factory=list)
    skipped_empty: int = 0
    #: The last row the sheet's <dimension> element declares (Excel and WPS write it), or 0.
    declared_rows: int = 0

    def rows(self) -> Iterator[tuple[int, dict[str, tuple[Any, str]]]]:
        columns = self.columns
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for number, cells in self._stream():
                values: dict[str, tuple[Any, str]] = {}
                for column, value, data_type in cells:
                    key = columns.get(column)
                    if key is None:
                        continue
                    if value is None or (value.__class__ is str and not value.strip()):
                        continue
                    values[key] = (value, data_type)
                if values:
                    yield number, values
                else:
                    self.skipped_empty += 1
            self._collect_merged()

    def _stream(self) -> Iterator[tuple[int, list[Cell]]]:
        yield from self._pending
        self._pending = []
        if self._iterator is not None:
            yield from self._iterator

    def _collect_merged(self) -> None:
        merged = getattr(self._parser, "merged_cells", None)
        ranges = getattr(merged, "mergeCell", None) or []
        from openpyxl.utils.cell import range_boundaries

        for item in ranges:
            min_col, min_row, max_col, max_row = range_boundaries(item.ref)
            self.merged.append((min_row, min_col, max_row, max_col))

    def close(self) -> None:
        if self._workbook is not None:
            self._workbook.close()
            self._workbook = None


def _header_key(text: Any) -> str:
    value = validators.compact(str(text)) if text is not None else ""
    return value.rstrip("*＊")


def check_file(path: Path) -> None:
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
            raise ImportFileError(
                N_(
                    "This is an old .xls workbook. Save it as .xlsx (Excel workbook) and import again."
                ),
                field="file",
            )
    if head[:4] != ZIP_MAGIC or not zipfile.is_zipfile(path):
        raise ImportFileError(
            N_("{name} is not an Excel .xlsx workbook."), field="file", name=path.name
        )


_LOAD_LOCK = threading.Lock()


@contextmanager
def _without_size_scan() -> Iterator[None]:
    """openpyxl sizes every read-only sheet when the workbook opens; a sheet without a
    <dimension> element (openpyxl's own write_only output, some exporters) is then parsed
    completely just to learn its size. The importer never asks for the size, so skip it:
    the file is parsed once, by the row stream."""
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet

    with _LOAD_LOCK:
        original = ReadOnlyWorksheet._get_size
        ReadOnlyWorksheet._get_size = lambda self: None
        try:
            yield
        finally:
            ReadOnlyWorksheet._get_size = original


def open_sheet(path: Path, ledger: Ledger) -> SheetRows:
    """Open ``path`` read-only, find the ledger's sheet (by name, else the first) and its
    header row (the first of the top rows naming at least two of the ledger's columns)."""
    from openpyxl import load_workbook

    path = Path(path)
    check_file(path)
    try:
        with warnings.catch_warnings(), _without_size_scan():
            warnings.simplefilter("ignore")
            wb = load_workbook(path, read_only=True, data_only=False)
    except Exception as exc:
        raise ImportFileError(
            N_("{name} cannot be read as an Excel workbook: {error}"),
            field="file",
            name=path.name,
            error=str(exc)[:200],
        ) from exc
    names = wb.sheetnames
    if not names:
        wb.close()
        raise ImportFileError(N_("The workbook has no sheets."), field="file")
    sheet = ledger.sheet if ledger.sheet in names else names[0]
    ws = wb[sheet]
    declared = _declared_rows(ws)
    iterator, parser = _row_iterator(wb, ws)
    by_header = {_header_key(c.header): c.key for c in ledger.columns}
    needed = min(2, len(ledger.columns))
    pending: list[tuple[int, list[Cell]]] = []
    header_row = 0
    header_cells: list[Cell] = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for number, cells in iterator:
            pending.append((number, cells))
            known = sum(1 for c in cells if _header_key(c[1]) in by_header)
            if known >= needed:
                header_row, header_cells = number, cells
                pending = []
                break
            if len(pending) >= HEADER_SEARCH_ROWS:
                break
    if not header_row:
        wb.close()
        raise ImportFileError(
            N_(
                "No header row found in sheet '{sheet}'. The first row must hold the column "
                "names: {expected}"
            ),
            field="file",
            sheet=sheet,
            expected="、".join(c.header for c in ledger.columns),
        )
    columns: dict[int, str] = {}
    headers: dict[str, str] = {}
    unknown: list[tuple[int, str]] = []
    duplicate: list[tuple[int, str]] = []
    for column, text, _data_type in header_cells:
        if text is None or not str(text).strip():
            continue
        key = by_header.get(_header_key(text))
        if key is None:
            unknown.append((column, str(text)))
        elif key in headers:
            duplicate.append((column, str(text)))
        else:
            columns[column] = key
            headers[key] = str(text)
    return SheetRows(
        sheet=sheet,
        header_row=header_row,
        columns=columns,
        headers=headers,
        unknown_headers=unknown,
        duplicate_headers=duplicate,
        _workbook=wb,
        _iterator=iterator,
        _parser=parser,
        _pending=pending,
        declared_rows=declared,
    )


_DIMENSION_RE = re.compile(rb'<(?:\w+:)?dimension\s+ref="[A-Z]+\d+(?::[A-Z]+(\d+))?"')


def _declared_rows(ws: Any) -> int:
    """The row count a sheet declares up front (its first few KB), without parsing rows."""
    try:
        with ws._get_source() as src:
            head = src.read(8192)
    except Exception:
        return 0
    match = _DIMENSION_RE.search(head)
    if match is None or match.group(1) is None:
        return 0
    return int(match.group(1))


_MAIN_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_V_TAG, _F_TAG, _IS_TAG = _MAIN_NS + "v", _MAIN_NS + "f", _MAIN_NS + "is"
_T_TAG, _R_TAG = _MAIN_NS + "t", _MAIN_NS + "r"
_DIGITS = "0123456789"
_COLUMN_INDEX: dict[str, int] = {}


def _column_index(letters: str) -> int:
    found = _COLUMN_INDEX.get(letters)
    if found is None:
        from openpyxl.utils.cell import column_index_from_string

        found = _COLUMN_INDEX[letters] = column_index_from_string(letters)
    return found


def _inline_text(node: Any) -> str:
    """The text of an <is> element exactly as openpyxl's ``Text.from_tree(node).content``
    gives it (plain <t>, then each run's <t>; phonetic runs left out), without building
    its descriptor objects for every cell."""
    plain: str | None = None
    runs: list[str] = []
    for child in node:
        tag = child.tag
        if tag == _T_TAG:
            plain = child.text
        elif tag == _R_TAG:
            for part in child:
                if part.tag == _T_TAG and part.text is not None:
                    runs.append(part.text)
    if plain is not None:
        runs.insert(0, plain)
    return "".join(runs)


def _fast_parser_class() -> Any:
    from openpyxl.worksheet._reader import WorkSheetParser

    class FastSheetParser(WorkSheetParser):  # type: ignore[misc]
        """openpyxl's parser with a fast path for the cells almost every ledger is made of:
        shared and inline strings without a formula. Other cells (numbers, dates, booleans,
        formulas, errors) go through openpyxl's own ``parse_cell``; the values are the same."""

        def parse_cell(self, element: Any) -> dict[str, Any]:
            data_type = element.get("t")
            if data_type not in ("s", "inlineStr") or element.find(_F_TAG) is not None:
                return super().parse_cell(element)  # type: ignore[no-any-return]
            coordinate = element.get("r")
            if coordinate:
                letters = coordinate.rstrip(_DIGITS)
                row = int(coordinate[len(letters) :])
                column = self.col_counter = _column_index(letters)
            else:
                self.col_counter += 1
                row, column = self.row_counter, self.col_counter
            style_id = element.get("s", 0)
            if style_id:
                style_id = int(style_id)
            value: Any = None
            if data_type == "s":
                text = element.findtext(_V_TAG, None)
                if text:
                    value = self.shared_strings[int(text)]
            else:
                child = element.find(_IS_TAG)
                if child is not None:
                    data_type = "s"
                    value = _inline_text(child)
            return {
                "row": row,
                "column": column,
                "value": value,
                "data_type": data_type,
                "style_id": style_id,
            }

    return FastSheetParser


def _cells(parsed: list[dict[str, Any]]) -> list[Cell]:
    """openpyxl's parsed cells (dicts) as the scanner's tuples."""
    return [(c["column"], c["value"], c["data_type"]) for c in parsed]


def _row_iterator(wb: Any, ws: Any) -> tuple[Iterator[tuple[int, list[Cell]]], Any]:
    """One streamed pass over the sheet. The text scanner below reads the sheet XML as
    written by Excel, WPS and openpyxl; any row it does not recognise exactly is handed to
    (a fast subclass of) openpyxl's own sheet parser, which also collects merged ranges."""
    parser = _fast_parser_class()(
        None,
        ws._shared_strings,
        data_only=False,
        epoch=wb.epoch,
        date_formats=wb._date_formats,
        timedelta_formats=wb._timedelta_formats,
    )

    def gen() -> Iterator[tuple[int, list[Cell]]]:
        src = ws._get_source()
        try:
            scanned = _scan_sheet(src, parser)
            if scanned is not None:
                yield from scanned
                return
        finally:
            src.close()
        src = ws._get_source()
        parser.source = src
        try:
            for number, cells in parser.parse():
                yield number, _cells(cells)
        finally:
            src.close()

    return gen(), parser


# ----------------------------------------------------------------------------- text scanner
#
# The sheet XML is read as text in chunks (so a 1,000,000-row sheet is streamed). Rows
# whose every cell has one of the shapes below are converted here with openpyxl's rules
# (numbers → int/float, date-formatted numbers → dates, shared strings looked up, inline
# strings as text); any other row (formulas, rich text, entities such as &amp;, other
# attribute orders or quoting, booleans-as-formulas, …) is parsed by ElementTree and
# openpyxl's ``parse_row``, so the values are always openpyxl's.

_CHUNK = 1 << 20
_MAIN_XMLNS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
_XML_DECL_RE = re.compile(r"\A\s*<\?xml\b[^>]*\?>")
_ROOT_RE = re.compile(r"<worksheet\b[^>]*>")
_ROW_HEAD_RE = re.compile(r'\s*<row((?:\s+[\w:]+="[^"<&]*")*)\s*>')
_ROW_NUMBER_RE = re.compile(r'\sr="([^"]*)"')
_CELL_RE = re.compile(
    r'\s*<c r="([A-Z]{1,3})\d+"(?: s="(\d+)")?(?: t="(n|s|str|b|e|inlineStr)")?\s*'
    r'(?:/>|>(?:<v>([^<&\r]*)</v>|(<is><t(?: xml:space="preserve")?>([^<&\r]*)</t></is>))?</c>)'
)
_CELLS_RE = re.compile(f"(?:{_CELL_RE.pattern})*\\s*")
_MEMO_LIMIT = 10_000


def _scan_sheet(src: Any, parser: Any) -> Iterator[tuple[int, list[Cell]]] | None:
    """The rows of the sheet, or None when the sheet's text is not the common shape (then
    nothing has been yielded and the caller uses openpyxl's parser)."""
    import codecs

    decoder = codecs.getincrementaldecoder("utf-8")()
    raw = src.read(_CHUNK)
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return None
    text = decoder.decode(raw.removeprefix(codecs.BOM_UTF8))
    while "<sheetData" not in text:
        raw = src.read(_CHUNK)
        if not raw:
            return None
        text += decoder.decode(raw)
    decl = _XML_DECL_RE.match(text)
    if (
        decl is not None
        and "encoding" in decl.group()
        and not re.search(r"""encoding=["']utf-?8["']""", decl.group(), re.I)
    ):
        return None
    start = text.find("<sheetData>")
    root = _ROOT_RE.search(text, 0, start if start >= 0 else len(text))
    if start < 0 or root is None or _MAIN_XMLNS not in root.group() or "<!" in text[:start]:
        return None
    rest = text[start + len("<sheetData>") :]
    return _scan_rows(src, decoder, parser, root.group(), rest)


def _scan_rows(
    src: Any, decoder: Any, parser: Any, root_tag: str, buf: str
) -> Iterator[tuple[int, list[Cell]]]:
    from openpyxl.xml.constants import SHEET_MAIN_NS

    row_tag = f"{{{SHEET_MAIN_NS}}}row"
    shared = parser.shared_strings
    date_styles = parser.date_formats
    memo: dict[tuple[str, int], tuple[Any, str]] = {}
    column_of = _column_index
    cells_ok = _CELLS_RE.fullmatch
    find_cells = _CELL_RE.findall
    row_head = _ROW_HEAD_RE.match
    row_number = _ROW_NUMBER_RE.search

    def numeric(text: str, style: int) -> tuple[Any, str]:
        found = memo.get((text, style))
        if found is None:
            value: Any = float(text) if ("." in text or "E" in text or "e" in text) else int(text)
            data_type = "n"
            if style in date_styles:
                data_type = "d"
                try:
                    from openpyxl.utils.datetime import from_excel

                    value = from_excel(
                        value, parser.epoch, timedelta=style in parser.timedelta_formats
                    )
                except (OverflowError, ValueError):
                    data_type, value = "e", "#VALUE!"
            found = (value, data_type)
            if len(memo) < _MEMO_LIMIT:
                memo[(text, style)] = found
        return found

    def by_openpyxl(fragment: str) -> Iterator[tuple[int, list[Cell]]]:
        from xml.etree.ElementTree import fromstring

        for element in fromstring(f"{root_tag}{fragment}</worksheet>"):
            if element.tag == row_tag:
                number, cells = parser.parse_row(element)
                yield number, _cells(cells)

    def by_pull_parser(rest: str) -> Iterator[tuple[int, list[Cell]]]:
        from xml.etree.ElementTree import XMLPullParser

        from openpyxl.worksheet.merge import MergeCells

        merge_tag = f"{{{SHEET_MAIN_NS}}}mergeCells"
        pull: Any = XMLPullParser(events=("end",))
        pull.feed(f"{root_tag}<sheetData>{rest}")
        final = False
        while True:
            element: Any
            for _event, element in pull.read_events():
                if element.tag == row_tag:
                    number, cells = parser.parse_row(element)
                    element.clear()
                    yield number, _cells(cells)
                elif element.tag == merge_tag:
                    parser.merged_cells = MergeCells.from_tree(element)
            if final:
                return
            raw = src.read(_CHUNK)
            if raw:
                pull.feed(decoder.decode(raw))
            else:
                pull.feed(decoder.decode(b"", final=True))
                pull.close()
                final = True

    done = False
    while True:
        if "<!" in buf or "<?" in buf:
            # comments, CDATA, processing instructions: only an XML parser knows them
            yield from by_pull_parser(buf)
            return
        end = buf.find("</sheetData>")
        if end >= 0:
            segment, tail, done = buf[:end], buf[end + len("</sheetData>") :], True
        else:
            cut = buf.rfind("<row")
            raw = src.read(_CHUNK)
            if raw:
                if cut <= 0:
                    buf += decoder.decode(raw)
                    continue
                segment, buf = buf[:cut], buf[cut:] + decoder.decode(raw)
            else:
                segment, tail, done = buf + decoder.decode(b"", final=True), "", True
        parts = segment.split("</row>")
        last = parts.pop()
        for part in parts:
            head = row_head(part)
            if head is None:
                yield from by_openpyxl(part + "</row>")
                continue
            content = part[head.end() :]
            if cells_ok(content) is None:
                yield from by_openpyxl(part + "</row>")
                continue
            attrs = head.group(1)
            found = row_number(attrs) if attrs else None
            if found is None:
                number = parser.row_counter + 1
            elif found.group(1).isdigit():
                number = int(found.group(1))
            else:
                yield from by_openpyxl(part + "</row>")
                continue
            parser.row_counter, parser.col_counter = number, 0
            cells: list[Cell] = []
            for letters, style, data_type, value, is_, inline in find_cells(content):
                column = column_of(letters)
                if data_type == "inlineStr":
                    if is_:
                        cells.append((column, inline, "s"))
                    else:
                        cells.append((column, None, "inlineStr"))
                elif value:
                    if data_type == "s":
                        cells.append((column, shared[int(value)], "s"))
                    elif not data_type or data_type == "n":
                        cells.append((column, *numeric(value, int(style) if style else 0)))
                    elif data_type == "str":
                        cells.append((column, value, "s"))
                    elif data_type == "b":
                        cells.append((column, bool(int(value)), "b"))
                    else:
                        cells.append((column, value, data_type))
                else:
                    cells.append((column, None, data_type or "n"))
            if cells:
                parser.col_counter = cells[-1][0]
            yield number, cells
        if last.strip():
            yield from by_openpyxl(last)
        if done:
            break
    # After the rows: merged ranges (and whatever else openpyxl reads there).
    while raw := src.read(_CHUNK):
        tail += decoder.decode(raw)
    tail += decoder.decode(b"", final=True)
    import io

    parser.source = io.BytesIO(f"{root_tag}{tail}".encode())
    for _ in parser.parse():
        pass
