"""一人一档: the archive of one deputy, from the records.

Guiyang (seed 002): "将代表参加学习培训、视察调研和走访选民等履职行为收入履职档案". The archive
gathers, for one deputy: the term and station, fixed contacts (with the 弱势群体 flag and the
contact rule of the settings), duty activities, street meetings (出席 / 请假 / 缺席),
opinions raised and their outcome, training days against the yearly 3–5 day norm, report-backs
and their ratings, and the points of every year with the rule that gave them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from desktop.errors import NotFound
from desktop.i18n import N_
from desktop.models.activities import DutyActivity, DutyParticipant
from desktop.models.meetings import Attendance, Meeting
from desktop.models.opinions import Opinion
from desktop.models.roster import Deputy, DeputyContact, Station, Term
from desktop.services import audit
from desktop.services.archives import points, reportbacks
from desktop.services.archives import settings as archive_settings
from desktop.services.archives.rules import ROLE_WORDS
from desktop.services.permissions import Actor, Permission
from desktop.services.roster import pairing
from desktop.services.roster.common import GENDER_LABELS

#: 每年集中学习培训时间为3—5天 (seed 002).
TRAINING_NORM = (3, 5)
ELECTION_WORDS = {"direct": "直接选举", "indirect": "间接选举"}
LEVEL_WORDS = {
    "national": "全国",
    "provincial": "省级",
    "city": "市级",
    "district": "区级",
    "township": "乡镇级",
}
ATTENDANCE_WORDS = {"present": "出席", "on_leave": "请假", "absent": "缺席", "expected": "未签到"}
OPINION_WORDS = {
    "received": "已登记",
    "assigned": "已交办",
    "answered": "已答复",
    "closed": "已办结",
    "followed_up": "已回访",
}


@dataclass(frozen=True)
class ContactRow:
    id: str
    name: str
    kind: str
    phone: str
    vulnerable: bool
    since: date | None


@dataclass(frozen=True)
class ActivityLine:
    held_on: date
    kind: str
    role: str
    place: str


@dataclass(frozen=True)
class MeetingLine:
    held_on: date
    title: str
    status: str
    leave_reason: str


@dataclass(frozen=True)
class OpinionLine:
    number: str
    received_on: date
    content: str
    status: str
    outcome: str


@dataclass(frozen=True)
class YearLine:
    year: int
    total: int
    rule: str
    training_days: int
    training_short: bool  # fewer than the norm's lower bound
    score: points.Score


@dataclass(frozen=True)
class Archive:
    deputy_id: str
    name: str
    gender: str
    level: str
    election: str
    unit: str
    position: str
    term: str
    station: str
    joined_on: date | None
    contacts: tuple[ContactRow, ...]
    contacts_required: int
    contacts_short: bool
    activities: tuple[ActivityLine, ...]
    meetings: tuple[MeetingLine, ...]
    opinions: tuple[OpinionLine, ...]
    report_backs: tuple[reportbacks.ReportBackView, ...]
    years: tuple[YearLine, ...]
    #: 结对联系的议事代表 (desktop.services.roster.pairing).
    pairs: tuple[pairing.PairView, ...] = ()

    @property
    def pairs_text(self) -> str:
        """李霞（七星岗社区）、王芳（较场口社区，已离任）; "" without pairs."""
        return "、".join(
            f"{p.representative_name}（{p.community or '—'}{'，已离任' if p.representative_left else ''}）"
            for p in self.pairs
        )

    @property
    def vulnerable_contacts(self) -> int:
        return sum(1 for c in self.contacts if c.vulnerable)

    def meeting_count(self, status: str) -> int:
        return sum(1 for m in self.meetings if m.status == ATTENDANCE_WORDS[status])


def _years(first: date | None, last: date) -> list[int]:
    start = first.year if first else last.year
    return list(range(start, last.year + 1))


def build(session: Session, deputy_id: str, *, today: date | None = None) -> Archive:
    today = today or date.today()
    deputy = session.get(Deputy, deputy_id)
    if deputy is None or deputy.deleted_at is not None:
        raise NotFound(N_("Deputy not found"))
    station = session.get(Station, deputy.station_id) if deputy.station_id else None
    term = session.scalars(
        select(Term)
        .where(Term.deleted_at.is_(None))
        .order_by((Term.status == "current").desc(), Term.started_on.desc())
        .limit(1)
    ).first()
    cfg = archive_settings.load(session)
    contacts = tuple(
        ContactRow(c.id, c.name, c.kind, c.phone, c.vulnerable, c.since)
        for c in session.scalars(
            select(DeputyContact)
            .where(
                DeputyContact.deputy_id == deputy_id,
                DeputyContact.deleted_at.is_(None),
                DeputyContact.status == "active",
            )
            .order_by(DeputyContact.name_sort, DeputyContact.name)
        )
    )
    required = cfg.contacts_required(deputy.election)
    acts = session.execute(
        select(
            DutyActivity.held_on,
            DutyActivity.kind,
            DutyParticipant.role,
            Station.name,
            DutyActivity.place,
        )
        .join(DutyParticipant, DutyParticipant.activity_id == DutyActivity.id)
        .outerjoin(Station, Station.id == DutyActivity.station_id)
        .where(
            DutyParticipant.deputy_id == deputy_id,
            DutyParticipant.deleted_at.is_(None),
            DutyActivity.deleted_at.is_(None),
            DutyActivity.held_on <= today,
        )
        .order_by(DutyActivity.held_on, DutyActivity.kind)
    ).all()
    activities = tuple(
        ActivityLine(on, kind, ROLE_WORDS.get(role, role), st or place)
        for on, kind, role, st, place in acts
    )
    meets = session.execute(
        select(
            Meeting.starts_at,
            Meeting.number,
            Meeting.title,
            Attendance.status,
            Attendance.leave_reason,
        )
        .join(Attendance, Attendance.meeting_id == Meeting.id)
        .where(
            Attendance.deputy_id == deputy_id,
            Attendance.deleted_at.is_(None),
            Meeting.deleted_at.is_(None),
            Meeting.status != "planned",
        )
        .order_by(Meeting.starts_at)
    ).all()
    meetings = tuple(
        MeetingLine(at.astimezone().date(), title, ATTENDANCE_WORDS.get(status, status), reason)
        for at, _n, title, status, reason in meets
    )
    ids = [
        row[0]
        for row in session.execute(
            text(
                "SELECT opinion.id FROM opinion, json_each(opinion.deputy_ids) AS j "
                "WHERE opinion.deleted_at IS NULL AND j.value = :d"
            ),
            {"d": deputy_id},
        )
    ]
    opinion_rows = (
        session.scalars(
            select(Opinion).where(Opinion.id.in_(ids)).order_by(Opinion.received_on, Opinion.number)
        ).all()
        if ids
        else []
    )
    opinions = tuple(
        OpinionLine(
            o.number,
            o.received_on,
            o.content,
            OPINION_WORDS.get(o.status, o.status),
            _outcome(o),
        )
        for o in opinion_rows
    )
    rbs = tuple(reportbacks.list_report_backs(session, deputy_id=deputy_id))
    first_dates = [
        d
        for d in (
            deputy.joined_on,
            activities[0].held_on if activities else None,
            meetings[0].held_on if meetings else None,
            opinions[0].received_on if opinions else None,
            min((r.held_on for r in rbs), default=None),
        )
        if d is not None
    ]
    years = []
    for year in _years(min(first_dates) if first_dates else None, today):
        sc, counts, revision = points.deputy_score(session, deputy_id, year)
        years.append(
            YearLine(
                year,
                sc.total,
                revision.label(),
                counts.training_days,
                counts.training_days < TRAINING_NORM[0],
                sc,
            )
        )
    return Archive(
        deputy_id=deputy.id,
        name=deputy.name,
        gender=GENDER_LABELS.get(deputy.gender, deputy.gender),
        level=LEVEL_WORDS.get(deputy.level, deputy.level),
        election=ELECTION_WORDS.get(deputy.election, deputy.election),
        unit=deputy.unit,
        position=deputy.position,
        term=term.name if term else "",
        station=station.name if station else "",
        joined_on=deputy.joined_on,
        contacts=contacts,
        contacts_required=required,
        contacts_short=len(contacts) < required,
        activities=activities,
        meetings=meetings,
        opinions=opinions,
        report_backs=rbs,
        years=tuple(reversed(years)),
        pairs=tuple(pairing.paired_with(session, deputy.id)),
    )


def _outcome(o: Opinion) -> str:
    parts = []
    if o.department:
        parts.append(o.department)
    if o.closed_on:
        parts.append(f"{o.closed_on.isoformat()} 办结")
    if o.satisfaction:
        parts.append(o.satisfaction)
    return "，".join(parts)


@dataclass(frozen=True)
class ContactShortfall:
    deputy_id: str
    name: str
    election: str
    have: int
    required: int


def contact_shortfalls(session: Session) -> list[ContactShortfall]:
    """Active deputies keeping fewer fixed contacts than the rule asks (拼音 order)."""
    cfg = archive_settings.load(session)
    counts: dict[str, int] = {}
    for did in session.scalars(
        select(DeputyContact.deputy_id).where(
            DeputyContact.deleted_at.is_(None), DeputyContact.status == "active"
        )
    ):
        counts[did] = counts.get(did, 0) + 1
    out = []
    for d in session.scalars(
        select(Deputy)
        .where(Deputy.deleted_at.is_(None), Deputy.status == "active")
        .order_by(Deputy.name_sort, Deputy.name)
    ):
        need = cfg.contacts_required(d.election)
        have = counts.get(d.id, 0)
        if have < need:
            out.append(
                ContactShortfall(
                    d.id, d.name, ELECTION_WORDS.get(d.election, d.election), have, need
                )
            )
    return out


def set_vulnerable(session: Session, actor: Actor, contact_id: str, vulnerable: bool) -> None:
    """Mark a fixed contact as belonging to a vulnerable group (弱势群体), or not; audited."""
    actor.require(Permission.EDIT_DATA)
    row = session.get(DeputyContact, contact_id)
    if row is None or row.deleted_at is not None:
        raise NotFound(N_("Contact not found"))
    if row.vulnerable == vulnerable:
        return
    row.vulnerable = vulnerable
    session.flush()
    audit.record(
        session,
        actor,
        "contact.vulnerable",
        "deputy_contact",
        row.id,
        before={"vulnerable": not vulnerable},
        after={"vulnerable": vulnerable},
    )


def deputy_choices(session: Session) -> list[tuple[str, str]]:
    """(id, name) of every deputy on the roster, 拼音 order."""
    return [
        (did, name)
        for did, name in session.execute(
            select(Deputy.id, Deputy.name)
            .where(Deputy.deleted_at.is_(None))
            .order_by(Deputy.name_sort, Deputy.name)
        )
    ]
