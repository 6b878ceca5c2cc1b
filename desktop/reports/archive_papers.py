"""Papers of the duty archives (ReportLab, A4):

* 代表履职档案 — the archive of one deputy (一人一档), every section headed with its count so
  an inspector can check it against the ledgers: 基本情况, 固定联系选民, 履职活动, 出席会议,
  意见建议, 学习培训, 述职评议, 履职积分 (each year with the rule that gave it);
* 代表履职积分公示 — the year's ranking with the breakdown, for the notice board.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, SimpleDocTemplate, Spacer, Table, TableStyle
from sqlalchemy.orm import Session

from desktop.fileio import atomic_path
from desktop.reports.fonts import register_cjk_font
from desktop.reports.wrap import Paragraph
from desktop.services import settings as settings_service
from desktop.services.archives import archive as archive_service
from desktop.services.archives import points
from desktop.services.archives import rules as R
from desktop.services.permissions import Actor, Permission
from desktop.services.street import require_current

RED = colors.HexColor("#c00000")
WIDTH = A4[0] - 40 * mm

#: The section titles of the archive, in order (the test reads them back).
SECTIONS = (
    "一、基本情况",
    "二、固定联系选民",
    "三、履职活动",
    "四、出席会议",
    "五、意见建议",
    "六、学习培训",
    "七、述职评议",
    "八、履职积分",
)


def _esc(text: str) -> str:
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\n", "<br/>")
    )


def _cn_date(d: date | None) -> str:
    return "" if d is None else f"{d.year}年{d.month}月{d.day}日"


class _Doc:
    def __init__(self, session: Session) -> None:
        self.font = register_cjk_font(settings_service.load(session).pdf_font_path).name
        street = require_current(session)
        self.committee = f"{street.name}{'人大工委' if street.kind == 'street' else '人大主席团'}"

    def ps(self, size: float, leading: float | None = None, **kw: Any) -> ParagraphStyle:
        return ParagraphStyle(
            f"ar{size}{sorted(kw.items())}",
            fontName=self.font,
            fontSize=size,
            leading=leading or size * 1.55,
            wordWrap="CJK",
            **kw,
        )

    def p(self, text: str, size: float = 10, **kw: Any) -> Paragraph:
        return Paragraph(_esc(text), self.ps(size, **kw))

    def grid(
        self, head: Sequence[str], rows: Sequence[Sequence[Any]], widths: Sequence[float]
    ) -> Table:
        body = [[self.p(str(c), 9) for c in row] for row in rows]
        table = Table([[self.p(h, 9) for h in head], *body], colWidths=list(widths), repeatRows=1)
        table.setStyle(
            TableStyle(
                [
                    ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")),
                    ("TOPPADDING", (0, 0), (-1, -1), 2),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                ]
            )
        )
        return table

    def section(self, title: str, count_text: str) -> list[Flowable]:
        return [Spacer(1, 4 * mm), self.p(f"{title}（{count_text}）", 13, spaceAfter=2 * mm)]

    def save(self, path: Path | str, story: list[Flowable], title: str) -> Path:
        path = Path(path)
        font = self.font

        def page(canvas: Canvas, doc: Any) -> None:
            canvas.saveState()
            canvas.setFont(font, 9)
            canvas.drawCentredString(A4[0] / 2, 10 * mm, f"{title}　第 {doc.page} 页")
            canvas.restoreState()

        with atomic_path(path) as tmp:
            doc = SimpleDocTemplate(
                str(tmp),
                pagesize=A4,
                leftMargin=20 * mm,
                rightMargin=20 * mm,
                topMargin=20 * mm,
                bottomMargin=20 * mm,
                title=title,
                author="议事通",
            )
            doc.build(story, onFirstPage=page, onLaterPages=page)
        return path


def deputy_archive(
    session: Session, actor: Actor, path: Path | str, deputy_id: str, *, today: date | None = None
) -> Path:
    """代表履职档案 of one deputy as a PDF."""
    actor.require(Permission.VIEW_PERSONAL_DATA)
    today = today or date.today()
    a = archive_service.build(session, deputy_id, today=today)
    d = _Doc(session)
    title = f"{a.name}代表履职档案"
    story: list[Flowable] = [
        d.p(d.committee, 20, alignment=TA_CENTER, textColor=RED),
        Spacer(1, 3 * mm),
        d.p(title, 17, alignment=TA_CENTER),
        d.p(f"截至{_cn_date(today)}", 10, alignment=TA_CENTER),
        Spacer(1, 2 * mm),
    ]
    story += d.section(SECTIONS[0], a.term or "本届")
    story.append(
        d.grid(
            ["姓名", "性别", "代表层级", "选举方式", "所在单位及职务", "联络站"],
            [[a.name, a.gender, a.level, a.election, f"{a.unit}{a.position}", a.station]],
            [20 * mm, 12 * mm, 20 * mm, 20 * mm, 58 * mm, 40 * mm],
        )
    )
    if a.pairs:
        story.append(d.p(f"结对联系的议事代表：{a.pairs_text}", 10, spaceBefore=2 * mm))
    story += d.section(
        SECTIONS[1],
        f"共{len(a.contacts)}人，其中弱势群体{a.vulnerable_contacts}人；应联系{a.contacts_required}人"
        + ("，不足" if a.contacts_short else ""),
    )
    if a.contacts:
        story.append(
            d.grid(
                ["姓名", "联系电话", "联系起始", "弱势群体"],
                [
                    [c.name, c.phone, _cn_date(c.since), "是" if c.vulnerable else ""]
                    for c in a.contacts
                ],
                [40 * mm, 45 * mm, 45 * mm, 40 * mm],
            )
        )
    story += d.section(SECTIONS[2], f"共{len(a.activities)}次")
    if a.activities:
        story.append(
            d.grid(
                ["日期", "活动类型", "角色", "地点"],
                [[x.held_on.isoformat(), x.kind, x.role, x.place] for x in a.activities],
                [28 * mm, 36 * mm, 20 * mm, 86 * mm],
            )
        )
    story += d.section(
        SECTIONS[3],
        f"出席{a.meeting_count('present')}次，请假{a.meeting_count('on_leave')}次，"
        f"缺席{a.meeting_count('absent')}次",
    )
    if a.meetings:
        story.append(
            d.grid(
                ["日期", "会议", "出席情况", "请假事由"],
                [[m.held_on.isoformat(), m.title, m.status, m.leave_reason] for m in a.meetings],
                [28 * mm, 78 * mm, 24 * mm, 40 * mm],
            )
        )
    closed = sum(1 for o in a.opinions if o.status in ("已办结", "已回访"))
    story += d.section(SECTIONS[4], f"提出{len(a.opinions)}条，办结{closed}条")
    if a.opinions:
        story.append(
            d.grid(
                ["编号", "提出日期", "内容", "状态", "办理结果"],
                [
                    [o.number, o.received_on.isoformat(), o.content[:60], o.status, o.outcome]
                    for o in a.opinions
                ],
                [28 * mm, 24 * mm, 66 * mm, 18 * mm, 34 * mm],
            )
        )
    low, high = archive_service.TRAINING_NORM
    story += d.section(SECTIONS[5], f"每年应集中学习培训{low}—{high}天")
    story.append(
        d.grid(
            ["年度", "培训天数", "对照要求"],
            [
                [str(y.year), str(y.training_days), "不足" if y.training_short else "达到"]
                for y in a.years
            ],
            [40 * mm, 40 * mm, 90 * mm],
        )
    )
    story += d.section(SECTIONS[6], f"共{len(a.report_backs)}次")
    if a.report_backs:
        rows = []
        for r in a.report_backs:
            rate = r.rating.percent_text() if r.rating else "未测评"
            talk = (
                f"{_cn_date(r.talk_on)} {r.talk_by}：{r.talk_notes} 改进：{r.improvement}"
                if r.talk_on
                else ("应谈心谈话" if r.flagged else "")
            )
            rows.append(
                [r.held_on.isoformat(), r.place, f"{r.audience} {r.audience_count}人", rate, talk]
            )
        story.append(
            d.grid(
                ["日期", "地点", "听取对象", "优秀率", "谈心谈话"],
                rows,
                [24 * mm, 40 * mm, 32 * mm, 18 * mm, 56 * mm],
            )
        )
    story += d.section(SECTIONS[7], f"{len(a.years)}个年度")
    story.append(
        d.grid(
            ["年度", "积分", "依据规则", "构成"],
            [[str(y.year), str(y.total), y.rule, breakdown_text(y.score)] for y in a.years],
            [18 * mm, 16 * mm, 40 * mm, 96 * mm],
        )
    )
    story += [
        Spacer(1, 10 * mm),
        d.p(d.committee, 11, alignment=TA_RIGHT, rightIndent=8 * mm),
        d.p(_cn_date(today), 11, alignment=TA_RIGHT, rightIndent=8 * mm),
    ]
    return d.save(path, story, title)


CATEGORY_WORDS = {
    R.MEETINGS: "会议",
    R.OPINIONS: "意见建议",
    R.TRAINING: "学习培训",
    R.REPORT_BACK: "述职",
    "deduction": "扣分",
}


def breakdown_text(score: points.Score) -> str:
    """E.g. 「接待选民 接待12×3=30（封顶）；会议 出席4×3=12；扣分 无故缺席1×-2=-2」."""
    parts = []
    for line in score.lines:
        head = CATEGORY_WORDS.get(line.category, line.category)
        capped = "（封顶）" if line.points != line.raw else ""
        parts.append(f"{head} {line.detail}{line.count}×{line.each}={line.points}{capped}")
    return "；".join(parts) or "无"


def points_notice(
    session: Session, actor: Actor, path: Path | str, year: int, *, today: date | None = None
) -> Path:
    """代表履职积分公示: the year's ranking with each deputy's breakdown."""
    actor.require(Permission.VIEW)
    today = today or date.today()
    ranked = points.rank(session, year)
    d = _Doc(session)
    title = f"{year}年度代表履职积分公示"
    story: list[Flowable] = [
        d.p(d.committee, 20, alignment=TA_CENTER, textColor=RED),
        Spacer(1, 3 * mm),
        d.p(title, 17, alignment=TA_CENTER),
        Spacer(1, 3 * mm),
        d.p(
            f"根据{ranked.rule.label()}，现将{year}年度代表履职积分予以公示"
            + (f"，积分低于{ranked.floor}分的代表予以标注" if ranked.floor else "")
            + "。积分由履职活动、会议出席、意见建议、学习培训和述职记录自动计算。",
            11,
            firstLineIndent=22,
        ),
        Spacer(1, 3 * mm),
    ]
    story.append(
        d.grid(
            ["名次", "姓名", "联络站", "积分", "构成"],
            [
                [
                    str(r.rank),
                    r.name + ("（低于下限）" if r.below_floor else ""),
                    r.station,
                    str(r.score.total),
                    breakdown_text(r.score),
                ]
                for r in ranked.rows
            ],
            [12 * mm, 26 * mm, 34 * mm, 14 * mm, 84 * mm],
        )
    )
    story += [
        Spacer(1, 10 * mm),
        d.p(d.committee, 11, alignment=TA_RIGHT, rightIndent=8 * mm),
        d.p(_cn_date(today), 11, alignment=TA_RIGHT, rightIndent=8 * mm),
    ]
    return d.save(path, story, title)
