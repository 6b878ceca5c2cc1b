"""The 公示 of a year's points: the PDF (read back with pypdf) and the Excel export (read
back with openpyxl) carry the ranking, the rule, and the deputies below the floor."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook
from pypdf import PdfReader

from desktop.db import Database
from desktop.excel.points_export import export_points
from desktop.reports import archive_papers
from desktop.services.archives import settings as archive_settings
from desktop.services.permissions import Actor
from tests.unit.archives.helpers import TODAY, YEAR, build


def test_notice_pdf_and_excel(db: Database, admin: Actor, tmp_path: Path) -> None:
    build(db, admin)
    with db.transaction() as s:
        archive_settings.update(s, admin, archive_settings.ArchiveSettings(points_floor=40))
    with db.session() as s:
        pdf = archive_papers.points_notice(s, admin, tmp_path / "公示.pdf", YEAR, today=TODAY)
        xlsx = export_points(s, admin, tmp_path / "积分.xlsx", YEAR)
    text = "".join(p.extract_text() for p in PdfReader(pdf).pages).replace("\n", "")
    assert f"{YEAR}年度代表履职积分公示" in text
    assert "根据默认积分规则" in text and "积分低于40分的代表予以标注" in text
    assert "王建华（低于下限）" in text and "周敏（低于下限）" not in text
    ws = load_workbook(xlsx).worksheets[0]
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    head = rows[0]
    assert head[:4] == ["名次", "姓名", "联络站", "积分"] and head[-1] == "低于下限"
    body = {r[1]: r for r in rows[1:]}
    assert [r[1] for r in rows[1:]] == ["周敏", "李秀英", "王建华"]
    assert body["周敏"][3] == 67 and body["王建华"][-1] == "是" and body["李秀英"][-1] is None
    assert body["周敏"][head.index("接待选民")] == 30
    assert body["李秀英"][head.index("意见建议")] == 20
    assert body["李秀英"][head.index("扣分")] == -4
