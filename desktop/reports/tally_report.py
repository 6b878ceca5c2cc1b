"""计票结果报告单 (results report), its correction supplement, and the test deck's expected
result sheet. A4, Chinese official style, embedded CJK font.

The report states the threshold in words and numbers, every option's counts and outcome,
and the result hash (SHA-256 of the canonical spec + ballot records + result) as a short code
and a QR ``YSH1|<poll short id>|<hash>``, so anyone holding the exported records can check
that they are the ones certified (``yishi tally`` recounts them).
"""

from __future__ import annotations

import io
from datetime import datetime
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
from sqlalchemy.orm import Session

from desktop.reports.fonts import register_cjk_font
from desktop.reports.qr import QrFlowable
from desktop.services import audit_anchors
from desktop.services import polls as poll_service
from desktop.services.counting import tally_io
from desktop.services.polls import CertificateView, PollView
from desktop.services.polls import ballots as ballot_service

GREY = colors.HexColor("#e8e8e8")
KIND_TITLE = {"selection": "差额票决", "motion": "表决", "rating": "满意度测评"}


def _styles(font: str) -> dict[str, ParagraphStyle]:
    return {
        "title": ParagraphStyle(
            "title", fontName=font, fontSize=20, leading=28, alignment=TA_CENTER
        ),
        "sub": ParagraphStyle("sub", fontName=font, fontSize=12, leading=18, alignment=TA_CENTER),
        "body": ParagraphStyle("body", fontName=font, fontSize=11, leading=17, alignment=TA_LEFT),
        "small": ParagraphStyle(
            "small", fontName=font, fontSize=9, leading=13, textColor=colors.HexColor("#444444")
        ),
        "cell": ParagraphStyle("cell", fontName=font, fontSize=9.5, leading=12),
        "h2": ParagraphStyle(
            "h2", fontName=font, fontSize=13, leading=20, spaceBefore=6, spaceAfter=2
        ),
    }


def _local(dt: datetime | None) -> str:
    if dt is None:
        return ""
    local = dt.astimezone()
    return f"{local.year}年{local.month}月{local.day}日 {local:%H:%M}"


def _doc(buffer: io.BytesIO, title: str) -> SimpleDocTemplate:
    return SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=22 * mm,
        rightMargin=22 * mm,
        topMargin=20 * mm,
        bottomMargin=18 * mm,
        title=title,
        author="议事通",
        creator="Yishi",
    )


def _table(
    rows: list[list[Any]],
    widths: list[float],
    font: str,
    header_rows: int = 1,
    *,
    name_column: bool = True,
) -> Table:
    """A ruled table, every cell centred; with ``name_column`` the second column (names of
    options) is left-aligned below the header. The figures table has no such column."""
    commands: list[tuple[Any, ...]] = [
        ("FONT", (0, 0), (-1, -1), font, 9.5),
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("BACKGROUND", (0, 0), (-1, header_rows - 1), GREY),
        ("ALIGN", (0, 0), (-1, -1), "CENTER"),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    if name_column:
        commands.insert(4, ("ALIGN", (1, header_rows), (1, -1), "LEFT"))
    table = Table(rows, colWidths=widths, repeatRows=header_rows)
    table.setStyle(TableStyle(commands))
    return table


def _figures(poll: PollView, result: dict[str, Any], font: str) -> Table:
    rows = [
        ["应到人数", "出席人数", "发出选票", "收回选票", "有效票", "废票"],
        [
            str(poll.members_total),
            str(poll.present),
            str(result["issued"]),
            str(result["returned"]),
            str(result["valid"]),
            str(result["void"]),
        ],
    ]
    return _table(rows, [24 * mm] * 6, font, name_column=False)


def _option_rows(
    poll: PollView, result: dict[str, Any], st: dict[str, ParagraphStyle]
) -> tuple[list[list[Any]], list[float]]:
    names = {o.no: o.title for o in poll.options}
    if poll.kind == "rating":
        levels = list(poll.levels)
        header = ["序号", "测评对象", *levels, "弃权", "满意率"]
        rows: list[list[Any]] = [header]
        for option in result["options"]:
            rate = option["positive_rate"]
            rate_text = "—"
            if rate:
                a, b = (int(x) for x in rate.split("/"))
                rate_text = f"{a * 100 / b:.1f}%（{a}/{b}）" if b else "—"
            rows.append(
                [
                    str(option["no"]),
                    Paragraph(escape(names.get(option["no"], "")), st["cell"]),
                    *(str(option["levels"].get(level, 0)) for level in levels),
                    str(option["abstain"]),
                    rate_text,
                ]
            )
        widths = [12 * mm, 52 * mm, *([17 * mm] * len(levels)), 14 * mm, 28 * mm]
        return rows, widths
    rows = [["序号", "名称", "赞成", "反对", "弃权", "结果"]]
    for option in result["options"]:
        rows.append(
            [
                str(option["no"]),
                Paragraph(escape(names.get(option["no"], "")), st["cell"]),
                str(option["for"]),
                str(option["against"]),
                str(option["abstain"]),
                poll_service.OUTCOME_WORDS.get(option["outcome"], option["outcome"]),
            ]
        )
    return rows, [12 * mm, 70 * mm, 15 * mm, 15 * mm, 15 * mm, 37 * mm]


def _outcome(poll: PollView, result: dict[str, Any]) -> str:
    names = {o.no: o.title for o in poll.options}
    if not result["poll_valid"]:
        return "收回选票多于发出选票，本次投票无效。"
    if poll.kind == "selection":
        chosen = "、".join(f"{no}号{names.get(no, '')}" for no in result["chosen"]) or "无"
        text = f"当选（按得票多少排序）：{chosen}。"
        if result["tied"]:
            tied = "、".join(f"{no}号" for no in result["tied"])
            text += f"{tied}得票相同，应就余下名额另行投票。"
        elif result["unfilled"]:
            text += f"尚有{result['unfilled']}个名额未选出，应另行投票。"
        return text
    if poll.kind == "motion":
        passed = [o["no"] for o in result["options"] if o["outcome"] == "passed"]
        failed = [o["no"] for o in result["options"] if o["outcome"] == "failed"]
        parts = []
        if passed:
            parts.append("通过：" + "、".join(f"{no}号{names.get(no, '')}" for no in passed))
        if failed:
            parts.append("未通过：" + "、".join(f"{no}号{names.get(no, '')}" for no in failed))
        return "；".join(parts) + "。"
    return "测评结果如上表，满意率 =（" + "、".join(poll.positive_levels) + "）票数 ÷ 有效票数。"


def _hash_block(poll: PollView, digest: str, font: str, st: dict[str, ParagraphStyle]) -> Table:
    text = Paragraph(
        f"结果校验码：<font size=14>{poll_service.short_code(digest)}</font><br/>"
        f"<font size=7>SHA-256：{digest}</font><br/>"
        "校验码由选票记录与计票结果计算得出，独立重新计票的校验码应与此一致。",
        st["small"],
    )
    table = Table(
        [[text, QrFlowable(f"YSH1|{poll.short_id}|{digest}", 30 * mm)]],
        colWidths=[130 * mm, 36 * mm],
    )
    table.setStyle(
        TableStyle([("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("FONT", (0, 0), (-1, -1), font, 9)])
    )
    return table


def _signatures(cert: CertificateView | None, font: str) -> Table:
    counters = cert.counters if cert else ""
    scrutineers = cert.scrutineers if cert else ""
    chief = cert.chief_scrutineer if cert else ""
    rows = [
        ["计票人：", counters, "签名：", ""],
        ["监票人：", scrutineers, "签名：", ""],
        ["总监票人：", chief, "签名：", ""],
    ]
    table = Table(rows, colWidths=[22 * mm, 66 * mm, 16 * mm, 60 * mm], rowHeights=[11 * mm] * 3)
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), font, 11),
                ("LINEBELOW", (3, 0), (3, -1), 0.5, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
            ]
        )
    )
    return table


def anchor_text(anchor: str) -> str:
    """The line printed on certified reports and minutes: the audit log's head at printing."""
    return (
        f"审计链锚点：{anchor}（打印时审计日志的最新记录及其哈希。"
        f"日后可用 yishi audit verify --anchor {anchor} 核对日志未被删改。）"
    )


def render_tally_report(
    poll: PollView,
    result: dict[str, Any],
    digest: str,
    cert: CertificateView | None,
    *,
    heading: str = "",
    font_path: str = "",
    anchor: str = "",
) -> bytes:
    """The results report for ``result`` (the ``yishi tally --json`` object); ``anchor`` is the
    audit chain head printed on a certified report (``N:HASH``)."""
    font = register_cjk_font(font_path).name
    st = _styles(font)
    buffer = io.BytesIO()
    doc = _doc(buffer, f"{poll.title} 计票结果报告单")
    story: list[Any] = []
    if heading:
        story.append(Paragraph(escape(heading), st["sub"]))
    story.append(Paragraph("计票结果报告单", st["title"]))
    story.append(Paragraph(f"{escape(poll.title)}（{KIND_TITLE[poll.kind]}）", st["sub"]))
    if cert is None:
        story.append(Paragraph("<font color='#c00000'>草稿：尚未核验，仅供核对</font>", st["sub"]))
    elif cert.kind == "correction":
        story.append(
            Paragraph(
                "<font color='#c00000'>本结果已于核验后更正，见《计票结果更正说明》</font>",
                st["sub"],
            )
        )
    story.append(Spacer(1, 4 * mm))
    story.append(_figures(poll, result, font))
    story.append(Spacer(1, 3 * mm))
    threshold = poll_service.threshold_words(poll, result["threshold_votes"] or None)
    rule = "当选" if poll.kind == "selection" else "通过"
    if poll.kind == "rating":
        story.append(Paragraph(f"测评规则：{threshold}。", st["body"]))
    else:
        story.append(
            Paragraph(
                f"{rule}规则：{threshold}。"
                + (
                    f"应选{poll.quota}项，按赞成票多少确定当选。"
                    if poll.kind == "selection"
                    else ""
                ),
                st["body"],
            )
        )
    story.append(Spacer(1, 3 * mm))
    rows, widths = _option_rows(poll, result, st)
    story.append(_table(rows, widths, font))
    story.append(Spacer(1, 3 * mm))
    story.append(Paragraph("结果：" + escape(_outcome(poll, result)), st["body"]))
    story.append(Spacer(1, 5 * mm))
    tail: list[Any] = [_signatures(cert, font), Spacer(1, 3 * mm)]
    if cert is not None:
        tail.append(
            Paragraph(
                f"核验时间：{_local(cert.certified_at)}　　核验人：{escape(cert.certified_by)}",
                st["body"],
            )
        )
        tail.append(Spacer(1, 3 * mm))
    tail.append(_hash_block(poll, digest, font, st))
    if anchor:
        tail.append(Spacer(1, 2 * mm))
        tail.append(Paragraph(escape(anchor_text(anchor)), st["small"]))
    story.append(KeepTogether(tail))
    doc.build(story)
    return buffer.getvalue()


def render_correction_supplement(
    poll: PollView, cert: CertificateView, *, heading: str = "", font_path: str = ""
) -> bytes:
    """计票结果更正说明: reason, who, when, the counts before and after, both hashes."""
    font = register_cjk_font(font_path).name
    st = _styles(font)
    buffer = io.BytesIO()
    doc = _doc(buffer, f"{poll.title} 计票结果更正说明")
    before = cert.previous_result or {}
    after = cert.result
    story: list[Any] = []
    if heading:
        story.append(Paragraph(escape(heading), st["sub"]))
    story.append(Paragraph("计票结果更正说明", st["title"]))
    story.append(Paragraph(f"（{escape(poll.title)} 计票结果报告单之补充页）", st["sub"]))
    story.append(Spacer(1, 4 * mm))
    story.append(
        Paragraph(
            f"更正时间：{_local(cert.certified_at)}　　更正人（管理员）：{escape(cert.certified_by)}",
            st["body"],
        )
    )
    story.append(Paragraph(f"更正原因：{escape(cert.reason)}", st["body"]))
    story.append(Spacer(1, 3 * mm))
    names = {o.no: o.title for o in poll.options}
    rows: list[list[Any]] = [["项目", "更正前", "更正后"]]
    for key, label in (("returned", "收回选票"), ("valid", "有效票"), ("void", "废票")):
        rows.append([label, str(before.get(key, "")), str(after[key])])
    old_options = {o["no"]: o for o in before.get("options", [])}
    for option in after["options"]:
        old = old_options.get(option["no"], {})
        if poll.kind == "rating":
            old_levels = old.get("levels", {})
            old_text = "、".join(f"{level}{old_levels.get(level, 0)}" for level in poll.levels)
            new_text = "、".join(
                f"{level}{option['levels'].get(level, 0)}" for level in poll.levels
            )
        else:

            def fmt(o: dict[str, Any]) -> str:
                if not o:
                    return ""
                outcome = poll_service.OUTCOME_WORDS.get(o["outcome"], o["outcome"])
                return f"赞成{o['for']} 反对{o['against']} 弃权{o['abstain']}（{outcome}）"

            old_text, new_text = fmt(old), fmt(option)
        rows.append(
            [
                Paragraph(f"{option['no']}. {escape(names.get(option['no'], ''))}", st["cell"]),
                old_text,
                new_text,
            ]
        )
    table = _table(rows, [60 * mm, 53 * mm, 53 * mm], font)
    changed = TableStyle(
        [
            ("TEXTCOLOR", (2, i), (2, i), colors.HexColor("#c00000"))
            for i, row in enumerate(rows[1:], 1)
            if row[1] != row[2]
        ]
    )
    table.setStyle(changed)
    story.append(table)
    story.append(Spacer(1, 3 * mm))
    story.append(Paragraph("更正后结果：" + escape(_outcome(poll, after)), st["body"]))
    story.append(Spacer(1, 4 * mm))
    story.append(_signatures(cert, font))
    story.append(Spacer(1, 3 * mm))
    story.append(_hash_block(poll, cert.result_hash, font, st))
    doc.build(story)
    return buffer.getvalue()


def render_sample_deck_expected(poll: PollView, *, font_path: str = "") -> bytes:
    """The test deck's expected result: what entering the 样票 must produce."""
    font = register_cjk_font(font_path).name
    st = _styles(font)
    deck = ballot_service.sample_deck(poll)
    expected = tally_io.result_to_dict(ballot_service.sample_deck_expected(poll))
    buffer = io.BytesIO()
    doc = _doc(buffer, f"{poll.title} 样票预期结果")
    story: list[Any] = [
        Paragraph("样票预期结果", st["title"]),
        Paragraph(f"{escape(poll.title)}（投票前测试，结果不计入正式投票）", st["sub"]),
        Spacer(1, 4 * mm),
    ]
    marks = poll_service.MARK_WORDS
    rows: list[list[Any]] = [["样票", "内容", "标记"]]
    for b in deck:
        marked = (
            "、".join(f"{no}号{marks.get(m, m)}" for no, m in sorted(b.marks.items())) or "（空白）"
        )
        rows.append([f"T{b.serial}", b.note, Paragraph(escape(marked), st["cell"])])
    story.append(_table(rows, [16 * mm, 44 * mm, 106 * mm], font))
    story.append(Spacer(1, 4 * mm))
    story.append(_figures(poll, expected, font))
    story.append(Spacer(1, 3 * mm))
    option_rows, widths = _option_rows(poll, expected, st)
    story.append(_table(option_rows, widths, font))
    story.append(Spacer(1, 3 * mm))
    story.append(
        Paragraph(
            "将全部样票录入后，软件的计票结果应与上表完全一致；样票在正式投票中一律拒收。",
            st["body"],
        )
    )
    doc.build(story)
    return buffer.getvalue()


# ---------------------------------------------------------------- from the database


def _heading(session: Session, poll: PollView) -> str:
    if poll.meeting_title:
        return poll.meeting_title
    from desktop.services.street import current

    street = current(session)
    return street.name if street else ""


def tally_report_pdf(session: Session, poll_id: str, *, font_path: str = "") -> bytes:
    """The latest certified result, or a draft of the current count if not certified."""
    poll = poll_service.get_poll(session, poll_id)
    cert = poll_service.latest_certificate(session, poll_id)
    if cert is not None:  # after a correction, the corrected result
        return render_tally_report(
            poll,
            cert.result,
            cert.result_hash,
            cert,
            heading=_heading(session, poll),
            font_path=font_path,
            anchor=audit_anchors.head(session).printed(),
        )
    view = poll_service.tally_view(session, poll_id)
    recs = poll_service.records(session, poll_id)
    digest = poll_service.result_hash(poll_service.spec_for(poll), recs, view.result)
    return render_tally_report(
        poll,
        tally_io.result_to_dict(view.result),
        digest,
        None,
        heading=_heading(session, poll),
        font_path=font_path,
    )


def correction_supplement_pdf(session: Session, poll_id: str, *, font_path: str = "") -> bytes:
    poll = poll_service.get_poll(session, poll_id)
    cert = poll_service.latest_certificate(session, poll_id)
    if cert is None or cert.kind != "correction":
        from desktop.errors import NotFound
        from desktop.i18n import N_

        raise NotFound(N_("The poll has no correction"))
    return render_correction_supplement(
        poll, cert, heading=_heading(session, poll), font_path=font_path
    )


def sample_deck_expected_pdf(session: Session, poll_id: str, *, font_path: str = "") -> bytes:
    return render_sample_deck_expected(poll_service.get_poll(session, poll_id), font_path=font_path)
