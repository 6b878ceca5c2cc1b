"""Papers in official-document style (公文): the notice's 文号, seal place and 回执; 仿宋 and
小标宋 where installed; dates kept whole; the tally report without CLI instructions; the
transfer letter's number with the year once; the 选举结果公告 of a certified poll."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from desktop.db import Database
from desktop.errors import ConflictError
from desktop.reports import fonts, meeting_papers, opinion_papers, result_notice, tally_report
from desktop.services import meetings, polls, settings
from desktop.services.permissions import Actor
from tests.unit.meetings.fixtures import make_meeting, make_roster
from tests.unit.polls.helpers import enter, make_poll


def _text(pdf: bytes, tmp_path: Path, layout: bool = True) -> str:
    path = tmp_path / "paper.pdf"
    path.write_bytes(pdf)
    args = ["pdftotext", *(["-layout"] if layout else []), str(path), "-"]
    return subprocess.run(args, capture_output=True, check=True).stdout.decode("utf-8")


def test_transfer_number_has_the_year_once() -> None:
    assert opinion_papers.transfer_number("YJ2026-01388", 2026) == "转〔2026〕01388号"
    assert opinion_papers.transfer_number("外-17", 2026) == "转〔2026〕外-17号"


def test_notice_has_a_document_number_seal_place_and_reply_slip(
    db: Database, clerk: Actor, admin: Actor, tmp_path: Path
) -> None:
    make_roster(db)
    meeting_id = make_meeting(db, clerk)
    with db.session() as s:
        number = meetings.get_meeting(s, clerk, meeting_id).number
        text = _text(meeting_papers.notice_pdf(s, clerk, meeting_id), tmp_path)
    flat = text.replace(" ", "")
    assert f"〔2026〕{number}号" in flat
    assert "盖章处" in flat and "回执" in flat and "□出席" in flat and "□请假" in flat
    with db.transaction() as s:
        settings.update(s, admin, document_prefix="解人工")
    with db.session() as s:
        flat = _text(meeting_papers.notice_pdf(s, clerk, meeting_id), tmp_path).replace(" ", "")
    assert f"解人工〔2026〕{number}号" in flat


def test_minutes_keep_the_date_on_one_line(db: Database, clerk: Actor, tmp_path: Path) -> None:
    make_roster(db)
    meeting_id = make_meeting(db, clerk)
    with db.transaction() as s:
        meetings.open_meeting(s, clerk, meeting_id)
        meetings.close_meeting(s, clerk, meeting_id)
    with db.session() as s:
        m = meetings.get_meeting(s, clerk, meeting_id)
        text = _text(meeting_papers.minutes_pdf(s, clerk, meeting_id), tmp_path, layout=False)
    dated = meeting_papers.cn_date(m.starts_at)
    last_lines = [line.strip() for line in text.splitlines() if line.strip()][-6:]
    assert dated in last_lines, last_lines


def test_official_fonts_where_installed_else_the_fallback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = next(
        (p for p in map(Path, fonts.LINUX_CANDIDATES) if p.suffix == ".ttc" and p.is_file()),
        None,
    )
    if source is None:
        pytest.skip("no CJK TrueType collection installed (CI installs fonts-wqy-microhei)")
    monkeypatch.setattr(fonts, "_font_dirs", lambda: [tmp_path])
    monkeypatch.setattr(fonts, "_fontconfig_families", lambda: {})
    fonts.official_font.cache_clear()
    try:
        assert fonts.official_font("body") == fonts.register_cjk_font().name  # none installed
        fonts.official_font.cache_clear()
        shutil.copy(source, tmp_path / "simfang.ttc")
        monkeypatch.setitem(fonts.OFFICIAL_FONTS, "body", ("YishiFangSong", ("simfang.ttc",), ()))
        assert fonts.official_font("body") == "YishiFangSong"
    finally:
        fonts.official_font.cache_clear()


def _certified(db: Database, clerk: Actor, admin: Actor) -> polls.PollView:
    poll = make_poll(db, clerk, printed=12, quota=3, n=5, present=12, members_total=12)
    for serial in range(1, 11):
        enter(db, clerk, poll.id, serial, dict.fromkeys((1, 2, 3) if serial < 9 else (4,), "for"))
    with db.transaction() as s:
        polls.close_voting(s, clerk, poll.id, issued=12)
    return poll


def test_tally_report_has_no_cli_instructions(
    db: Database, clerk: Actor, admin: Actor, tmp_path: Path
) -> None:
    poll = _certified(db, clerk, admin)
    with db.session() as s:
        text = _text(tally_report.tally_report_pdf(s, poll.id), tmp_path)
    assert "yishi" not in text and "SPEC.json" not in text and "结果校验码" in text


def test_result_announcement_of_a_certified_poll_only(
    db: Database, clerk: Actor, admin: Actor, tmp_path: Path
) -> None:
    poll = _certified(db, clerk, admin)
    with db.session() as s, pytest.raises(ConflictError):
        result_notice.result_notice_pdf(s, poll.id)
    with db.transaction() as s:
        cert = polls.certify(s, admin, poll.id, counters="李晓梅", scrutineers="陈志强")
    with db.session() as s:
        text = _text(result_notice.result_notice_pdf(s, poll.id), tmp_path).replace(" ", "")
    assert "选举结果公告" in text and "特此公告" in text and cert.short_code in text
    chosen = [o.title for o in poll.options if o.no in cert.result["chosen"]]
    assert chosen and all(title[:6] in text for title in chosen)
