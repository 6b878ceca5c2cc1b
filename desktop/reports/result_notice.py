"""选举结果公告: the public announcement of a certified poll's result, in official-document
style (red head with 文号, title, the facts of the vote, the result, 特此公告, the issuing
organisation and date with the place for the seal).

Only a certified result is announced (after a correction, the corrected one); the
announcement carries the result code of the 计票结果报告单 so the two papers can be matched.
"""

from __future__ import annotations

from typing import Any

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer, Table, TableStyle
from sqlalchemy.orm import Session

from desktop.errors import ConflictError
from desktop.i18n import N_
from desktop.reports.meeting_papers import (
    BODY_WIDTH,
    GREY,
    SealPlace,
    Styles,
    cn_date,
    esc,
    header,
    organisation,
    render,
    styles,
)
from desktop.reports.wrap import Paragraph, balanced_title, keep_with_last
from desktop.services import polls as poll_service
from desktop.services import wording
from desktop.services.polls import CertificateView, PollView

KIND_WORDS = {"selection": "票决", "motion": "表决", "rating": "测评"}


def _title(poll: PollView) -> str:
    if poll.kind == "selection":
        return "选举结果公告"
    return f"{KIND_WORDS.get(poll.kind, '表决')}结果公告"


def _opening(poll: PollView, result: dict[str, Any], cert: CertificateView) -> str:
    where = poll.meeting_title or "本次会议"
    held = cn_date(cert.certified_at)
    facts = (
        f"{where}于{held}以无记名投票方式进行{poll.title}。"
        f"应到{poll.members_total}人，出席{poll.present}人；"
        f"发出选票{result['issued']}张，收回{result['returned']}张，"
        f"其中有效票{result['valid']}张、废票{result['void']}张"
    )
    if not result["poll_valid"]:
        return facts + "。收回选票多于发出选票，本次投票无效。"
    threshold = poll_service.threshold_words(poll, result["threshold_votes"] or None)
    rule = "" if poll.kind == "rating" else f"按{threshold}的规则，"
    return facts + f"，投票有效。经计票人、监票人核验，{rule}现将结果公告如下："


def _cell(text: str, st: Styles, center: bool = True) -> Paragraph:
    return Paragraph(esc(text), st.cell_center if center else st.cell)


def _result_table(poll: PollView, result: dict[str, Any], st: Styles) -> Table:
    names = {o.no: o.title for o in poll.options}
    options = {o["no"]: o for o in result["options"]}
    if poll.kind == "selection":
        header = ["名次", "名称", "赞成票", "结果"]
        order = list(result["chosen"]) + list(result["tied"])
        rows = [
            [
                _cell(str(n), st),
                _cell(names.get(no, ""), st, center=False),
                _cell(str(options[no]["for"]), st),
                _cell(poll_service.OUTCOME_WORDS.get(options[no]["outcome"], ""), st),
            ]
            for n, no in enumerate(order, start=1)
        ]
        widths = [16 * mm, 96 * mm, 22 * mm, 26 * mm]
    elif poll.kind == "motion":
        header = ["序号", "名称", "赞成", "反对", "弃权", "结果"]
        rows = [
            [
                _cell(str(o["no"]), st),
                _cell(names.get(o["no"], ""), st, center=False),
                _cell(str(o["for"]), st),
                _cell(str(o["against"]), st),
                _cell(str(o["abstain"]), st),
                _cell(poll_service.OUTCOME_WORDS.get(o["outcome"], ""), st),
            ]
            for o in result["options"]
        ]
        widths = [14 * mm, 70 * mm, 18 * mm, 18 * mm, 18 * mm, 22 * mm]
    else:
        levels = list(poll.levels)
        header = ["序号", "测评对象", *levels, "满意率"]
        rows = []
        for o in result["options"]:
            rate = o["positive_rate"]
            text = "—"
            if rate:
                a, b = (int(x) for x in rate.split("/"))
                text = wording.percent(a, b)
            rows.append(
                [
                    _cell(str(o["no"]), st),
                    _cell(names.get(o["no"], ""), st, center=False),
                    *(_cell(str(o["levels"].get(level, 0)), st) for level in levels),
                    _cell(text, st),
                ]
            )
        rest = (160 - 14 - 60) * mm / (len(levels) + 1)
        widths = [14 * mm, 60 * mm, *([rest] * (len(levels) + 1))]
    table = Table([[_cell(h, st) for h in header], *rows], colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
                ("BACKGROUND", (0, 0), (-1, 0), GREY),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ]
        )
    )
    return table


def _closing(poll: PollView, result: dict[str, Any]) -> str:
    if poll.kind != "selection" or not result["poll_valid"]:
        return ""
    if result["tied"]:
        return "得票相同的项目，应就余下名额另行投票确定。"
    if result["unfilled"]:
        return f"尚有{result['unfilled']}个名额未选出，应另行投票。"
    return ""


def result_notice_pdf(session: Session, poll_id: str) -> bytes:
    """The 选举结果公告 of a certified poll; ConflictError before certification."""
    poll = poll_service.get_poll(session, poll_id)
    cert = poll_service.latest_certificate(session, poll_id)
    if cert is None:
        raise ConflictError(
            N_("Poll {title} has not been certified; only a certified result is announced."),
            title=poll.title,
        )
    result = cert.result
    st = styles(session)
    org = organisation(session)
    story: list[Flowable] = [*header(st, org)]
    story.append(balanced_title(_title(poll), st.title, BODY_WIDTH))
    story.append(Paragraph(esc(_opening(poll, result, cert)), st.body))
    story.append(Spacer(1, 6))
    if result["poll_valid"]:
        story.append(_result_table(poll, result, st))
        closing = _closing(poll, result)
        if closing:
            story.append(Spacer(1, 4))
            story.append(Paragraph(esc(closing), st.body))
    story.append(Spacer(1, 4))
    story.append(Paragraph("特此公告。", st.body))
    story.append(
        Paragraph(
            esc(f"（结果校验码：{cert.short_code}，与计票结果报告单一致）"),
            st.plain,
        )
    )
    # 特此公告 and the check code go to the next page with the seal place if it does not fit
    keep_with_last(story, [SealPlace(st.font, org, cn_date(cert.certified_at))], paragraphs=2)
    return render(story, st, f"{poll.title}{_title(poll)}")
