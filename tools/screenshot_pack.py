"""Screenshots of the inspection pack (issue 25): the home page with its 迎检资料包… action,
the year/folder dialog, the progress dialog, and the index workbook read back as a table.

    xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python tools/screenshot_pack.py
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from demo_shots import (
    open_demo_window,
    wait,
)  # tools/demo_shots.py (the script's folder is on sys.path)


def main() -> None:
    shot = open_demo_window()
    from PySide6.QtWidgets import QTableWidget, QTableWidgetItem

    from desktop import inspection_pack as pack
    from desktop.ui.dialogs import pack_dialog
    from desktop.ui.pages.home import HomePage

    window = shot.window
    page = window.open_page("home")
    assert isinstance(page, HomePage)
    wait(1500)
    window.grab().save(str(shot.out_dir / "pack-home.png"))

    out = Path(tempfile.mkdtemp(prefix="yishi-pack-"))
    dialog = pack_dialog.PackDialog(out, window)
    dialog.show()
    wait()
    dialog.grab().save(str(shot.out_dir / "pack-dialog.png"))
    dialog.close()

    runner = pack_dialog.PackRunner(page, window.ctx)
    pack_dialog.run_modal = lambda _d: 0  # the closing message box: not in a screenshot run
    runner.start(2026, out)
    grabbed = False
    while runner.result is None:
        wait(150)
        if not grabbed and runner.dialog.isVisible() and runner.dialog.value() > 6:
            runner.dialog.grab().save(str(shot.out_dir / "pack-progress.png"))
            grabbed = True
    folder = Path(runner.result.folder)
    print(folder)

    from openpyxl import load_workbook

    book = load_workbook(folder / pack.INDEX_NAME, read_only=True)
    rows = [list(r) for r in book["目录"].iter_rows(values_only=True)]
    book.close()
    table = QTableWidget(len(rows), 7)
    table.setWindowTitle(pack.INDEX_NAME)
    for r, row in enumerate(rows):
        for c, value in enumerate(row[:7]):
            text = "" if value is None else str(value)
            table.setItem(r, c, QTableWidgetItem(text[:20] + "…" if c == 6 and text else text))
        if row and row[0] is not None and not isinstance(row[0], int) and row[0] != "序号":
            table.setSpan(r, 0, 1, 7)  # the title and note lines are merged cells in Excel
    for c, width in enumerate((40, 70, 380, 330, 60, 60, 170)):
        table.setColumnWidth(c, width)
    table.resize(1366, 768)
    table.show()
    wait()
    table.grab().save(str(shot.out_dir / "pack-index.png"))


if __name__ == "__main__":
    main()
