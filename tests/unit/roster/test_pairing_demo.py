"""The pairing demo step: every deputy in office paired with two or three representatives,
and one representative flagged for two meetings in a row missed without leave — with every
meeting's counts exactly as the meetings step drew them."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from desktop.config import Paths
from desktop.demo import build_demo, demo_actor
from desktop.models.roster import Deputy
from desktop.services import attendance
from desktop.services.roster import pairing

TODAY = date(2026, 11, 22)


def test_demo_pairs_and_one_repeated_absentee(paths: Paths) -> None:
    db = build_demo(paths, today=TODAY, replace=True)
    try:
        actor = demo_actor(db)
        with db.session() as s:
            deputies = s.scalars(select(Deputy.id).where(Deputy.status == "active")).all()
            counts = [len(pairing.pairs_of_deputy(s, actor, d)) for d in deputies]
            assert counts and all(n in (2, 3) for n in counts)
            book = attendance.term_attendance(s, actor)
            (flagged,) = book.flagged
            assert flagged.kind == "representative" and flagged.longest_run >= 2
            lines = [m for m in attendance.meeting_lines(s, actor) if m.status == "closed"]
            for line in lines:  # the swap keeps each meeting's figures whole
                assert line.present + line.on_leave + line.absent == line.members_total
    finally:
        db.dispose()
