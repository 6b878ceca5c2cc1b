"""Papers of the opinions ledger (ReportLab, A4, Chinese official style):

* 转办函 (transfer letter) to the department, with a QR code referencing the record
  (``YSO|<street>|<opinion id>``: scanning it in the ledger's search box opens the record)
  and a reply slip (回执) below a cut line;
* 公开栏 (publication sheet): concluded opinions marked public, personal data masked;
* 月度台账报告 (monthly ledger report): the month's figures and its opinions.

Phone numbers and addresses appear only when the actor may see personal data (DESIGN.md §2).
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)
from sqlalchemy.orm import Session

from desktop.fileio import atomic_path
from desktop.reports.fonts import register_cjk_font
from desktop.reports.qr import QrFlowable
from desktop.reports.wrap import Paragraph
from desktop.services import opinions as svc
from desktop.services import settings as settings_service
from desktop.services import wording
from desktop.services.permissions import Actor, Permission
from desktop.services.street import current as current_street

RED = colors.HexColor("#c00000")


@dataclass(frozen=True)
class _Styles:
    font: str

    def ps(self, size: float, leading: float | None = None, **kw: Any) -> ParagraphStyle:
        return ParagraphStyle(
            f"s{size}{sorted(kw.items())}",
            fontName=self.font,
            fontSize=size,
            leading=leading or size * 1.5,
            wordWrap="CJK",
            **kw,
        )


def _styles(session: Session) -> _Styles:
    cfg = settings_service.load(session)
    return _Styles(register_cjk_font(cfg.pdf_font_path).name)


def _esc(text: str) -> str:
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\n", "<br/>")
    )


def _cn_date(d: date | None) -> str:
    return f"{d.year}年{d.month}月{d.day}日" if d else ""


def _committee(session: Session) -> tuple[str, str]:
    street = current_street(session)
    if street is None:
        return "", ""
    suffix = "人大工委" if street.kind == "street" else "人大主席团"
    return f"{street.name}{suffix}", street.code


def _save(path: Path | str, story: list[Flowable], title: str, pagesize: Any = A4) -> Path:
    path = Path(path)
    with atomic_path(path) as tmp:
        _build(tmp, story, title, pagesize)
    return path


def _build(tmp: Path, story: list[Flowable], title: str, pagesize: Any) -> None:
    doc = SimpleDocTemplate(
        str(tmp),
        pagesize=pagesize,
        leftMargin=22 * mm,
        rightMargin=20 * mm,
        topMargin=22 * mm,
        bottomMargin=18 * mm,
        title=title,
        author="议事通",
    )
    doc.build(story)


def _grid(data: list[list[Any]], widths: Sequence[float], font: str, header: bool = True) -> Table:
    table = Table(data, colWidths=list(widths), repeatRows=1 if header else 0)
    style = [
        ("FONTNAME", (0, 0), (-1, -1), font),
        ("FONTSIZE", (0, 0), (-1, -1), 9),
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    if header:
        style += [
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")),
            ("ALIGN", (0, 0), (-1, 0), "CENTER"),
        ]
    table.setStyle(TableStyle(style))
    return table


class _RedRule(Flowable):  # type: ignore[misc]
    """The red line under an official heading (红头)."""

    def __init__(self, width: float) -> None:
        super().__init__()
        self.width, self.height = width, 4

    def draw(self) -> None:
        self.canv.setStrokeColor(RED)
        self.canv.setLineWidth(1.6)
        self.canv.line(0, 2, self.width, 2)


class _CutLine(Flowable):  # type: ignore[misc]
    def __init__(self, width: float, font: str) -> None:
        super().__init__()
        self.width, self.height, self.font = width, 14, font

    def draw(self) -> None:
        c = self.canv
        c.setDash(4, 3)
        c.setLineWidth(0.6)
        c.line(0, 7, self.width, 7)
        c.setDash()
        c.setFont(self.font, 8)
        label = "（沿此线剪下）"
        w = c.stringWidth(label, self.font, 8)
        c.setFillColor(colors.white)
        c.rect((self.width - w) / 2 - 4, 2, w + 8, 10, stroke=0, fill=1)
        c.setFillColor(colors.black)
        c.drawCentredString(self.width / 2, 4, label)


# ---------------------------------------------------------------------------- 转办函


def transfer_number(number: str, year: int) -> str:
    """The letter's 文号: 「转〔2026〕01388号」 for opinion YJ2026-01388 — the year once, in
    the 〔〕 brackets (GB/T 9704), the sequence after it; another numbering is kept whole."""
    import re

    match = re.fullmatch(r"[A-Z]*(\d{4})-(\d+)", number)
    if match:
        return f"转〔{match.group(1)}〕{match.group(2)}号"
    return f"转〔{year}〕{number}号"


def transfer_letter(
    session: Session,
    actor: Actor,
    opinion_id: str,
    path: Path | str,
    *,
    issued_on: date | None = None,
) -> Path:
    """转办函 for an assigned opinion, with its QR code and a reply slip."""
    actor.require(Permission.VIEW)
    detail = svc.get(session, actor, opinion_id)
    row = detail.row
    if not row.department:
        from desktop.errors import ConflictError
        from desktop.i18n import N_

        raise ConflictError(
            N_("Opinion {number} has not been assigned to a department yet."), number=row.number
        )
    st = _styles(session)
    committee, street_code = _committee(session)
    width = A4[0] - 42 * mm
    issued = issued_on or row.assigned_on or date.today()
    story: list[Flowable] = [
        Paragraph(_esc(committee), st.ps(24, 32, alignment=TA_CENTER, textColor=RED)),
        Spacer(1, 2 * mm),
        Paragraph(_esc(transfer_number(row.number, issued.year)), st.ps(11, alignment=TA_CENTER)),
        Spacer(1, 1 * mm),
        _RedRule(width),
        Spacer(1, 6 * mm),
        Paragraph("群众意见建议转办函", st.ps(18, 26, alignment=TA_CENTER)),
        Spacer(1, 5 * mm),
        Paragraph(f"{_esc(row.department)}：", st.ps(12, 20)),
        Paragraph(
            "现将群众通过"
            f"{_esc(row.channel_label)}反映的意见建议转交你单位办理。请认真研究，于"
            f"<b>{_cn_date(row.due_on)}</b>前将办理情况书面答复我委，并告知反映人。"
            "扫描下方二维码可在议事通中查到本件。",
            st.ps(12, 22, firstLineIndent=24),
        ),
        Spacer(1, 4 * mm),
    ]
    body = st.ps(10, 15)
    resident = row.resident_name
    info = [
        ["编号", row.number, "登记日期", _cn_date(row.received_on)],
        ["反映人", resident, "联系电话", row.resident_phone],
        ["住址", Paragraph(_esc(row.resident_address), body), "所属社区", row.community_name],
        ["反映渠道", row.channel_label, "问题类别", row.category_label],
        ["问题地点", Paragraph(_esc(row.location), body), "承办联系人", row.contact_person],
        ["意见内容", Paragraph(_esc(row.content), body), "", ""],
        ["交办日期", _cn_date(row.assigned_on), "答复期限", _cn_date(row.due_on)],
    ]
    if detail.deputy_names or detail.station_name:
        info.insert(
            4,
            ["接待站点", detail.station_name, "接待代表", "、".join(detail.deputy_names)],
        )
    table = _grid(info, [24 * mm, 60 * mm, 24 * mm, width - 108 * mm], st.font, header=False)
    content_row = next(i for i, r in enumerate(info) if r[0] == "意见内容")
    table.setStyle(
        TableStyle(
            [
                ("SPAN", (1, content_row), (3, content_row)),
                ("BACKGROUND", (0, 0), (0, -1), colors.HexColor("#f3f3f3")),
                ("BACKGROUND", (2, 0), (2, content_row - 1), colors.HexColor("#f3f3f3")),
                ("BACKGROUND", (2, content_row + 1), (2, -1), colors.HexColor("#f3f3f3")),
                ("FONTSIZE", (0, 0), (-1, -1), 10),
            ]
        )
    )
    story.append(table)
    story.append(Spacer(1, 6 * mm))
    qr_size = 30 * mm
    sign = Table(
        [
            [
                QrFlowable(svc.qr_text(street_code, row.id), qr_size),
                Paragraph(
                    f"{_esc(committee)}<br/>{_cn_date(issued)}",
                    st.ps(12, 22, alignment=TA_RIGHT),
                ),
            ],
            [Paragraph("扫码查看本件", st.ps(8, alignment=TA_CENTER)), ""],
        ],
        colWidths=[qr_size + 6 * mm, width - qr_size - 6 * mm],
    )
    sign.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    story.append(sign)
    story.append(Spacer(1, 6 * mm))
    story.append(_CutLine(width, st.font))
    story.append(Spacer(1, 3 * mm))
    slip = [
        Paragraph("群众意见建议办理回执", st.ps(14, 20, alignment=TA_CENTER)),
        Spacer(1, 3 * mm),
        _grid(
            [
                ["编号", row.number, "承办单位", row.department],
                ["办理结果", "□ 已解决  □ 已解释说明  □ 不属职责范围  □ 已转其他渠道", "", ""],
                ["答复内容", "", "", ""],
                ["经办人", "", "答复日期", "      年    月    日"],
            ],
            [24 * mm, 60 * mm, 24 * mm, width - 108 * mm],
            st.font,
            header=False,
        ),
    ]
    slip_table = slip[2]
    assert isinstance(slip_table, Table)
    slip_table.setStyle(
        TableStyle(
            [
                ("SPAN", (1, 1), (3, 1)),
                ("SPAN", (1, 2), (3, 2)),
                ("FONTSIZE", (0, 0), (-1, -1), 10),
                ("BOTTOMPADDING", (0, 2), (-1, 2), 40),
            ]
        )
    )
    story.append(KeepTogether(slip))
    return _save(path, story, f"转办函 {row.number}")


def urge_letter(
    session: Session,
    actor: Actor,
    opinion_id: str,
    path: Path | str,
    *,
    issued_on: date | None = None,
) -> Path:
    """催办函 for an overdue opinion: the same red head as the 转办函, its number 催〔年〕序号,
    the original assignment and deadline, how many days overdue, the n-th urging, a new
    deadline of five days (calendar), and the opinion in brief."""
    from datetime import timedelta

    from desktop.errors import ConflictError
    from desktop.i18n import N_

    actor.require(Permission.VIEW)
    detail = svc.get(session, actor, opinion_id)
    row = detail.row
    issued = issued_on or date.today()
    if row.status != "assigned" or row.due_on is None or row.due_on >= issued:
        raise ConflictError(
            N_("Opinion {number} is not overdue; a 催办函 is for overdue opinions."),
            number=row.number,
        )
    times = max(svc.urge_count(session, opinion_id), 1)
    st = _styles(session)
    committee, street_code = _committee(session)
    width = A4[0] - 42 * mm
    late = (issued - row.due_on).days
    new_due = issued + timedelta(days=5)
    number = transfer_number(row.number, issued.year).replace("转", "催", 1)
    story: list[Flowable] = [
        Paragraph(_esc(committee), st.ps(24, 32, alignment=TA_CENTER, textColor=RED)),
        Spacer(1, 2 * mm),
        Paragraph(_esc(number), st.ps(11, alignment=TA_CENTER)),
        Spacer(1, 1 * mm),
        _RedRule(width),
        Spacer(1, 6 * mm),
        Paragraph("群众意见建议催办函", st.ps(18, 26, alignment=TA_CENTER)),
        Spacer(1, 5 * mm),
        Paragraph(f"{_esc(row.department)}：", st.ps(12, 20)),
        Paragraph(
            f"我委于{_cn_date(row.assigned_on)}以{_esc(transfer_number(row.number, (row.assigned_on or issued).year))}"
            f"转办函将下列群众意见建议交你单位办理，要求于{_cn_date(row.due_on)}前答复。"
            f"截至{_cn_date(issued)}，已超过办理期限{late}天，尚未收到答复。"
            f"现第{times}次催办，请抓紧办理，于<b>{_cn_date(new_due)}</b>前将办理情况书面答复我委，"
            "并告知反映人；确有困难的，请书面说明原因和办理计划。",
            st.ps(12, 22, firstLineIndent=24),
        ),
        Spacer(1, 4 * mm),
    ]
    body = st.ps(10, 15)
    info = [
        ["编号", row.number, "登记日期", _cn_date(row.received_on)],
        ["问题类别", row.category_label, "所属社区", row.community_name],
        ["意见内容", Paragraph(_esc(row.content), body), "", ""],
        ["交办日期", _cn_date(row.assigned_on), "原答复期限", _cn_date(row.due_on)],
        ["承办联系人", row.contact_person, "超期天数", f"{late}天"],
    ]
    table = _grid(info, [24 * mm, 60 * mm, 24 * mm, width - 108 * mm], st.font, header=False)
    table.setStyle(
        TableStyle(
            [
                ("SPAN", (1, 2), (3, 2)),
                ("BACKGROUND", (0, 0), (0, -1), colors.HexColor("#f3f3f3")),
                ("BACKGROUND", (2, 0), (2, 1), colors.HexColor("#f3f3f3")),
                ("BACKGROUND", (2, 3), (2, -1), colors.HexColor("#f3f3f3")),
                ("FONTSIZE", (0, 0), (-1, -1), 10),
            ]
        )
    )
    story.append(table)
    story.append(Spacer(1, 8 * mm))
    qr_size = 26 * mm
    sign = Table(
        [
            [
                QrFlowable(svc.qr_text(street_code, row.id), qr_size),
                Paragraph(
                    f"{_esc(committee)}<br/>{_cn_date(issued)}",
                    st.ps(12, 22, alignment=TA_RIGHT),
                ),
            ],
        ],
        colWidths=[qr_size + 6 * mm, width - qr_size - 6 * mm],
    )
    sign.setStyle(
        TableStyle([("VALIGN", (0, 0), (-1, -1), "BOTTOM"), ("LEFTPADDING", (0, 0), (-1, -1), 0)])
    )
    story.append(sign)
    return _save(path, story, f"催办函 {row.number}")


# ---------------------------------------------------------------------------- 公开栏


def publication_sheet(
    session: Session, actor: Actor, path: Path | str, start: date, end: date
) -> tuple[Path, int]:
    """公开栏: concluded opinions marked public, received in [start, end]; names shown as
    张**, no phone numbers or addresses whatever the actor's role."""
    actor.require(Permission.VIEW)
    st = _styles(session)
    committee, _code = _committee(session)
    flt = svc.OpinionFilter(public_only=True, received_from=start, received_to=end)
    rows = [
        r
        for r in svc.LedgerPager(session_db(session), actor, flt).iter_all(("received_on", False))
        if r.status in ("closed", "followed_up")
    ]
    body = st.ps(9, 13)
    width = landscape(A4)[0] - 42 * mm
    data: list[list[Any]] = [
        [
            "序号",
            "编号",
            "反映日期",
            "社区",
            "类别",
            "反映人",
            "意见内容",
            "承办单位",
            "办理结果",
            "满意度",
        ]
    ]
    for i, r in enumerate(rows, start=1):
        result = r.close_reason_label
        if r.reply:
            result = f"{result}：{r.reply}"
        data.append(
            [
                str(i),
                r.number,
                r.received_on.strftime("%Y-%m-%d"),
                r.community_name,
                Paragraph(_esc(r.category_label), body),
                "匿名" if r.anonymous else svc.mask_name(r.resident_name),
                Paragraph(_esc(r.content), body),
                Paragraph(_esc(r.department), body),
                Paragraph(_esc(result), body),
                r.satisfaction_label,
            ]
        )
    fixed = [10, 24, 20, 22, 22, 14, 0, 26, 0, 16]
    rest = (width - sum(fixed) * mm) / 2
    widths = [w * mm if w else rest for w in fixed]
    story: list[Flowable] = [
        Paragraph("群众意见建议办理情况公开栏", st.ps(20, 28, alignment=TA_CENTER)),
        Spacer(1, 2 * mm),
        Paragraph(
            f"{_esc(committee)}　　{_cn_date(start)}至{_cn_date(end)}　　共{len(rows)}件",
            st.ps(11, alignment=TA_CENTER),
        ),
        Spacer(1, 5 * mm),
    ]
    if rows:
        story.append(_grid(data, widths, st.font))
    else:
        story.append(Paragraph("本期无公开事项。", st.ps(12)))
    story.append(Spacer(1, 5 * mm))
    story.append(
        Paragraph(
            "说明：为保护个人信息，反映人姓名仅显示姓氏，联系方式与住址不予公开。"
            "对办理结果有意见的，可在接待选民日向驻站代表反映。",
            st.ps(9),
        )
    )
    return _save(path, story, "群众意见建议公开栏", landscape(A4)), len(rows)


# ---------------------------------------------------------------------------- 月度报告


def monthly_report(
    session: Session,
    actor: Actor,
    path: Path | str,
    year: int,
    month: int,
    today: date | None = None,
) -> Path:
    """The month's figures and every opinion received in it (personal data per role)."""
    actor.require(Permission.VIEW)
    st = _styles(session)
    committee, _code = _committee(session)
    start = date(year, month, 1)
    end = date(year, month, calendar.monthrange(year, month)[1])
    stats = svc.statistics(session, actor, start, end, today=today)
    width = landscape(A4)[0] - 42 * mm

    def pct(v: float | None) -> str:
        return "—" if v is None else wording.rate_percent(Fraction(v))

    summary = [
        ["受理总数", "已答复", "平均答复天数", "按期答复率", "已回访", "满意率（含基本满意）"],
        [
            str(stats.total),
            str(stats.answered),
            "—" if stats.average_days_to_answer is None else f"{stats.average_days_to_answer:.1f}",
            pct(stats.on_time_rate),
            str(stats.followed_up),
            pct(stats.satisfaction_rate),
        ],
    ]
    story: list[Flowable] = [
        Paragraph(
            f"群众意见建议台账月度报告（{year}年{month}月）", st.ps(18, 26, alignment=TA_CENTER)
        ),
        Spacer(1, 2 * mm),
        Paragraph(_esc(committee), st.ps(11, alignment=TA_CENTER)),
        Spacer(1, 5 * mm),
        _grid(summary, [width / 6] * 6, st.font),
        Spacer(1, 4 * mm),
    ]
    groups = [
        ("按类别", stats.by_category),
        ("按社区", stats.by_community),
        ("按渠道", stats.by_channel),
        ("按状态", stats.by_status),
    ]
    cells = []
    for title, counts in groups:
        text = "；".join(f"{c.label} {c.count}" for c in counts if c.count) or "无"
        cells.append([title, Paragraph(_esc(text), st.ps(9, 13))])
    story.append(_grid(cells, [24 * mm, width - 24 * mm], st.font, header=False))
    story.append(Spacer(1, 5 * mm))
    story.append(Paragraph("本月受理明细", st.ps(13, 20)))
    body = st.ps(8, 11)
    data: list[list[Any]] = [
        ["编号", "日期", "社区", "类别", "反映人", "电话", "意见内容", "承办单位", "期限", "状态"]
    ]
    flt = svc.OpinionFilter(received_from=start, received_to=end)
    pager = svc.LedgerPager(session_db(session), actor, flt, today=today)
    for r in pager.iter_all(("received_on", False)):
        data.append(
            [
                r.number,
                r.received_on.strftime("%m-%d"),
                r.community_name,
                Paragraph(_esc(r.category_label), body),
                r.resident_name,
                r.resident_phone,
                Paragraph(_esc(r.content), body),
                Paragraph(_esc(r.department), body),
                r.due_on.strftime("%m-%d") if r.due_on else "",
                r.status_label + (f"（超期{r.days_overdue}天）" if r.days_overdue else ""),
            ]
        )
    fixed = [24, 12, 20, 24, 14, 24, 0, 28, 12, 26]
    rest = width - sum(fixed) * mm
    widths = [w * mm if w else rest for w in fixed]
    table = _grid(data, widths, st.font)
    table.setStyle(TableStyle([("FONTSIZE", (0, 0), (-1, -1), 8)]))
    story.append(table)
    return _save(path, story, f"群众意见建议台账 {year}-{month:02d}", landscape(A4))


class _SessionDb:
    """Adapter so LedgerPager can read through an already-open session."""

    def __init__(self, session: Session) -> None:
        self._session = session
        self.engine = session.get_bind()

    def session(self) -> Any:
        from contextlib import nullcontext

        return nullcontext(self._session)


def session_db(session: Session) -> Any:
    return _SessionDb(session)
