"""Papers of the follow-up (ReportLab, A4, in the 公文 layout of the meeting papers):

* 审议意见交办单 — one matter assigned to its 承办单位: the matter, the unit, the due date on the
  working-day calendar, the requirement, the committee's seal place, and the unit's 回执 for its
  研究处理情况报告;
* 跟踪督办情况报告 — where every matter of the earlier meetings stands, for the next meeting
  (the same text the agenda item carries, with a table).
"""

from __future__ import annotations

from datetime import date

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle
from sqlalchemy.orm import Session

from desktop.errors import ConflictError
from desktop.i18n import N_
from desktop.reports.meeting_papers import (
    SealPlace,
    Styles,
    document_prefix,
    esc,
    header,
    organisation,
    render,
    styles,
)
from desktop.services.followup import core, report
from desktop.services.permissions import Actor, Permission

WIDTH = 160 * mm


def _cn(d: date | None) -> str:
    return f"{d.year}年{d.month}月{d.day}日" if d else "—"


def _rate_pct(rate: str) -> str:
    num, _, den = rate.partition("/")
    if not rate or not den or int(den) == 0:
        return "—"
    return f"{int(num) * 100 / int(den):.1f}%"


def assignment_number(session: Session, item: core.ItemRow) -> str:
    """解人工督〔2026〕3号: the committee's 代字 + 督, the year, the matter's sequence."""
    year, _, seq = item.number.removeprefix("DB").partition("-")
    return f"{document_prefix(session)}督〔{year}〕{int(seq or 0)}号"


def _form(st: Styles, rows: list[tuple[str, str]], label_width: float = 32 * mm) -> Table:
    data = [
        [Paragraph(esc(label), st.cell_center), Paragraph(esc(value), st.cell)]
        for label, value in rows
    ]
    table = Table(data, colWidths=[label_width, WIDTH - label_width])
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    return table


def _slip(st: Styles, number: str) -> Table:
    """The unit's 回执: two rows of four cells and the space for its 研究处理情况."""

    def cell(text: str, centre: bool = True) -> Paragraph:
        return Paragraph(esc(text), st.cell_center if centre else st.cell)

    label = 34 * mm
    value = WIDTH / 2 - label
    table = Table(
        [
            [cell("督办编号"), cell(number, False), cell("承办单位（盖章）"), cell("")],
            [cell("负责人"), cell(""), cell("报告日期"), cell("　　　年　　月　　日")],
            [cell("研究处理情况"), cell(""), "", ""],
        ],
        colWidths=[label, value, label, value],
        rowHeights=[None, None, 28 * mm],
    )
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("SPAN", (1, 2), (3, 2)),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    return table


def assignment_sheet_pdf(
    session: Session, actor: Actor, item_id: str, today: date | None = None
) -> bytes:
    """审议意见交办单 of one assigned matter."""
    actor.require(Permission.VIEW)
    item = core.row(session, actor, item_id, today)
    if item.assigned_on is None:
        raise ConflictError(N_("Assign the matter to a unit before printing its assignment sheet."))
    st = styles(session)
    org = organisation(session)
    story: list[Flowable] = [*header(st, org, assignment_number(session, item))]
    kind = "决议" if item.kind == "resolution" else "审议意见"
    story.append(Paragraph(esc(f"{kind}交办单"), st.title))
    story.append(Paragraph(esc(f"{item.unit}："), st.plain))
    story.append(Spacer(1, 3))
    story.append(
        Paragraph(
            esc(
                f"{item.meeting_title}形成的{kind}，现交由你单位研究处理。请认真研究办理，"
                f"并于{_cn(item.due_on)}前将研究处理情况书面报告我委。"
                + (f"（第{item.round}次交办）" if item.round > 1 else "")
            ),
            st.body,
        )
    )
    story.append(Spacer(1, 4))
    story.append(
        _form(
            st,
            [
                ("督办编号", item.number),
                (f"{kind}标题", item.title),
                *([(f"{kind}内容", item.content)] if item.content else []),
                (
                    "承办单位",
                    item.unit
                    + (f"（联系人：{item.contact_person}）" if item.contact_person else ""),
                ),
                (
                    "办理期限",
                    f"{_cn(item.assigned_on)}交办，{_cn(item.due_on)}前报告"
                    "（按工作日计算，节假日顺延）",
                ),
                ("办理要求", item.requirement or "认真研究，逐项落实，按期书面报告研究处理情况。"),
            ],
        )
    )
    story.append(Spacer(1, 4))
    story.append(
        Paragraph(
            esc(
                "逾期未报的，将列入跟踪督办情况报告，在议事代表会议上通报，"
                "并由议事代表对办理情况进行满意度测评。"
            ),
            st.body,
        )
    )
    story.append(KeepTogether([SealPlace(st.font, org, _cn(item.assigned_on or date.today()))]))
    story.append(Spacer(1, 2))
    story.append(
        Paragraph(
            "- - - - - - - - - - - - - - - - 沿此线剪开 - - - - - - - - - - - - - - - -",
            st.subtitle,
        )
    )
    story.append(Paragraph(esc("研究处理情况报告（回执）"), st.heading))
    story.append(_slip(st, item.number))
    return render(story, st, f"{item.number}交办单")


def followup_report_pdf(
    session: Session, actor: Actor, meeting_id: str, today: date | None = None
) -> bytes:
    """跟踪督办情况报告 for the meeting ``meeting_id``."""
    actor.require(Permission.VIEW)
    rep = report.followup_report(session, actor, meeting_id, today)
    st = styles(session)
    org = organisation(session)
    story: list[Flowable] = [*header(st, org)]
    story.append(Paragraph(esc(report.REPORT_TITLE), st.title))
    story.append(Paragraph(esc(f"——在{rep.meeting_title}上"), st.subtitle))
    story.append(Paragraph("各位议事代表：", st.plain))
    first, *_lines = rep.text().split("\n")
    story.append(Paragraph(esc(first), st.body))
    story.append(Paragraph(esc("现将具体情况报告如下："), st.body))
    head = ["序号", "编号", "事项", "承办单位", "办理期限", "办理情况"]
    data: list[list[object]] = [[Paragraph(h, st.cell_center) for h in head]]
    for n, r in enumerate(rep.rows, 1):
        state = r.status_label
        if r.overdue:
            state += f"\n逾期{r.overdue_days}个工作日"
        if r.status == "rated":
            state += f"\n满意率{_rate_pct(r.satisfaction_rate)}"
        elif r.review_text and r.status in ("reviewed", "rating"):
            state += f"\n审核意见：{r.review_text}"
        data.append(
            [
                Paragraph(str(n), st.cell_center),
                Paragraph(esc(r.number), st.cell_center),
                Paragraph(esc(r.title), st.cell),
                Paragraph(esc(r.unit or "未交办"), st.cell),
                Paragraph(esc(r.due_on.isoformat() if r.due_on else "—"), st.cell_center),
                Paragraph(esc(state), st.cell),
            ]
        )
    table = Table(
        data,
        colWidths=[9 * mm, 28 * mm, 42 * mm, 26 * mm, 24 * mm, 31 * mm],
        repeatRows=1,
    )
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")),
            ]
        )
    )
    story.append(table)
    story.append(Spacer(1, 4))
    if rep.overdue:
        story.append(
            Paragraph(
                esc(
                    f"对逾期未报的{rep.overdue}件，我委已发函催办，请相关承办单位抓紧研究处理，"
                    "尽快书面报告。"
                ),
                st.body,
            )
        )
    story.append(Paragraph(esc("以上报告，请予审议。"), st.body))
    story.append(KeepTogether([SealPlace(st.font, org, _cn(rep.on))]))
    return render(story, st, report.REPORT_TITLE)
