"""述职评议: the 优秀 rate read back from a rating poll and the 谈心谈话 flag at the line."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.db import Database
from desktop.errors import ValidationError
from desktop.services import polls
from desktop.services.archives import reportbacks as rb
from desktop.services.archives import settings as archive_settings
from desktop.services.permissions import Actor
from tests.unit.archives.helpers import build
from tests.unit.polls.helpers import enter

TODAY = date(2025, 12, 31)


def test_flag_at_the_line_with_whole_vote_counts() -> None:
    # N = 1000 valid ballots makes 79.9%, 80% and 80.1% exact: 799, 800 and 801 优秀.
    assert rb.below_line(799, 1000, 80) is True
    assert rb.below_line(800, 1000, 80) is False
    assert rb.below_line(801, 1000, 80) is False
    # N = 46 (a typical street audience) brackets the line: 36/46 = 78.26% < 80% ≤ 37/46 = 80.43%.
    assert rb.below_line(36, 46, 80) is True
    assert rb.below_line(37, 46, 80) is False
    # No valid ballot: nothing to judge, no flag.
    assert rb.below_line(0, 0, 80) is False


@given(st.integers(0, 5000), st.integers(1, 5000), st.integers(1, 100))
def test_flag_is_the_exact_fraction(excellent: int, valid: int, line: int) -> None:
    from fractions import Fraction

    excellent = min(excellent, valid)
    assert rb.below_line(excellent, valid, line) == (
        Fraction(excellent, valid) < Fraction(line, 100)
    )


def test_rating_read_back_from_the_poll_flags_and_records_the_talk(
    db: Database, admin: Actor
) -> None:
    ex = build(db, admin)
    with db.transaction() as s:
        poll = rb.create_rating_poll(s, admin, "2025年代表述职民主测评", [ex.zhou, ex.wang])
        polls.log_print(s, admin, poll.id, count=5, layout="a4")
        polls.open_poll(s, admin, poll.id)
    # Five voters: 周敏 4 优秀 of 5 = 80% (not flagged); 王建华 3 of 5 = 60% (flagged).
    for serial in range(1, 6):
        enter(
            db,
            admin,
            poll.id,
            serial,
            {1: "优秀" if serial <= 4 else "称职", 2: "优秀" if serial <= 3 else "基本称职"},
        )
    with db.transaction() as s:
        polls.close_voting(s, admin, poll.id, issued=5)
        first = rb.record(
            s,
            admin,
            rb.ReportBackInput(
                ex.zhou, date(2025, 11, 20), "较场口社区代表联络站", "选民代表", 5, poll.id, 1
            ),
            today=TODAY,
        )
        second = rb.record(
            s,
            admin,
            rb.ReportBackInput(
                ex.wang, date(2025, 11, 20), "较场口社区代表联络站", "选民代表", 5, poll.id, 2
            ),
            today=TODAY,
        )
    assert first.rating is not None and first.rating.excellent == 4 and first.rating.valid == 5
    assert first.rating.percent_text() == "80.0%"
    assert not first.flagged
    assert second.flagged and second.talk_due
    with db.transaction() as s:
        talked = rb.record_talk(
            s,
            admin,
            second.id,
            talk_on=date(2025, 12, 5),
            talk_by="街道人大工委 陈主任",
            notes="选民反映接待日到岗不及时。",
            improvement="每月接待日按时到岗，季度走访选民不少于2次。",
            today=TODAY,
        )
    assert talked.flagged and not talked.talk_due
    # The line is a setting: at 60% nobody is flagged.
    with db.transaction() as s:
        archive_settings.update(
            s, admin, archive_settings.ArchiveSettings(excellent_line_percent=60)
        )
        assert [v.flagged for v in rb.list_report_backs(s, year=2025)] == [False, False, False]


def test_bad_report_backs_are_refused_and_nothing_written(db: Database, admin: Actor) -> None:
    ex = build(db, admin)
    with db.session() as s:
        before = len(rb.list_report_backs(s))
    with db.transaction() as s, pytest.raises(ValidationError):
        rb.record(s, admin, rb.ReportBackInput(ex.li, date(2026, 1, 2), "社区"), today=TODAY)
    with db.transaction() as s, pytest.raises(ValidationError):
        rb.record(s, admin, rb.ReportBackInput(ex.li, date(2025, 3, 2), "  "), today=TODAY)
    with db.session() as s:
        assert len(rb.list_report_backs(s)) == before
        cov = rb.coverage(s)
    assert (cov.deputies, cov.reported) == (3, 1)
    assert [name for _, name in cov.missing] == ["李秀英", "王建华"]
