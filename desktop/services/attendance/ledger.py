"""Attendance figures over a term, and the meetings of a term as ledger lines.

Only **closed** meetings count (their roll is final: whoever never signed in was recorded
absent at closing). Each person is counted on the meetings whose frozen roll lists them — a
representative who joined mid-term is not absent from the meetings before. Leave (请假) is
neither attendance nor absence: it is counted on its own and it ends a run of absences, so
"N in a row" means N of the person's meetings one after another missed without leave.
Years are calendar years of the meeting's local date.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from fractions import Fraction

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.errors import NotFound
from desktop.i18n import N_, gettext
from desktop.models.meetings import Attendance, Meeting, Resolution
from desktop.models.roster import Community, Deputy, Representative, Term
from desktop.services.attendance import settings as attendance_settings
from desktop.services.attendance.settings import AttendanceSettings
from desktop.services.counting import QuorumRule
from desktop.services.permissions import Actor, Permission

FLAG_CONSECUTIVE = "consecutive"
FLAG_PER_YEAR = "per_year"
PERSON_KINDS = {"representative": N_("Representative"), "deputy": N_("Deputy")}


@dataclass(frozen=True)
class PersonAttendance:
    """One person's attendance over the term's closed meetings."""

    kind: str  # representative | deputy
    person_id: str
    name: str
    community: str
    voting: bool  # a voting member (a representative, or a deputy at a township congress)
    meetings: int  # on the roll of (应出席)
    present: int
    on_leave: int
    absent: int  # without leave (无故缺席)
    longest_run: int  # most of their meetings in a row missed without leave
    worst_year: int  # the calendar year with most absences (0 when none)
    worst_year_absences: int
    flags: tuple[str, ...]

    @property
    def rate(self) -> Fraction | None:
        """出席率 = present / meetings on the roll (None with no meetings)."""
        return Fraction(self.present, self.meetings) if self.meetings else None

    def rate_text(self) -> str:
        return percent_text(self.rate)

    def flag_text(self, cfg: AttendanceSettings) -> str:
        words = []
        if FLAG_CONSECUTIVE in self.flags:
            words.append(f"连续{self.longest_run}次无故缺席")
        if FLAG_PER_YEAR in self.flags:
            words.append(f"{self.worst_year}年无故缺席{self.worst_year_absences}次")
        return "；".join(words)


@dataclass(frozen=True)
class AttendanceLedger:
    term_id: str | None
    term_name: str
    meetings: int  # closed meetings of the term
    settings: AttendanceSettings
    rows: tuple[PersonAttendance, ...]

    @property
    def flagged(self) -> tuple[PersonAttendance, ...]:
        return tuple(r for r in self.rows if r.flags)


@dataclass(frozen=True)
class MeetingLine:
    """One meeting as the meetings ledger shows it."""

    id: str
    number: int
    kind: str
    title: str
    starts_at: datetime
    venue: str
    status: str
    quorum_rule: str
    members_total: int  # 应到 (voting members)
    present: int
    on_leave: int
    absent: int
    deputies_present: int  # 列席 deputies present (street meetings)
    needed: int
    quorate: bool
    resolutions: tuple[tuple[str, str], ...]  # (title, result code)


def percent_text(rate: Fraction | None, empty: str = "—") -> str:
    """A rate as a percentage with one decimal, rounded half up exactly: 1/3 → 33.3%."""
    if rate is None:
        return empty
    tenths = int((rate * 1000 + Fraction(1, 2)).__floor__())
    return f"{tenths // 10}.{tenths % 10}%"


def _local_date(at: datetime) -> date:
    return at.astimezone().date()


def _term(session: Session, term_id: str | None) -> tuple[str | None, str]:
    if term_id is None:
        term = session.scalars(
            select(Term)
            .where(Term.deleted_at.is_(None))
            .order_by((Term.status == "current").desc(), Term.started_on.desc())
            .limit(1)
        ).first()
        return (term.id, term.name) if term is not None else (None, "")
    term = session.get(Term, term_id)
    if term is None or term.deleted_at is not None:
        raise NotFound(N_("No such term: {id}"), id=term_id)
    return term.id, term.name


def _meetings(session: Session, term_id: str | None, closed_only: bool) -> list[Meeting]:
    query = select(Meeting).where(Meeting.deleted_at.is_(None))
    if term_id is not None:
        query = query.where(Meeting.term_id == term_id)
    if closed_only:
        query = query.where(Meeting.status == "closed")
    return list(session.scalars(query.order_by(Meeting.starts_at, Meeting.number)))


def longest_run(statuses: list[str]) -> int:
    """Most consecutive ``absent`` in a person's meetings in order (leave ends a run)."""
    best = run = 0
    for status in statuses:
        run = run + 1 if status == "absent" else 0
        best = max(best, run)
    return best


def term_attendance(session: Session, actor: Actor, term_id: str | None = None) -> AttendanceLedger:
    """Attendance of every representative and deputy over the term's closed meetings
    (default: the current term): representatives first by community, then deputies, each
    by name; flagged by the attendance settings."""
    actor.require(Permission.VIEW)
    term_id, term_name = _term(session, term_id)
    cfg = attendance_settings.load(session)
    meetings = _meetings(session, term_id, closed_only=True) if term_id else []
    when = {m.id: _local_date(m.starts_at) for m in meetings}
    order = {m.id: i for i, m in enumerate(meetings)}
    by_person: dict[tuple[str, str], list[Attendance]] = defaultdict(list)
    if meetings:
        for row in session.scalars(
            select(Attendance).where(
                Attendance.meeting_id.in_(list(when)), Attendance.deleted_at.is_(None)
            )
        ):
            key = (
                ("representative", row.representative_id)
                if row.representative_id
                else ("deputy", row.deputy_id or "")
            )
            by_person[key].append(row)
    names = _current_names(session, {k for k in by_person})
    out: list[tuple[tuple[bool, int, str, str, str], PersonAttendance]] = []
    for (kind, person_id), rows in by_person.items():
        rows.sort(key=lambda r: order[r.meeting_id])
        statuses = [r.status for r in rows]
        per_year: dict[int, int] = defaultdict(int)
        for r in rows:
            if r.status == "absent":
                per_year[when[r.meeting_id].year] += 1
        worst_year, worst = max(per_year.items(), key=lambda kv: (kv[1], kv[0]), default=(0, 0))
        run = longest_run(statuses)
        flags: list[str] = []
        if cfg.consecutive_absences and run >= cfg.consecutive_absences:
            flags.append(FLAG_CONSECUTIVE)
        if cfg.absences_per_year and worst >= cfg.absences_per_year:
            flags.append(FLAG_PER_YEAR)
        last = rows[-1]
        name, community, order_key = names.get(
            (kind, person_id), (last.name, last.community_name, last.community_order)
        )
        person = PersonAttendance(
            kind=kind,
            person_id=person_id,
            name=name,
            community=community,
            voting=any(r.voting for r in rows),
            meetings=len(rows),
            present=statuses.count("present"),
            on_leave=statuses.count("on_leave"),
            absent=statuses.count("absent"),
            longest_run=run,
            worst_year=worst_year if worst else 0,
            worst_year_absences=worst,
            flags=tuple(flags),
        )
        out.append(((kind != "representative", order_key, community, last.name_sort, name), person))
    out.sort(key=lambda pair: pair[0])
    return AttendanceLedger(
        term_id=term_id,
        term_name=term_name,
        meetings=len(meetings),
        settings=cfg,
        rows=tuple(p for _k, p in out),
    )


def _current_names(
    session: Session, keys: set[tuple[str, str]]
) -> dict[tuple[str, str], tuple[str, str, int]]:
    """Today's name and community of the people on the rolls (a rename shows the new name)."""
    communities = {
        c.id: (c.name, c.sort_order)
        for c in session.scalars(select(Community).where(Community.deleted_at.is_(None)))
    }
    rep_ids = [pid for kind, pid in keys if kind == "representative"]
    dep_ids = [pid for kind, pid in keys if kind == "deputy"]
    out: dict[tuple[str, str], tuple[str, str, int]] = {}
    people: list[tuple[str, Representative | Deputy]] = []
    if rep_ids:
        people += [
            ("representative", p)
            for p in session.scalars(select(Representative).where(Representative.id.in_(rep_ids)))
        ]
    if dep_ids:
        people += [
            ("deputy", p) for p in session.scalars(select(Deputy).where(Deputy.id.in_(dep_ids)))
        ]
    for kind, person in people:
        community, order = communities.get(person.community_id or "", ("", 1 << 30))
        out[(kind, person.id)] = (person.name, community, order)
    return out


def meeting_lines(
    session: Session, actor: Actor, term_id: str | None = None, *, all_terms: bool = False
) -> list[MeetingLine]:
    """The meetings (of the term, default the current one; or of every term), oldest first,
    with their attendance counts, quorum and resolutions."""
    actor.require(Permission.VIEW)
    if not all_terms:
        term_id, _name = _term(session, term_id)
    meetings = _meetings(session, None if all_terms else term_id, closed_only=False)
    if not all_terms and term_id is None:
        meetings = []
    ids = [m.id for m in meetings]
    counts: dict[str, dict[tuple[bool, str], int]] = defaultdict(lambda: defaultdict(int))
    resolutions: dict[str, list[tuple[str, str]]] = defaultdict(list)
    if ids:
        for row in session.scalars(
            select(Attendance).where(
                Attendance.meeting_id.in_(ids), Attendance.deleted_at.is_(None)
            )
        ):
            counts[row.meeting_id][(bool(row.voting), row.status)] += 1
        for res in session.scalars(
            select(Resolution)
            .where(Resolution.meeting_id.in_(ids), Resolution.deleted_at.is_(None))
            .order_by(Resolution.created_at)
        ):
            resolutions[res.meeting_id].append((res.title, res.result))
    lines = []
    for m in meetings:
        c = counts[m.id]
        total = m.members_total
        if m.status == "planned":
            total = 0  # the roll is not frozen yet
        present = c[(True, "present")]
        rule = QuorumRule.from_name(m.quorum_rule)
        lines.append(
            MeetingLine(
                id=m.id,
                number=m.number,
                kind=m.kind or "representatives",
                title=m.title,
                starts_at=m.starts_at,
                venue=m.venue,
                status=m.status,
                quorum_rule=m.quorum_rule,
                members_total=total,
                present=present,
                on_leave=c[(True, "on_leave")],
                absent=c[(True, "absent")],
                deputies_present=c[(False, "present")],
                needed=rule.members_needed(total) if total else 0,
                quorate=bool(total) and rule.is_quorate(total, present),
                resolutions=tuple(resolutions[m.id]),
            )
        )
    return lines


def kind_label(kind: str) -> str:
    return gettext(PERSON_KINDS.get(kind, kind))
