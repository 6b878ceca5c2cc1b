"""Demo: 结对联系 — each deputy in office paired with two or three serving representatives,
from the deputy's own community where it has enough (Chongqing, seed 000) — and one
representative who missed the last two meetings without leave, so the attendance ledger
shows its flag (连续2次无故缺席). That absence is swapped with another representative's
recorded absence at the same meeting, so every meeting's counts (and the votes drawn from
them) stay exactly as the meetings step drew them. Runs after the other steps so their
random draws stay as they were."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from desktop.demo import DemoContext, register
from desktop.models.meetings import Attendance, Meeting
from desktop.models.roster import Deputy, Representative, Term
from desktop.services.roster import pairing


@register("pairing")
def build(ctx: DemoContext) -> None:
    s, rng = ctx.session, ctx.rng
    reps = list(
        s.scalars(
            select(Representative)
            .join(Term, Term.id == Representative.term_id)
            .where(
                Term.status == "current",
                Representative.status == "active",
                Representative.deleted_at.is_(None),
            )
            .order_by(Representative.name_sort, Representative.id)
        )
    )
    if not reps:
        return
    deputies = s.scalars(
        select(Deputy)
        .where(Deputy.status == "active", Deputy.deleted_at.is_(None))
        .order_by(Deputy.name_sort, Deputy.id)
    ).all()
    taken: set[str] = set()
    since = date(ctx.today.year - 1, 3, 1)
    for dep in deputies:
        own = [r for r in reps if r.community_id == dep.community_id and r.id not in taken]
        pool = own if len(own) >= 3 else [r for r in reps if r.id not in taken]
        if len(pool) < 3:  # more deputies than representatives to go round: share them
            pool = reps
        chosen = rng.sample(pool, min(len(pool), rng.choice((2, 3))))
        taken.update(r.id for r in chosen)
        pairing.set_pairs(s, ctx.actor, dep.id, [r.id for r in chosen], since=since)
    _one_repeated_absentee(ctx)


def _one_repeated_absentee(ctx: DemoContext) -> None:
    s = ctx.session
    last_two = s.scalars(
        select(Meeting)
        .where(Meeting.status == "closed", Meeting.deleted_at.is_(None))
        .order_by(Meeting.starts_at.desc())
        .limit(2)
    ).all()
    if len(last_two) < 2:
        return
    rolls = {
        m.id: {
            a.representative_id: a
            for a in s.scalars(
                select(Attendance).where(
                    Attendance.meeting_id == m.id,
                    Attendance.voting.is_(True),
                    Attendance.representative_id.is_not(None),
                )
            )
        }
        for m in last_two
    }
    first, second = (rolls[m.id] for m in last_two)
    absent_in = [
        {rid for rid, a in roll.items() if a.status == "absent"} for roll in (first, second)
    ]
    if not all(absent_in):
        return

    def by_name(rid: str | None) -> tuple[str, str]:
        row = first.get(rid) or second[rid]
        return (row.name_sort, row.name)

    person = next(
        (
            rid
            for rid in sorted(set(first) & set(second), key=by_name)
            if first[rid].status == "present" and second[rid].status == "present"
        ),
        None,
    )
    if person is None:
        return
    for roll, absent in zip((first, second), absent_in, strict=True):
        mine = roll[person]
        theirs = roll[min(absent, key=lambda rid: (roll[rid].name_sort, roll[rid].name))]
        for field in ("status", "signed_at", "sign_method", "leave_reason"):
            a, b = getattr(mine, field), getattr(theirs, field)
            setattr(mine, field, b)
            setattr(theirs, field, a)
