"""The year's points ranking (履职积分) as an Excel workbook, for publishing (公示) and
filing: one row per deputy with the rank, total, the points of every category and the flag
below the floor; a second sheet names the rule that gave them."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from sqlalchemy.orm import Session

from desktop.fileio import atomic_path
from desktop.services.archives import points
from desktop.services.archives import rules as R
from desktop.services.permissions import Actor, Permission

CATEGORY_HEADS = {
    R.TRAINING: "学习培训",
    R.MEETINGS: "出席会议",
    R.OPINIONS: "意见建议",
    R.REPORT_BACK: "述职",
    "deduction": "扣分",
}


def export_points(session: Session, actor: Actor, path: Path | str, year: int) -> Path:
    actor.require(Permission.VIEW)
    ranked = points.rank(session, year)
    rules = ranked.rule.rules
    kinds = [k for k in rules.activity_points if k != rules.training_type]
    categories = [*kinds, R.TRAINING, R.MEETINGS, R.OPINIONS, R.REPORT_BACK, "deduction"]
    wb = Workbook()
    ws = wb.active
    ws.title = f"{year}年度积分"
    head = [
        "名次",
        "姓名",
        "联络站",
        "积分",
        *(CATEGORY_HEADS.get(c, c) for c in categories),
        "低于下限",
    ]
    ws.append(head)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    shade = PatternFill("solid", fgColor="FDE2E1")
    for row in ranked.rows:
        per = row.score.category_points()
        ws.append(
            [
                row.rank,
                row.name,
                row.station,
                row.score.total,
                *(per.get(c, 0) for c in categories),
                "是" if row.below_floor else "",
            ]
        )
        if row.below_floor:
            for cell in ws[ws.max_row]:
                cell.fill = shade
    ws.column_dimensions["B"].width = 12
    ws.column_dimensions["C"].width = 26
    info = wb.create_sheet("积分规则")
    info.append(["依据", ranked.rule.label()])
    info.append(["积分下限", ranked.floor])
    info.append(
        ["说明", "积分由履职活动、会议出席、意见建议、学习培训和述职记录自动计算，不手工录入。"]
    )
    path = Path(path)
    with atomic_path(path) as tmp:
        wb.save(tmp)
    return path
