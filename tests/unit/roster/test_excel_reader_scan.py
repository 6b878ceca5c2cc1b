"""The reader's text scanner streams exactly the rows (and merged ranges) openpyxl's own
sheet parser gives, for the sheet XML of Excel, WPS and openpyxl and for the odd shapes it
hands to openpyxl (formulas, entities, comments, CDATA, prefixes, pretty-printing …)."""

from __future__ import annotations

import warnings
import zipfile
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook
from openpyxl.worksheet._reader import WorkSheetParser

from desktop.excel import reader

NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
ROOT = (
    f'<worksheet xmlns="{NS}" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
    'xmlns:x14ac="http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac">'
)


def _streams(path: Path) -> tuple[list[Any], Any, list[Any], Any]:
    """(rows, merged) from the importer's stream and from openpyxl's plain parser."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        wb = load_workbook(path, read_only=True)
        ws = wb[wb.sheetnames[0]]
        iterator, parser = reader._row_iterator(wb, ws)
        got = list(iterator)
        src = ws._get_source()
        plain = WorkSheetParser(
            src,
            ws._shared_strings,
            data_only=False,
            epoch=wb.epoch,
            date_formats=wb._date_formats,
            timedelta_formats=wb._timedelta_formats,
        )
        want = [
            (number, [(c["column"], c["value"], c["data_type"]) for c in cells])
            for number, cells in plain.parse()
        ]
        src.close()
        wb.close()
    return got, parser.merged_cells, want, plain.merged_cells


def _assert_same(path: Path) -> list[Any]:
    got, got_merged, want, want_merged = _streams(path)
    assert got == want
    assert repr(got_merged) == repr(want_merged)
    return got


def _with_sheet_xml(tmp_path: Path, xml: str, shared: list[str] | None = None) -> Path:
    """An openpyxl workbook whose sheet part is replaced by ``xml`` (and, optionally, with
    a shared strings part as Excel writes it)."""
    frame = tmp_path / "frame.xlsx"
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws["A1"] = "x"
    ws["B1"] = date(2024, 3, 5)  # a date style: s="1"
    wb.save(frame)
    path = tmp_path / "sheet.xlsx"
    with zipfile.ZipFile(frame) as src, zipfile.ZipFile(path, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = xml.encode("utf-8")
            elif item.filename == "[Content_Types].xml" and shared is not None:
                data = data.replace(
                    b"</Types>",
                    b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                    b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
                )
            elif item.filename == "xl/_rels/workbook.xml.rels" and shared is not None:
                data = data.replace(
                    b"</Relationships>",
                    b'<Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/'
                    b'officeDocument/2006/relationships/sharedStrings" '
                    b'Target="sharedStrings.xml"/></Relationships>',
                )
            dst.writestr(item, data)
        if shared is not None:
            items = "".join(f"<si><t>{s}</t></si>" for s in shared)
            dst.writestr(
                "xl/sharedStrings.xml",
                f'<sst xmlns="{NS}" count="{len(shared)}" uniqueCount="{len(shared)}">{items}</sst>',
            )
    frame.unlink()
    return path


EXCEL_ROWS = (
    '<row r="1" spans="1:5" x14ac:dyDescent="0.25"><c r="A1" t="s"><v>0</v></c>'
    '<c r="B1" t="s"><v>1</v></c><c r="C1" s="1"><v>45301</v></c><c r="D1"><v>12.5</v></c>'
    '<c r="E1"><v>1E3</v></c></row>'
    '<row r="2" spans="1:5" x14ac:dyDescent="0.25"><c r="A2" t="s"><v>2</v></c>'
    '<c r="B2" s="1"/><c r="C2" t="b"><v>1</v></c><c r="D2" t="e"><v>#N/A</v></c>'
    '<c r="E2" t="str"><f>A1&amp;B1</f><v>张男</v></c></row>'
    '<row r="4" spans="1:5"><c r="A4" t="s"><v>3</v></c><c r="B4" t="str"><v>公式值</v></c>'
    '<c r="C4" t="inlineStr"><is><t xml:space="preserve"> 前后 </t></is></c>'
    '<c r="D4" t="inlineStr"><is><t>A&amp;B &lt;c&gt;</t></is></c><c r="E4"></c></row>'
    '<row r="5" customHeight="1" ht="30"><c r="A5" t="inlineStr"><is><r><t>粗</t></r>'
    '<r><t>体</t></r></is></c><c r="B5" s="1"><v>99999999</v></c><c r="C5"><v></v></c></row>'
    '<row r="6"/>'
    '<row><c t="inlineStr"><is><t>no coordinates</t></is></c><c><v>7</v></c></row>'
    '<row r="9.0"><c r="A9" t="inlineStr"><is><t>float row number</t></is></c></row>'
    '<row r="10"><c r="A10" t="inlineStr"/><c r="B10" t="inlineStr"><is><t></t></is></c>'
    '<c r="C10" t="s"/><c r="D10" t="str"/><c r="E10" t="inlineStr"><v>1</v></c></row>'
)
SHARED = ["姓名", "张伟强", "男", "解放碑社区"]
TAIL = (
    '<mergeCells count="2"><mergeCell ref="A1:B1"/><mergeCell ref="C4:E4"/></mergeCells>'
    '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>'
    "</worksheet>"
)


def _sheet(rows: str, *, head: str = "", tail: str = TAIL, root: str = ROOT) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'{root}<dimension ref="A1:E10"/>{head}<sheetData>{rows}</sheetData>{tail}'
    )


def test_excel_style_sheet_with_shared_strings_and_odd_rows(tmp_path: Path) -> None:
    rows = _assert_same(_with_sheet_xml(tmp_path, _sheet(EXCEL_ROWS), SHARED))
    assert [n for n, _ in rows] == [1, 2, 4, 5, 6, 7, 9, 10]
    first = rows[0][1]
    assert first[0] == (1, "姓名", "s") and first[2][2] == "d" and first[3][1] == 12.5


@pytest.mark.parametrize(
    "rows",
    [
        # pretty-printed
        EXCEL_ROWS.replace("<row", "\n  <row")
        .replace("<c ", "\n    <c ")
        .replace("</row>", "\n  </row>"),
        # a comment and CDATA in the sheet data: the XML parser takes over
        EXCEL_ROWS.replace('<row r="4"', '<!-- <row r="3"> --><row r="4"', 1),
        EXCEL_ROWS.replace("<t>no coordinates</t>", "<t><![CDATA[<row> & </row>]]></t>", 1),
        EXCEL_ROWS + "<?pi data?>",
        # attributes in another order, single quotes, \r\n in text
        EXCEL_ROWS.replace('<c r="D1">', '<c s="0" r="D1">', 1).replace('r="A2"', "r='A2'", 1),
        EXCEL_ROWS.replace(" 前后 ", " 前\r\n后 ", 1),
        "",
    ],
)
def test_unusual_shapes_match_openpyxl(tmp_path: Path, rows: str) -> None:
    _assert_same(_with_sheet_xml(tmp_path, _sheet(rows), SHARED))


def test_prefixed_namespace_empty_sheet_data_and_bom(tmp_path: Path) -> None:
    prefixed = (
        f'<x:worksheet xmlns:x="{NS}"><x:sheetData><x:row r="1"><x:c r="A1" t="inlineStr">'
        "<x:is><x:t>前缀</x:t></x:is></x:c></x:row></x:sheetData></x:worksheet>"
    )
    _assert_same(_with_sheet_xml(tmp_path, prefixed))
    empty = f"{ROOT}<sheetData/>{TAIL}"
    assert _assert_same(_with_sheet_xml(tmp_path, empty)) == []
    bom = "\ufeff" + _sheet(EXCEL_ROWS)
    _assert_same(_with_sheet_xml(tmp_path, bom, SHARED))


def test_chunk_boundaries_anywhere(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _with_sheet_xml(tmp_path, _sheet(EXCEL_ROWS * 1), SHARED)
    for size in (1, 2, 3, 5, 7, 64, 333):
        monkeypatch.setattr(reader, "_CHUNK", size)
        _assert_same(path)


_cell_value = st.one_of(
    st.none(),
    st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=8),
    st.sampled_from(["张伟强", " 男 ", "a&b", "<x>", "1 < 2", "=SUM(A1:A2)", "'quote"]),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.booleans(),
    st.dates(min_value=date(1900, 3, 1), max_value=date(2100, 1, 1)),
    st.datetimes(min_value=datetime(1900, 3, 1), max_value=datetime(2100, 1, 1)).map(
        lambda d: d.replace(microsecond=0)
    ),
    st.times().map(lambda t: t.replace(microsecond=0)),
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    rows=st.lists(st.lists(_cell_value, max_size=6), max_size=6),
    write_only=st.booleans(),
)
def test_sheets_written_by_openpyxl_match(
    tmp_path: Path, rows: list[list[Any]], write_only: bool
) -> None:
    wb = Workbook(write_only=write_only)
    ws = wb.create_sheet("议事代表") if write_only else wb.active
    assert ws is not None
    for row in rows:
        ws.append(row)
    if not write_only and len(rows) > 1 and rows[0]:
        ws.merge_cells(start_row=1, start_column=1, end_row=2, end_column=1)  # type: ignore[union-attr]
    path = tmp_path / "hypothesis.xlsx"
    wb.save(path)
    _assert_same(path)


def test_values_keep_their_types(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["张伟强", 42, 2.5, True, date(2024, 3, 5), time(8, 30), "=A1", None, "  "])
    path = tmp_path / "types.xlsx"
    wb.save(path)
    rows = _assert_same(path)
    values = [v for _c, v, _t in rows[0][1]]
    assert values[:4] == ["张伟强", 42, 2.5, True]
    assert values[4] == datetime(2024, 3, 5) and values[5] == time(8, 30) and values[6] == "=A1"
