"""Printed papers: expected names in the text (pypdf), embedded font, no missing glyphs."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from desktop.db import Database
from desktop.reports import meeting_papers
from desktop.reports.fonts import register_cjk_font
from desktop.services import meetings
from desktop.services.cards import representative_card_text
from desktop.services.meetings import agenda, minutes, signin
from desktop.services.permissions import Actor
from tests.unit.meetings.fixtures import COMMUNITIES, Roster, make_meeting, make_roster


@pytest.fixture
def roster(db: Database) -> Roster:
    return make_roster(db)


def held_meeting(db: Database, clerk: Actor, roster: Roster) -> str:
    meeting_id = make_meeting(db, clerk)
    with db.transaction() as s:
        report = agenda.add_item(
            s,
            clerk,
            meeting_id,
            kind="report",
            title="听取街道办事处关于老旧小区改造工作的报告",
            department="街道办事处",
            reporter="刘德明",
            summary="改造小区12个，惠及居民3200户。",
        )
        agenda.add_item(s, clerk, meeting_id, kind="deliberation", title="协商加装电梯资金分摊办法")
        meetings.open_meeting(s, clerk, meeting_id)
        for rep_id in roster.representative_ids[:15]:
            signin.desk_entry(
                s, clerk, meeting_id, representative_card_text("500103001000", rep_id)
            )
        rows = meetings.attendance(s, clerk, meeting_id)
        leave = next(r for r in rows if r.voting and r.status == "expected")
        signin.set_status(s, clerk, leave.id, "on_leave", "外出学习")
        agenda.update_item(
            s, clerk, report.id, minutes_text="代表们认为改造进度总体较好，建议加快雨污分流。"
        )
        minutes.add_resolution(
            s,
            clerk,
            meeting_id,
            title="同意老旧小区改造工作报告",
            result="adopted",
            votes_summary="赞成15票",
            agenda_item_id=report.id,
        )
        meetings.close_meeting(s, clerk, meeting_id)
    return meeting_id


def text_of(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def assert_font_embedded_and_complete(pdf: bytes, texts: list[str]) -> None:
    reader = PdfReader(io.BytesIO(pdf))
    embedded = False
    for page in reader.pages:
        fonts = page["/Resources"]["/Font"]
        for ref in fonts.values():
            font = ref.get_object()
            descriptor = font.get("/FontDescriptor")
            if descriptor is not None and "/FontFile2" in descriptor.get_object():
                embedded = True
    assert embedded, "the CJK font is not embedded"
    choice = register_cjk_font()
    assert choice.embedded
    from reportlab.pdfbase import pdfmetrics

    face = pdfmetrics.getFont(choice.name).face  # type: ignore[attr-defined]
    missing = {
        ch for t in texts for ch in t if not ch.isspace() and ord(ch) not in face.charToGlyph
    }
    assert not missing, f"glyphs missing from the font (would print as .notdef): {missing}"


def test_signin_sheet(db: Database, clerk: Actor, roster: Roster) -> None:
    meeting_id = held_meeting(db, clerk, roster)
    with db.session() as s:
        pdf = meeting_papers.signin_sheet_pdf(s, clerk, meeting_id)
        roll = meetings.attendance(s, clerk, meeting_id)
    text = text_of(pdf)
    for person in roll:
        assert person.name in text
    for community in COMMUNITIES:
        assert community in text
    assert "签到表" in text and "本人签名" in text and "列席" in text
    assert "应到 21 人" in text and "实到 15 人" in text
    # names are grouped: every community heading comes before its members
    first = text.index(COMMUNITIES[0])
    assert first < text.index("张伟强") < text.index(COMMUNITIES[1])
    assert_font_embedded_and_complete(pdf, [text])


def test_minutes(db: Database, clerk: Actor, roster: Roster) -> None:
    meeting_id = held_meeting(db, clerk, roster)
    with db.session() as s:
        pdf = meeting_papers.minutes_pdf(s, clerk, meeting_id)
        doc = minutes.build_minutes(s, clerk, meeting_id)
    text = text_of(pdf)
    assert "会议记录" in text and "主持人（签字）" in text and "记录人（签字）" in text
    assert "王建国" in text and "李晓梅" in text
    assert doc.on_leave[0].name in text and "外出学习" in text
    for person in doc.absent:
        assert person.name in text
    assert "雨污分流" in text and "同意老旧小区改造工作报告" in text and "通过" in text
    assert "应到 21 人，实到 15 人" in text
    assert_font_embedded_and_complete(pdf, [text])


def test_notice_and_agenda_for_a_planned_meeting(
    db: Database, clerk: Actor, roster: Roster
) -> None:
    meeting_id = make_meeting(db, clerk)
    with db.transaction() as s:
        agenda.add_item(s, clerk, meeting_id, kind="vote", title="票决2027年度民生实事项目")
    with db.session() as s:
        notice = text_of(meeting_papers.notice_pdf(s, clerk, meeting_id))
        agenda_text = text_of(meeting_papers.agenda_pdf(s, clerk, meeting_id))
        sheet = text_of(meeting_papers.signin_sheet_pdf(s, clerk, meeting_id))
    assert "通知" in notice and "票决2027年度民生实事项目" in notice and "人大工作委员会" in notice
    assert "一、票决2027年度民生实事项目" in agenda_text
    assert "张伟强" in sheet  # before opening the sheet lists today's roster


def test_minutes_render(db: Database, clerk: Actor, roster: Roster, tmp_path: Path) -> None:
    meeting_id = held_meeting(db, clerk, roster)
    with db.session() as s:
        pdf = meeting_papers.minutes_pdf(s, clerk, meeting_id)
    source = tmp_path / "minutes.pdf"
    source.write_bytes(pdf)
    result = subprocess.run(
        ["pdftoppm", "-r", "40", "-png", str(source), str(tmp_path / "p")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert not result.stderr.strip()
    assert list(tmp_path.glob("p*.png"))


def test_cn_number() -> None:
    assert [meeting_papers.cn_number(n) for n in (1, 10, 11, 20, 21, 99, 100, 105, 110, 115)] == [
        "一",
        "十",
        "十一",
        "二十",
        "二十一",
        "九十九",
        "一百",
        "一百零五",
        "一百一十",
        "一百一十五",
    ]


def test_minutes_print_vote_results_from_the_hook(
    db: Database, clerk: Actor, roster: Roster, monkeypatch: pytest.MonkeyPatch
) -> None:
    from desktop.services.meetings import minutes_hooks
    from desktop.services.meetings.minutes_hooks import VoteResultSection

    meeting_id = make_meeting(db, clerk)
    with db.transaction() as s:
        item = agenda.add_item(s, clerk, meeting_id, kind="vote", title="票决2027年度民生实事项目")

    def provider(_session: object, mid: str) -> list[VoteResultSection]:
        if mid != meeting_id:
            return []
        return [
            VoteResultSection(
                item.id,
                "2027年度民生实事项目票决",
                ("发出选票21张，收回21张，有效票21张。", "当选项目：社区食堂、背街小巷整治。"),
                True,
            ),
            VoteResultSection(None, "满意度测评", ("满意18票，基本满意3票。",), False),
        ]

    monkeypatch.setattr(minutes_hooks, "VOTE_RESULT_PROVIDERS", [provider])
    with db.session() as s:
        doc = minutes.build_minutes(s, clerk, meeting_id)
        text = text_of(meeting_papers.minutes_pdf(s, clerk, meeting_id))
    assert doc.items[0].votes[0].title == "2027年度民生实事项目票决"
    assert [v.title for v in doc.other_votes] == ["满意度测评"]
    assert "发出选票21张" in text and "社区食堂" in text and "满意18票" in text
    assert "结果未经确认" in text  # the uncertified section says so


def test_signin_sheet_printed_before_the_meeting_shows_leave_asked_for(
    db: Database, clerk: Actor, roster: Roster
) -> None:

    meeting_id = make_meeting(db, clerk)
    away = roster.representative_ids[1]
    with db.transaction() as s:
        signin.set_leave_in_advance(s, clerk, meeting_id, away, True, "外出学习")
    with db.session() as s:
        text = text_of(meeting_papers.signin_sheet_pdf(s, clerk, meeting_id))
    assert "请假：外出学习" in text and roster.names[away] in text
