"""Write a very large one-sheet workbook quickly (the 1,000,000-row test).

openpyxl's ``write_only`` mode needs ~50 s for a million rows here, so the workbook frame is
written by ``write_only`` (header only) and its sheet part is then re-zipped with the rows
streamed in as inline strings — the same SpreadsheetML Excel reads.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

from openpyxl import Workbook


def write_big_sheet(
    path: Path, sheet: str, header: list[str], row: list[str], rows: int, dimension: bool = False
) -> Path:
    """``dimension=True`` declares the size up front like Excel and WPS do."""
    frame = path.with_suffix(".frame.xlsx")
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(sheet)
    ws.append(header)
    wb.save(frame)

    def cells(values: list[str], number: int) -> str:
        return "".join(
            f'<c r="{chr(65 + i)}{number}" t="inlineStr"><is><t>{escape(v)}</t></is></c>'
            for i, v in enumerate(values)
        )

    with (
        zipfile.ZipFile(frame) as src,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as dst,
    ):
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename != "xl/worksheets/sheet1.xml":
                dst.writestr(item, data)
                continue
            text = data.decode("utf-8")
            head, tail = re.split(r"<sheetData>.*</sheetData>|<sheetData/>", text, flags=re.S)
            with dst.open(item.filename, "w", force_zip64=True) as out:
                if dimension:
                    last = f"{chr(64 + len(header))}{rows + 1}"
                    head = head.replace(
                        "<sheetViews>", f'<dimension ref="A1:{last}"/><sheetViews>', 1
                    )
                out.write(head.encode())
                out.write(b"<sheetData>")
                out.write(f'<row r="1">{cells(header, 1)}</row>'.encode())
                chunk: list[str] = []
                for n in range(2, rows + 2):
                    chunk.append(f'<row r="{n}">{cells(row, n)}</row>')
                    if len(chunk) == 10000:
                        out.write("".join(chunk).encode())
                        chunk = []
                out.write("".join(chunk).encode())
                out.write(b"</sheetData>")
                out.write(tail.encode())
    frame.unlink()
    return path
