"""Every paper a meeting clerk prints (A4, Chinese official style, embedded CJK font):
meeting notice (会议通知), sign-in sheet (签到表, grouped by community, with a signature
column), agenda (议程) and minutes (会议记录, with the signature block 主持人 / 记录人).

Each function takes a session, the actor and a meeting id, reads through the services and
returns the PDF bytes.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    HRFlowable,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)
from sqlalchemy.orm import Session

from desktop.reports.fonts import official_font, register_cjk_font
from desktop.reports.tally_report import anchor_text
from desktop.services import audit_anchors
from desktop.services import meetings as meeting_service
from desktop.services import settings as settings_service
from desktop.services import street as street_service
from desktop.services.meetings import AttendanceRow, MeetingInfo
from desktop.services.meetings import agenda as agenda_service
from desktop.services.meetings import minutes as minutes_service
from desktop.services.permissions import Actor

RED = colors.HexColor("#c00000")
GREY = colors.HexColor("#efefef")
WEEKDAYS = "一二三四五六日"
CN_DIGITS = "零一二三四五六七八九"
QUORUM_TEXT = {"more_than_half": "过半数", "two_thirds": "三分之二以上"}
KIND_TEXT = {"report": "专项工作报告", "vote": "表决", "deliberation": "协商", "other": "其他"}
RESULT_TEXT = {"pending": "待定", "adopted": "通过", "rejected": "未通过"}


# ------------------------------------------------------------------ shared helpers


def cn_number(n: int) -> str:
    """1 → 一, 10 → 十, 21 → 二十一, 105 → 一百零五 (for 第N次 and 一、二、 headings)."""
    if n < 0:
        raise ValueError("negative")
    if n < 10:
        return CN_DIGITS[n]
    if n < 20:
        return "十" + (CN_DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        return CN_DIGITS[n // 10] + "十" + (CN_DIGITS[n % 10] if n % 10 else "")
    if n < 1000:
        rest = n % 100
        head = CN_DIGITS[n // 100] + "百"
        if rest == 0:
            return head
        if rest < 10:
            return head + "零" + CN_DIGITS[rest]
        return head + (CN_DIGITS[rest // 10] + "十" + (CN_DIGITS[rest % 10] if rest % 10 else ""))
    return str(n)


def cn_date(dt: datetime) -> str:
    local = dt.astimezone()
    return f"{local.year}年{local.month}月{local.day}日"


def cn_datetime(dt: datetime) -> str:
    local = dt.astimezone()
    noon = "上午" if local.hour < 12 else ("中午" if local.hour == 12 else "下午")
    hour = local.hour if local.hour <= 12 else local.hour - 12
    return f"{cn_date(local)}（星期{WEEKDAYS[local.weekday()]}）{noon}{hour}:{local.minute:02d}"


def hm(dt: datetime | None) -> str:
    return dt.astimezone().strftime("%H:%M") if dt else ""


def esc(text: str) -> str:
    return escape(text).replace("\n", "<br/>")


@dataclass(frozen=True)
class Styles:
    font: str
    red_head: ParagraphStyle
    title: ParagraphStyle
    subtitle: ParagraphStyle
    heading: ParagraphStyle
    body: ParagraphStyle
    plain: ParagraphStyle
    cell: ParagraphStyle
    cell_center: ParagraphStyle
    right: ParagraphStyle


def styles(session: Session) -> Styles:
    """Official style (GB/T 9704): titles in 小标宋, text in 仿宋 where those fonts are
    installed, else the general CJK font."""
    user_font = settings_service.load(session).pdf_font_path
    register_cjk_font(user_font)
    font = official_font("body", user_font)
    title_font = official_font("title", user_font)

    def style(name: str, size: float, leading: float, **kw: object) -> ParagraphStyle:
        kw.setdefault("fontName", font)
        return ParagraphStyle(name, fontSize=size, leading=leading, wordWrap="CJK", **kw)

    return Styles(
        font=font,
        red_head=style(
            "red_head",
            26,
            34,
            alignment=TA_CENTER,
            textColor=RED,
            spaceAfter=4,
            fontName=title_font,
        ),
        title=style(
            "title", 18, 28, alignment=TA_CENTER, spaceBefore=6, spaceAfter=10, fontName=title_font
        ),
        subtitle=style("subtitle", 11, 17, alignment=TA_CENTER, spaceAfter=8),
        heading=style("heading", 13, 22, spaceBefore=8, spaceAfter=3),
        body=style("body", 12, 21, alignment=TA_JUSTIFY, firstLineIndent=24),
        plain=style("plain", 12, 20, alignment=TA_LEFT),
        cell=style("cell", 11, 15),
        cell_center=style("cell_center", 11, 15, alignment=TA_CENTER),
        right=style("right", 12, 21, alignment=TA_RIGHT),
    )


def _page_number(font: str) -> object:
    def draw(canvas: Canvas, doc: SimpleDocTemplate) -> None:
        canvas.saveState()
        canvas.setFont(font, 10)
        canvas.drawCentredString(A4[0] / 2, 14 * mm, f"— {doc.page} —")
        canvas.restoreState()

    return draw


def render(story: Sequence[Flowable], st: Styles, title: str) -> bytes:
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=26 * mm,
        rightMargin=24 * mm,
        topMargin=25 * mm,
        bottomMargin=24 * mm,
        title=title,
        author="议事通",
        creator="Yishi",
    )
    footer = _page_number(st.font)
    doc.build(list(story), onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()


def _header(st: Styles, organisation: str, number: str = "") -> list[Flowable]:
    """The red head (版头): the organisation, the 文号 under it when given, the red rule."""
    out: list[Flowable] = [Paragraph(esc(organisation), st.red_head)]
    if number:
        out.append(Paragraph(esc(number), st.subtitle))
    out.append(HRFlowable(width="100%", thickness=1.6, color=RED, spaceBefore=2, spaceAfter=10))
    return out


def document_prefix(session: Session) -> str:
    """The 机关代字 of a 文号: the setting, else the street's first character + 人工
    (a township's 主席团: + 人主)."""
    chosen = settings_service.load(session).document_prefix.strip()
    if chosen:
        return chosen
    info = street_service.current(session)
    if info is None or not info.name:
        return "人工"
    return info.name[0] + ("人工" if info.kind == "street" else "人主")


def document_number(session: Session, year: int, number: int) -> str:
    """解人工〔2026〕3号 (GB/T 9704: the year in 〔〕, no leading zeros)."""
    return f"{document_prefix(session)}〔{year}〕{number}号"


class SealPlace(Flowable):  # type: ignore[misc]
    """The issuing organisation and the date, right-aligned, with a dashed circle where the
    seal goes (GB/T 9704: the seal sits over the organisation and the date)."""

    def __init__(self, font: str, organisation: str, dated: str) -> None:
        super().__init__()
        self.font, self.organisation, self.dated = font, organisation, dated
        self.height = 44 * mm

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        return avail_width, self.height

    def draw(self) -> None:
        c = self.canv
        right = self.width - 8 * mm
        c.setFont(self.font, 12)
        org_width = c.stringWidth(self.organisation, self.font, 12)
        date_width = c.stringWidth(self.dated, self.font, 12)
        centre_x = right - max(org_width, date_width) / 2
        c.drawRightString(
            right - (max(org_width, date_width) - org_width) / 2, 24 * mm, self.organisation
        )
        c.drawRightString(
            right - (max(org_width, date_width) - date_width) / 2, 16 * mm, self.dated
        )
        c.saveState()
        c.setStrokeColor(colors.HexColor("#d8a0a0"))
        c.setDash(3, 3)
        c.circle(centre_x, 21 * mm, 20 * mm)
        c.setFillColor(colors.HexColor("#c8a0a0"))
        c.setFont(self.font, 8)
        c.drawCentredString(centre_x, 4 * mm, "（盖章处）")
        c.restoreState()


def _reply_slip(st: Styles, m: MeetingInfo, organisation: str) -> list[Flowable]:
    """The attendance 回执 under a cut line: name, community, attending or on leave (with
    the reason), phone; returned two days before the meeting."""
    from datetime import timedelta

    by = cn_date(m.starts_at - timedelta(days=2))
    cut = Paragraph(
        "- - - - - - - - - - - - - - - - （请沿此线剪下） - - - - - - - - - - - - - - - -",
        st.subtitle,
    )
    rows = [
        ["姓　　名", "", "所在社区", ""],
        ["是否出席", Paragraph("□ 出席　　　□ 请假", st.cell), "", ""],
        ["请假事由", "", "", ""],
        ["联系电话", "", "填写日期", ""],
    ]
    data = [
        [c if isinstance(c, Flowable) else Paragraph(esc(c), st.cell_center) for c in row]
        for row in rows
    ]
    table = Table(data, colWidths=[28 * mm, 52 * mm, 28 * mm, 52 * mm], rowHeights=[11 * mm] * 4)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
                ("SPAN", (1, 1), (3, 1)),
                ("SPAN", (1, 2), (3, 2)),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ]
        )
    )
    return [
        Spacer(1, 10),
        cut,
        Paragraph(esc(f"{m.title}参会回执"), st.heading),
        table,
        Spacer(1, 4),
        Paragraph(esc(f"请于{by}前将回执交回{organisation}。"), st.plain),
    ]


def _organisation(session: Session) -> str:
    info = street_service.current(session)
    name = info.name if info else ""
    return (
        f"{name}人大工作委员会"
        if info is None or info.kind == "street"
        else f"{name}人民代表大会主席团"
    )


organisation = _organisation
header = _header


def _street_name(session: Session) -> str:
    info = street_service.current(session)
    return info.name if info else ""


def _agenda_lines(items: Iterable[agenda_service.AgendaItemRow]) -> list[str]:
    lines = []
    for n, item in enumerate(items, start=1):
        extra = []
        if item.reporter:
            extra.append(f"报告人：{item.reporter}")
        if item.department:
            extra.append(item.department)
        suffix = f"（{'，'.join(extra)}）" if extra else ""
        lines.append(f"{cn_number(n)}、{item.title}{suffix}")
    return lines


def _count_table(st: Styles, q: meeting_service.QuorumStatus, filled: bool) -> Table:
    def val(n: int) -> str:
        return f"{n}" if filled else "　　"

    text = (
        f"应到 {q.members_total} 人　　实到 {val(q.present)} 人　　请假 {val(q.on_leave)} 人"
        f"　　缺席 {val(q.absent)} 人"
    )
    if filled and q.not_arrived:
        text += f"　　未到 {q.not_arrived} 人"
    t = Table([[Paragraph(text, st.plain)]], colWidths=["100%"])
    t.setStyle(TableStyle([("TOPPADDING", (0, 0), (-1, -1), 8)]))
    return t


# ------------------------------------------------------------------ the four papers


def notice_pdf(session: Session, actor: Actor, meeting_id: str) -> bytes:
    st = styles(session)
    m = meeting_service.get_meeting(session, actor, meeting_id)
    items = agenda_service.list_items(session, actor, meeting_id)
    org = _organisation(session)
    number = document_number(session, m.starts_at.astimezone().year, m.number)
    story: list[Flowable] = [*_header(st, org, number)]
    story.append(Paragraph(esc(f"关于召开{m.title}的通知"), st.title))
    story.append(Paragraph("各位议事代表、辖区人大代表：", st.plain))
    story.append(Spacer(1, 4))
    if m.notice_text.strip():
        for para in m.notice_text.strip().split("\n"):
            if para.strip():
                story.append(Paragraph(esc(para.strip()), st.body))
    else:
        story.append(
            Paragraph(
                esc(
                    f"经研究，定于{cn_datetime(m.starts_at)}在{m.venue or '（地点另行通知）'}召开{m.title}。现将有关事项通知如下："
                ),
                st.body,
            )
        )
    story.append(Paragraph("一、会议时间", st.heading))
    story.append(Paragraph(esc(cn_datetime(m.starts_at)), st.body))
    story.append(Paragraph("二、会议地点", st.heading))
    story.append(Paragraph(esc(m.venue or "另行通知"), st.body))
    story.append(Paragraph("三、会议议程", st.heading))
    for line in _agenda_lines(items) or ["（议程另行通知）"]:
        story.append(Paragraph(esc(line), st.body))
    story.append(Paragraph("四、参会人员", st.heading))
    story.append(Paragraph("全体街道议事代表；辖区各级人大代表固定出席。", st.body))
    story.append(Paragraph("五、有关要求", st.heading))
    story.append(
        Paragraph(
            "请各位代表提前十五分钟到场，凭代表证扫码签到。因故不能出席的，请于会前向街道人大工委请假并说明理由。",
            st.body,
        )
    )
    story.append(Spacer(1, 6))
    story.append(KeepTogether([SealPlace(st.font, org, _notice_date(m))]))
    story.append(KeepTogether(_reply_slip(st, m, org)))
    return render(story, st, f"{m.title}通知")


def _notice_date(m: MeetingInfo) -> str:
    # The notice is dated when it is printed for a planned meeting, else a week before it.
    from datetime import timedelta

    from desktop.models.base import utcnow

    when = utcnow() if m.status == "planned" else m.starts_at - timedelta(days=7)
    return cn_date(min(when, m.starts_at))


def _group(rows: Sequence[AttendanceRow]) -> list[tuple[str, list[AttendanceRow]]]:
    groups: list[tuple[str, list[AttendanceRow]]] = []
    for row in rows:
        label = row.community_name or "其他"
        if not groups or groups[-1][0] != label:
            groups.append((label, []))
        groups[-1][1].append(row)
    return groups


def signin_sheet_pdf(session: Session, actor: Actor, meeting_id: str) -> bytes:
    st = styles(session)
    m = meeting_service.get_meeting(session, actor, meeting_id)
    roll = meeting_service.expected_roster(session, actor, meeting_id)
    q = meeting_service.quorum_status(session, meeting_id)
    voting = [r for r in roll if r.voting]
    deputies = [r for r in roll if not r.voting]
    story: list[Flowable] = [Paragraph(esc(f"{m.title}签到表"), st.title)]
    story.append(
        Paragraph(esc(f"时间：{cn_datetime(m.starts_at)}　　地点：{m.venue}"), st.subtitle)
    )
    widths = [14 * mm, 30 * mm, 62 * mm, 20 * mm, 34 * mm]
    header = [
        Paragraph(t, st.cell_center) for t in ("序号", "姓名", "本人签名", "签到时间", "备注")
    ]

    def table_for(rows: list[AttendanceRow], heading: str) -> Table:
        data: list[list[object]] = [[Paragraph(esc(heading), st.cell), "", "", "", ""], header]
        commands: list[tuple[object, ...]] = [
            ("SPAN", (0, 0), (-1, 0)),
            ("BACKGROUND", (0, 0), (-1, 0), GREY),
            ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("FONTNAME", (0, 0), (-1, -1), st.font),
        ]
        number = 0
        for label, members in _group(rows):
            data.append([Paragraph(esc(f"{label}（{len(members)}人）"), st.cell), "", "", "", ""])
            r = len(data) - 1
            commands += [("SPAN", (0, r), (-1, r)), ("BACKGROUND", (0, r), (-1, r), GREY)]
            for person in members:
                number += 1
                note = {"on_leave": f"请假：{person.leave_reason}", "absent": "缺席"}.get(
                    person.status, ""
                )
                data.append(
                    [
                        Paragraph(str(number), st.cell_center),
                        Paragraph(esc(person.name), st.cell_center),
                        "",
                        Paragraph(
                            hm(person.signed_at) if person.status == "present" else "",
                            st.cell_center,
                        ),
                        Paragraph(esc(note), st.cell),
                    ]
                )
        heights: list[float | None] = [None] * len(data)
        for i, row in enumerate(data):
            if row[1] != "" and i > 1:
                heights[i] = 26  # room for a handwritten signature
        table = Table(data, colWidths=widths, rowHeights=heights, repeatRows=2)
        table.setStyle(TableStyle(commands))
        return table

    story.append(table_for(voting, f"议事代表（应到 {len(voting)} 人）"))
    if deputies:
        story.append(Spacer(1, 10))
        story.append(table_for(deputies, f"列席的辖区人大代表（{len(deputies)} 人，不参加表决）"))
    # Printed after sign-in has begun, the figures are known: fill them in.
    signed = q.present + q.on_leave + q.absent > 0
    story.append(
        _count_table(st, q, filled=m.status == "closed" or (m.status != "planned" and signed))
    )
    story.append(Paragraph("工作人员（签字）：＿＿＿＿＿＿＿＿", st.right))
    return render(story, st, f"{m.title}签到表")


def agenda_pdf(session: Session, actor: Actor, meeting_id: str) -> bytes:
    st = styles(session)
    m = meeting_service.get_meeting(session, actor, meeting_id)
    items = agenda_service.list_items(session, actor, meeting_id)
    story: list[Flowable] = [Paragraph(esc(f"{m.title}议程"), st.title)]
    story.append(Paragraph(esc(f"（{cn_datetime(m.starts_at)}　{m.venue}）"), st.subtitle))
    if m.presiding:
        story.append(Paragraph(esc(f"主持人：{m.presiding}"), st.subtitle))
    story.append(Spacer(1, 8))
    for line in _agenda_lines(items) or ["（尚未确定议程）"]:
        story.append(Paragraph(esc(line), st.body))
    return render(story, st, f"{m.title}议程")


def _names(rows: Iterable[AttendanceRow], with_reason: bool = False) -> str:
    parts = []
    for r in rows:
        parts.append(f"{r.name}（{r.leave_reason}）" if with_reason and r.leave_reason else r.name)
    return "、".join(parts) if parts else "无"


def minutes_pdf(session: Session, actor: Actor, meeting_id: str) -> bytes:
    st = styles(session)
    doc = minutes_service.build_minutes(session, actor, meeting_id)
    m, q = doc.meeting, doc.quorum
    heading = f"{m.title}记录" if m.title.endswith("会议") else f"{m.title}会议记录"
    story: list[Flowable] = [Paragraph(esc(heading), st.title)]
    rule = QUORUM_TEXT.get(q.rule, q.rule)
    attendance = (
        f"应到 {q.members_total} 人，实到 {q.present} 人，请假 {q.on_leave} 人，缺席 {q.absent} 人"
        + (f"，未到 {q.not_arrived} 人" if q.not_arrived else "")
        + "。"
        + (
            f"出席人数达到全体代表{rule}（{q.needed} 人），符合开会要求。"
            if q.quorate
            else f"出席人数未达到全体代表{rule}（{q.needed} 人）。"
        )
    )
    facts = [
        ("时　　间", cn_datetime(m.starts_at)),
        ("地　　点", m.venue),
        ("召 集 人", m.convener),
        ("主 持 人", m.presiding),
        ("记 录 人", m.minute_taker),
        ("出席情况", attendance),
        ("请假人员", _names(doc.on_leave, with_reason=True)),
        ("缺席人员", _names([r for r in doc.absent if r.status == "absent"])),
        *(
            [("未到人员", _names([r for r in doc.absent if r.status == "expected"]))]
            if q.not_arrived
            else []
        ),
        (
            "列席人员",
            _names(doc.deputies_present) + ("（辖区人大代表）" if doc.deputies_present else ""),
        ),
    ]
    table = Table(
        [[Paragraph(k, st.cell_center), Paragraph(esc(v or "　"), st.cell)] for k, v in facts],
        colWidths=[26 * mm, 134 * mm],
    )
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("BACKGROUND", (0, 0), (0, -1), GREY),
                ("TOPPADDING", (0, 0), (-1, -1), 5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
            ]
        )
    )
    story.append(table)
    story.append(Paragraph("会议议程", st.heading))
    for line in _agenda_lines(i.item for i in doc.items) or ["无"]:
        story.append(Paragraph(esc(line), st.plain))
    story.append(Paragraph("会议内容", st.heading))
    for n, entry in enumerate(doc.items, start=1):
        item = entry.item
        block: list[Flowable] = [Paragraph(esc(f"{cn_number(n)}、{item.title}"), st.heading)]
        meta = [f"类别：{KIND_TEXT.get(item.kind, item.kind)}"]
        if item.department:
            meta.append(f"报告单位：{item.department}")
        if item.reporter:
            meta.append(f"报告人：{item.reporter}")
        block.append(Paragraph(esc("　".join(meta)), st.plain))
        if item.summary.strip():
            block.append(Paragraph(esc(f"内容摘要：{item.summary.strip()}"), st.body))
        for para in item.minutes_text.strip().split("\n"):
            if para.strip():
                block.append(Paragraph(esc(para.strip()), st.body))
        story.append(KeepTogether(block[:3]))
        story.extend(block[3:])
        for section in entry.votes:
            story.extend(_vote_section(st, section))
        for res in entry.resolutions:
            story.append(
                Paragraph(
                    esc(f"决议：{res.title}（{RESULT_TEXT.get(res.result, res.result)}）"), st.body
                )
            )
    for section in doc.other_votes:
        story.extend(_vote_section(st, section))
    resolutions = [r for i in doc.items for r in i.resolutions] + list(doc.other_resolutions)
    if resolutions:
        story.append(Paragraph("会议决议", st.heading))
        for n, res in enumerate(resolutions, start=1):
            line = f"{n}. {res.title}：{RESULT_TEXT.get(res.result, res.result)}"
            if res.votes_summary:
                line += f"（{res.votes_summary}）"
            story.append(Paragraph(esc(line), st.plain))
            if res.text.strip():
                story.append(Paragraph(esc(res.text.strip()), st.body))
    if m.minutes_text.strip():
        story.append(Paragraph("其他事项", st.heading))
        for para in m.minutes_text.strip().split("\n"):
            if para.strip():
                story.append(Paragraph(esc(para.strip()), st.body))
    story.append(CondPageBreak(40 * mm))
    story.append(Spacer(1, 24))
    sign = Table(
        [
            [
                Paragraph(esc(f"主持人（签字）：＿＿＿＿＿＿　{m.presiding}"), st.plain),
                Paragraph(esc(f"记录人（签字）：＿＿＿＿＿＿　{m.minute_taker}"), st.plain),
            ],
            [
                Paragraph("", st.plain),
                # The organisation and the date on lines of their own: side by side in an
                # 80 mm column the date broke in two (2026年12月 / 6日).
                Paragraph(
                    esc(f"{_street_name(session)}人大工作委员会")
                    + "<br/>"
                    + esc(cn_date(m.starts_at)),
                    st.plain,
                ),
            ],
        ],
        colWidths=[80 * mm, 80 * mm],
    )
    sign.setStyle(TableStyle([("TOPPADDING", (0, 0), (-1, -1), 8)]))
    story.append(sign)
    story.append(Spacer(1, 10))
    anchor = anchor_text(audit_anchors.head(session).printed())
    story.append(
        Paragraph(esc(anchor), ParagraphStyle("anchor", parent=st.plain, fontSize=8, leading=11))
    )
    return render(story, st, f"{m.title}会议记录")


def _vote_section(st: Styles, section: object) -> list[Flowable]:
    from desktop.services.meetings.minutes_hooks import VoteResultSection

    assert isinstance(section, VoteResultSection)
    title = section.title + ("" if section.certified else "（结果未经确认）")
    out: list[Flowable] = [Paragraph(esc(f"表决结果：{title}"), st.plain)]
    out += [Paragraph(esc(line), st.body) for line in section.lines]
    return out


def absence_list_pdf(session: Session, actor: Actor, meeting_id: str) -> bytes:
    """缺席/请假名单: who was absent or on leave (and, while the meeting is in session, who
    has not arrived yet), by community, with the reason for leave and a phone to call."""
    from desktop.services.meetings import attendance_lists

    st = styles(session)
    m = meeting_service.get_meeting(session, actor, meeting_id)
    q = meeting_service.quorum_status(session, meeting_id)
    story: list[Flowable] = [Paragraph(esc(f"{m.title}缺席、请假人员名单"), st.title)]
    story.append(
        Paragraph(esc(f"时间：{cn_datetime(m.starts_at)}　　地点：{m.venue}"), st.subtitle)
    )
    sections = [("on_leave", "请假人员"), ("absent", "缺席人员")]
    if m.status == "in_session":
        sections.append(("not_arrived", "尚未签到人员"))
    widths = [14 * mm, 28 * mm, 40 * mm, 34 * mm, 44 * mm]
    for key, heading in sections:
        people = attendance_lists.people(session, actor, meeting_id, key)
        voters = sum(1 for p in people if p.voting)
        others = f"，另列席代表{len(people) - voters}人" if len(people) > voters else ""
        story.append(Paragraph(esc(f"{heading}（{voters}人{others}）"), st.heading))
        if not people:
            story.append(Paragraph("无", st.body))
            continue
        data: list[list[object]] = [
            [Paragraph(t, st.cell_center) for t in ("序号", "姓名", "所在社区", "联系电话", "备注")]
        ]
        for n, person in enumerate(people, start=1):
            note = person.leave_reason if key == "on_leave" else ""
            if not person.voting:
                note = "列席（不参加表决）" + (f"；{note}" if note else "")
            data.append(
                [
                    Paragraph(str(n), st.cell_center),
                    Paragraph(esc(person.name), st.cell_center),
                    Paragraph(esc(person.community_name), st.cell),
                    Paragraph(esc(person.phone), st.cell_center),
                    Paragraph(esc(note), st.cell),
                ]
            )
        table = Table(data, colWidths=widths, repeatRows=1)
        table.setStyle(
            TableStyle(
                [
                    ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
                    ("BACKGROUND", (0, 0), (-1, 0), GREY),
                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ]
            )
        )
        story.append(table)
    story.append(_count_table(st, q, filled=m.status != "planned"))
    return render(story, st, f"{m.title}缺席请假名单")


PAPERS = {
    "notice": notice_pdf,
    "signin": signin_sheet_pdf,
    "absence": absence_list_pdf,
    "agenda": agenda_pdf,
    "minutes": minutes_pdf,
}
