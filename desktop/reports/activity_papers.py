"""Papers of the duty-activity ledger (ReportLab, A4):

* 站点海报 (station poster) for the wall: the station's name, its 履职码 (a QR a phone saves as
  the station's contact and the station PC reads as the station), reception days and the
  deputies of the station;
* 接待日安排表 (month rota) for the notice board;
* 站点履职活动情况报告 (monthly or quarterly station report) in the layout of an official
  document (红头, red rule, title, body, tables, 落款 and date);
* 站点年度履职情况汇总 (a station's year in figures).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.fileio import atomic_path
from desktop.models.roster import Deputy, Station
from desktop.reports.fonts import register_cjk_font
from desktop.reports.qr import draw_qr
from desktop.services import cards
from desktop.services import settings as settings_service
from desktop.services.activities import rota, summary
from desktop.services.permissions import Actor, Permission
from desktop.services.roster.common import STATION_KIND_LABELS
from desktop.services.street import require_current

RED = colors.HexColor("#c00000")
WEEKDAYS = "一二三四五六日"
STATUS_ZH = {"held": "已接待", "missed": "未接待", "due": ""}


@dataclass(frozen=True)
class _Styles:
    font: str

    def ps(self, size: float, leading: float | None = None, **kw: Any) -> ParagraphStyle:
        return ParagraphStyle(
            f"a{size}{sorted(kw.items())}",
            fontName=self.font,
            fontSize=size,
            leading=leading or size * 1.6,
            wordWrap="CJK",
            **kw,
        )


def _font(session: Session) -> str:
    return register_cjk_font(settings_service.load(session).pdf_font_path).name


def _esc(text: str) -> str:
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\n", "<br/>")
    )


def _cn_date(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def _committee(session: Session) -> str:
    street = require_current(session)
    return f"{street.name}{'人大工委' if street.kind == 'street' else '人大主席团'}"


class _RedRule(Flowable):  # type: ignore[misc]
    def __init__(self, width: float) -> None:
        super().__init__()
        self.width, self.height = width, 4

    def draw(self) -> None:
        self.canv.setStrokeColor(RED)
        self.canv.setLineWidth(1.6)
        self.canv.line(0, 2, self.width, 2)


def _grid(data: list[list[Any]], widths: Sequence[float], font: str) -> Table:
    table = Table(data, colWidths=list(widths), repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), font),
                ("FONTSIZE", (0, 0), (-1, -1), 9),
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")),
                ("ALIGN", (0, 0), (-1, 0), "CENTER"),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return table


def _page_number(font: str) -> Any:
    def draw(canvas: Canvas, doc: Any) -> None:
        canvas.saveState()
        canvas.setFont(font, 9)
        canvas.drawCentredString(A4[0] / 2, 10 * mm, f"— {doc.page} —")
        canvas.restoreState()

    return draw


def _save(path: Path | str, story: list[Flowable], title: str, font: str) -> Path:
    path = Path(path)
    with atomic_path(path) as tmp:
        doc = SimpleDocTemplate(
            str(tmp),
            pagesize=A4,
            leftMargin=26 * mm,
            rightMargin=24 * mm,
            topMargin=30 * mm,
            bottomMargin=24 * mm,
            title=title,
            author="议事通",
        )
        doc.build(story, onFirstPage=_page_number(font), onLaterPages=_page_number(font))
    return path


WIDTH = A4[0] - 50 * mm


def _official_head(st: _Styles, committee: str, title: str) -> list[Flowable]:
    """红头 (the committee in red), the red rule, and the document's title."""
    return [
        Paragraph(_esc(committee), st.ps(24, 34, alignment=TA_CENTER, textColor=RED)),
        Spacer(1, 3 * mm),
        _RedRule(WIDTH),
        Spacer(1, 8 * mm),
        Paragraph(_esc(title), st.ps(18, 28, alignment=TA_CENTER)),
        Spacer(1, 6 * mm),
    ]


def _signature(st: _Styles, committee: str, day: date) -> list[Flowable]:
    return [
        Spacer(1, 10 * mm),
        Paragraph(_esc(committee), st.ps(12, alignment=TA_RIGHT, rightIndent=8 * mm)),
        Paragraph(_cn_date(day), st.ps(12, alignment=TA_RIGHT, rightIndent=8 * mm)),
    ]


# ----------------------------------------------------------------------- station report


def station_report(
    session: Session,
    actor: Actor,
    path: Path | str,
    station_id: str,
    year: int,
    *,
    month: int | None = None,
    quarter: int | None = None,
    today: date | None = None,
) -> Path:
    """站点履职活动情况报告 for a month or a quarter, in 公文 layout."""
    actor.require(Permission.VIEW)
    today = today or date.today()
    rep = summary.station_report(
        session, station_id, year, month=month, quarter=quarter, today=today
    )
    st = _Styles(_font(session))
    committee = _committee(session)
    body = st.ps(12, 22, firstLineIndent=24)
    small = st.ps(8.5, 12)
    title = f"关于{rep.station_name}{rep.title_period}履职活动情况的报告"
    story = _official_head(st, committee, title)
    kinds: dict[str, int] = {}
    for a in rep.activities:
        kinds[a.kind] = kinds.get(a.kind, 0) + 1
    kinds_text = "、".join(f"{k}{n}次" for k, n in kinds.items()) or "无"
    closed = sum(1 for o in rep.opinions if o.status in summary.CLOSED)
    story.append(
        Paragraph(
            _esc(
                f"{rep.title_period}，{rep.station_name}"
                f"（{STATION_KIND_LABELS.get(rep.station_kind, rep.station_kind)}）共开展履职活动"
                f"{len(rep.activities)}次（{kinds_text}），参加代表{rep.deputies}人，"
                f"接待和联系群众{rep.residents}人次，收集意见建议{len(rep.opinions)}条，"
                f"其中已办结{closed}条。现将有关情况报告如下。"
            ),
            body,
        )
    )
    story.append(Paragraph("一、活动开展情况", st.ps(12, 22, firstLineIndent=24)))
    if rep.activities:
        data: list[list[Any]] = [["序号", "日期", "时间", "类型", "参加代表", "群众", "活动内容"]]
        for n, a in enumerate(rep.activities, 1):
            data.append(
                [
                    str(n),
                    a.held_on.strftime("%m-%d"),
                    a.time_span,
                    Paragraph(_esc(a.kind), small),
                    Paragraph(_esc(a.participant_names), small),
                    str(a.residents),
                    Paragraph(_esc(a.summary), small),
                ]
            )
        fixed = [10, 13, 22, 22, 40, 11]
        story.append(_grid(data, [w * mm for w in fixed] + [WIDTH - sum(fixed) * mm], st.font))
    else:
        story.append(Paragraph("本期未开展活动。", body))
    story.append(Spacer(1, 4 * mm))
    story.append(Paragraph("二、意见建议收集和办理情况", st.ps(12, 22, firstLineIndent=24)))
    if rep.opinions:
        data = [["编号", "登记日期", "意见建议", "承办单位", "办理状态"]]
        for o in rep.opinions:
            data.append(
                [
                    o.number,
                    o.received_on.strftime("%m-%d"),
                    Paragraph(_esc(o.content), small),
                    Paragraph(_esc(o.department or "—"), small),
                    o.status_label,
                ]
            )
        fixed = [26, 16, 0, 30, 18]
        rest = WIDTH - sum(fixed) * mm
        story.append(_grid(data, [w * mm if w else rest for w in fixed], st.font))
    else:
        story.append(Paragraph("本期活动中未收集意见建议。", body))
    story.append(Spacer(1, 4 * mm))
    story.append(Paragraph("三、活动频次达标情况", st.ps(12, 22, firstLineIndent=24)))
    for line in rep.standing_lines:
        story.append(Paragraph(_esc(line), body))
    story += _signature(st, committee, today)
    return _save(path, story, title, st.font)


def year_summary(
    session: Session,
    actor: Actor,
    path: Path | str,
    station_id: str,
    year: int,
    *,
    today: date | None = None,
) -> Path:
    """站点年度履职情况汇总: counts by type and month, residents, opinions raised and closed."""
    actor.require(Permission.VIEW)
    today = today or date.today()
    ys = summary.year_summary(session, station_id, year, today=today)
    st = _Styles(_font(session))
    committee = _committee(session)
    title = f"{ys.station_name}{year}年度履职情况汇总"
    story = _official_head(st, committee, title)
    body = st.ps(12, 22, firstLineIndent=24)
    story.append(
        Paragraph(
            _esc(
                f"{year}年，{ys.station_name}共开展履职活动{ys.activities}次，参加代表{ys.deputies}人，"
                f"接待和联系群众{ys.residents}人次，收集意见建议{ys.opinions_raised}条，"
                f"已办结{ys.opinions_closed}条。"
            ),
            body,
        )
    )
    data: list[list[Any]] = [["活动类型", "次数"]] + [[k, str(n)] for k, n in ys.by_type]
    data.append(["合计", str(ys.activities)])
    story.append(Paragraph("一、按活动类型", st.ps(12, 22, firstLineIndent=24)))
    story.append(_grid(data, [WIDTH * 0.6, WIDTH * 0.4], st.font))
    story.append(Spacer(1, 4 * mm))
    story.append(Paragraph("二、按月份", st.ps(12, 22, firstLineIndent=24)))
    months = [[f"{m}月" for m in range(1, 13)], [str(n) for n in ys.by_month]]
    table = _grid(months, [WIDTH / 12] * 12, st.font)
    table.setStyle(TableStyle([("ALIGN", (0, 0), (-1, -1), "CENTER")]))
    story.append(table)
    story.append(Spacer(1, 4 * mm))
    story.append(Paragraph("三、活动频次达标情况", st.ps(12, 22, firstLineIndent=24)))
    for line in ys.standing_lines:
        story.append(Paragraph(_esc(line), body))
    story += _signature(st, committee, today)
    return _save(path, story, title, st.font)


# ------------------------------------------------------------------------------- rota


def month_rota(
    session: Session,
    actor: Actor,
    path: Path | str,
    year: int,
    month: int,
    *,
    station_id: str | None = None,
    today: date | None = None,
) -> Path:
    """接待日安排表 for the notice board: every reception day of the month, its station and
    the deputies on duty (days already past show whether the reception was held)."""
    actor.require(Permission.VIEW)
    entries = rota.month_rota(session, year, month, station_id=station_id, today=today)
    st = _Styles(_font(session))
    committee = _committee(session)
    title = f"{year}年{month}月人大代表接待选民日安排表"
    story: list[Flowable] = [
        Paragraph(_esc(title), st.ps(20, 30, alignment=TA_CENTER)),
        Paragraph(_esc(committee), st.ps(12, alignment=TA_CENTER)),
        Spacer(1, 6 * mm),
    ]
    if entries:
        data: list[list[Any]] = [["日期", "星期", "时段", "接待地点", "值班代表", "情况"]]
        for e in entries:
            data.append(
                [
                    f"{e.day.month}月{e.day.day}日",
                    f"星期{WEEKDAYS[e.day.weekday()]}",
                    rota.HALF_ZH.get(e.half) or "全天",
                    Paragraph(_esc(e.station_name), st.ps(10, 14)),
                    Paragraph(_esc("、".join(e.deputy_names) or "—"), st.ps(10, 14)),
                    STATUS_ZH[e.status],
                ]
            )
        fixed = [22, 16, 14, 0, 50, 16]
        rest = WIDTH - sum(fixed) * mm
        table = _grid(data, [w * mm if w else rest for w in fixed], st.font)
        table.setStyle(
            TableStyle([("FONTSIZE", (0, 0), (-1, -1), 10), ("TOPPADDING", (0, 0), (-1, -1), 6)])
        )
        story.append(table)
    else:
        story.append(Paragraph("本月没有安排接待日。", st.ps(12)))
    story.append(Spacer(1, 6 * mm))
    story.append(
        Paragraph(
            "群众可在接待日到站点当面反映意见建议；也可扫描各站点海报上的二维码保存站点联系方式。",
            st.ps(10.5, 16),
        )
    )
    return _save(path, story, title, st.font)


# ----------------------------------------------------------------------------- poster


def station_poster(session: Session, actor: Actor, path: Path | str, station_id: str) -> Path:
    """The A4 poster for the station's wall with its 履职码."""
    actor.require(Permission.VIEW)
    station = session.get(Station, station_id)
    if station is None or station.deleted_at is not None:
        summary.require_station(session, station_id)
    assert station is not None
    street = require_current(session)
    rules = rota.list_rules(session, station_id)
    reception = "；".join(r.label for r in rules) or station.reception_day
    deputies = list(
        session.scalars(
            select(Deputy.name)
            .where(
                Deputy.station_id == station_id,
                Deputy.deleted_at.is_(None),
                Deputy.status == "active",
            )
            .order_by(Deputy.name_sort)
        )
    )
    qr_text = cards.station_contact_text(
        street.code, station.id, name=station.name, address=station.address, reception_day=reception
    )
    font = _font(session)
    path = Path(path)
    page_w, page_h = A4
    with atomic_path(path) as tmp:
        c = Canvas(str(tmp), pagesize=A4)
        c.setTitle(f"{station.name} 履职码")
        c.setFillColor(RED)
        c.rect(0, page_h - 42 * mm, page_w, 42 * mm, stroke=0, fill=1)
        c.setFillColor(colors.white)
        c.setFont(font, 15)
        c.drawCentredString(page_w / 2, page_h - 16 * mm, _committee(session))
        size = 30.0
        while size > 14 and c.stringWidth(station.name, font, size) > page_w - 24 * mm:
            size -= 1
        c.setFont(font, size)
        c.drawCentredString(page_w / 2, page_h - 33 * mm, station.name)
        c.setFillColor(colors.black)
        c.setFont(font, 24)
        c.drawCentredString(page_w / 2, page_h - 62 * mm, "人大代表履职码")
        qr = 110 * mm
        draw_qr(c, qr_text, (page_w - qr) / 2, page_h - 70 * mm - qr, qr)
        y = page_h - 82 * mm - qr
        c.setFont(font, 13)
        c.drawCentredString(
            page_w / 2, y, "代表到站履职：在站点电脑扫描本码开始活动，再扫描代表码签到"
        )
        y -= 8 * mm
        c.drawCentredString(page_w / 2, y, "群众：用手机扫一扫，保存站点地址和接待日")
        y -= 14 * mm
        c.setFont(font, 14)
        lines = []
        if reception:
            lines.append(f"接待日：{reception}")
        if station.address:
            lines.append(f"地址：{station.address}")
        if deputies:
            lines.append("驻站代表：" + "、".join(deputies))
        for line in lines:
            size = 14.0
            while size > 8 and c.stringWidth(line, font, size) > page_w - 30 * mm:
                size -= 0.5
            c.setFont(font, size)
            c.drawCentredString(page_w / 2, y, line)
            y -= 9 * mm
        c.setFont(font, 9)
        c.setFillColor(colors.HexColor("#666666"))
        kind = STATION_KIND_LABELS.get(station.kind, station.kind)
        c.drawCentredString(page_w / 2, 12 * mm, f"{street.name} · {kind} · 议事通")
        c.showPage()
        c.save()
    return path
