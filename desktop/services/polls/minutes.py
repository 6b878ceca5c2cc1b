"""A certified poll's result in plain Chinese, and the minutes' vote-results section."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from desktop.services import wording
from desktop.services.meetings import minutes_hooks
from desktop.services.polls.certification import latest_certificate
from desktop.services.polls.views import (
    OUTCOME_WORDS,
    PollView,
    get_poll,
    list_polls,
    threshold_words,
)

# ---------------------------------------------------------------- minutes


def result_lines(poll: PollView, result: dict[str, Any]) -> list[str]:
    """Plain Chinese lines describing a result (``yishi tally --json`` shape)."""
    lines = [
        f"发出选票{result['issued']}张，收回{result['returned']}张，"
        f"其中有效票{result['valid']}张、废票{result['void']}张。"
    ]
    if not result["poll_valid"]:
        lines.append("收回票数多于发出票数，本次投票无效。")
        return lines
    names = {o.no: o.title for o in poll.options}
    if poll.kind == "rating":
        for option in result["options"]:
            counts = "、".join(
                f"{level}{option['levels'].get(level, 0)}票" for level in poll.levels
            )
            rate = option["positive_rate"]
            rate_text = ""
            if rate:
                a, b = (int(x) for x in rate.split("/"))
                rate_text = f"，满意率{wording.percent(a, b)}" if b else ""
            lines.append(
                f"{names.get(option['no'], option['no'])}：{counts}，弃权{option['abstain']}票{rate_text}。"
            )
        return lines
    lines.append(f"按{threshold_words(poll, result['threshold_votes'])}的规则：")
    for option in result["options"]:
        lines.append(
            f"{option['no']}. {names.get(option['no'], '')}：赞成{option['for']}票，"
            f"反对{option['against']}票，弃权{option['abstain']}票——"
            f"{OUTCOME_WORDS.get(option['outcome'], option['outcome'])}。"
        )
    if poll.kind == "selection":
        if result["tied"]:
            lines.append(f"第{len(result['chosen']) + 1}名起票数相同，需另行投票。")
        elif result["unfilled"]:
            lines.append(f"尚有{result['unfilled']}个名额未选出，需另行投票。")
    return lines


@minutes_hooks.register_vote_results
def _minutes_sections(session: Session, meeting_id: str) -> list[minutes_hooks.VoteResultSection]:
    sections = []
    for summary in reversed(list_polls(session, meeting_id)):
        poll = get_poll(session, summary.id)
        cert = latest_certificate(session, poll.id)
        if cert is None:
            continue
        lines = result_lines(poll, cert.result)
        lines.append(f"计票结果已核验，校验码 {cert.short_code}。")
        sections.append(
            minutes_hooks.VoteResultSection(
                agenda_item_id=poll.agenda_item_id,
                title=poll.title,
                lines=tuple(lines),
                certified=True,
            )
        )
    return sections
