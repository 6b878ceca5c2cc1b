"""述职评议: a deputy's report-back to the voters and its rating (民主测评).

Guiyang (seed 002): "任期内向选区选民述职，并进行民主测评。…优秀票率未达到80%的，与代表交心
谈心". A report-back record (date, place, audience) points at an option of a rating poll
(the existing poll kind ``rating``; one option per deputy rated). Its 优秀 rate — ballots
marking the top level (优秀, or the poll's first level) over the valid ballots — is read back
from the poll's count; below the line (80% by default, a setting) the deputy is flagged for
a 谈心谈话, and the talk and the improvement agreed are recorded on the report-back.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.errors import ConflictError, NotFound, ValidationError
from desktop.i18n import N_
from desktop.models.archives import ReportBack
from desktop.models.base import utcnow
from desktop.models.polls import Poll, PollOption
from desktop.models.roster import Deputy, Term
from desktop.services import audit, counting, polls, wording
from desktop.services.activities.records import street_code
from desktop.services.archives import settings as archive_settings
from desktop.services.permissions import Actor, Permission

#: The levels of a report-back rating (述职测评), best first.
RATING_LEVELS = ("优秀", "称职", "基本称职", "不称职")
EXCELLENT = "优秀"


def below_line(excellent: int, valid: int, line_percent: int) -> bool:
    """Whether ``excellent`` of ``valid`` ballots is below ``line_percent`` % — exactly, in
    whole numbers (no rounding: 799 of 1000 is 79.9%, below 80%)."""
    if valid <= 0:
        return False
    return excellent * 100 < line_percent * valid


@dataclass(frozen=True)
class Rating:
    poll_title: str
    poll_status: str
    level: str  # the level counted as 优秀
    excellent: int
    valid: int
    levels: dict[str, int]

    @property
    def rate(self) -> Fraction | None:
        return Fraction(self.excellent, self.valid) if self.valid else None

    def percent_text(self) -> str:
        rate = self.rate
        return "—" if rate is None else wording.rate_percent(rate)


@dataclass(frozen=True)
class ReportBackView:
    id: str
    deputy_id: str
    deputy_name: str
    held_on: date
    place: str
    audience: str
    audience_count: int
    poll_id: str | None
    poll_option_no: int | None
    rating: Rating | None
    flagged: bool  # below the line
    talk_on: date | None
    talk_by: str
    talk_notes: str
    improvement: str

    @property
    def talk_due(self) -> bool:
        return self.flagged and self.talk_on is None


@dataclass(frozen=True)
class ReportBackInput:
    deputy_id: str
    held_on: date
    place: str = ""
    audience: str = ""
    audience_count: int = 0
    poll_id: str | None = None
    poll_option_no: int | None = None
    notes: str = ""


def _validate(session: Session, data: ReportBackInput, today: date) -> None:
    deputy = session.get(Deputy, data.deputy_id)
    if deputy is None or deputy.deleted_at is not None:
        raise NotFound(N_("Deputy not found"))
    if data.held_on > today:
        raise ValidationError(N_("A report-back cannot be dated in the future."), field="held_on")
    if not data.place.strip():
        raise ValidationError(N_("Where the report-back was held is required."), field="place")
    if data.audience_count < 0:
        raise ValidationError(N_("The audience cannot be negative."), field="audience_count")
    if data.poll_id is not None:
        poll = session.get(Poll, data.poll_id)
        if poll is None or poll.deleted_at is not None:
            raise NotFound(N_("Poll not found"))
        if poll.kind != counting.RATING:
            raise ValidationError(
                N_("A report-back is rated by a rating poll (测评)."), field="poll_id"
            )
        option = session.scalar(
            select(PollOption).where(
                PollOption.poll_id == poll.id,
                PollOption.no == data.poll_option_no,
                PollOption.deleted_at.is_(None),
            )
        )
        if option is None:
            raise ValidationError(
                N_("Choose the poll's line that rates this deputy."), field="poll_option_no"
            )


def record(
    session: Session, actor: Actor, data: ReportBackInput, *, today: date | None = None
) -> ReportBackView:
    actor.require(Permission.EDIT_DATA)
    _validate(session, data, today or date.today())
    row = ReportBack(
        deputy_id=data.deputy_id,
        held_on=data.held_on,
        place=data.place.strip(),
        audience=data.audience.strip(),
        audience_count=data.audience_count,
        poll_id=data.poll_id,
        poll_option_no=data.poll_option_no if data.poll_id else None,
        notes=data.notes.strip(),
        street_code=street_code(session),
    )
    session.add(row)
    session.flush()
    audit.record(session, actor, "reportback.add", "report_back", row.id, after=_snap(row))
    return view(session, row.id)


def record_talk(
    session: Session,
    actor: Actor,
    report_back_id: str,
    *,
    talk_on: date,
    talk_by: str,
    notes: str,
    improvement: str,
    today: date | None = None,
) -> ReportBackView:
    """Record the 谈心谈话 held after a rating below the line, and the improvement agreed."""
    actor.require(Permission.EDIT_DATA)
    row = _get(session, report_back_id)
    if talk_on > (today or date.today()):
        raise ValidationError(N_("A talk cannot be dated in the future."), field="talk_on")
    if talk_on < row.held_on:
        raise ValidationError(N_("The talk cannot be before the report-back."), field="talk_on")
    if not talk_by.strip() or not notes.strip() or not improvement.strip():
        raise ValidationError(
            N_("Who held the talk, what was said and the improvement agreed are all required."),
            field="talk_notes",
        )
    before = _snap(row)
    row.talk_on = talk_on
    row.talk_by = talk_by.strip()[:64]
    row.talk_notes = notes.strip()
    row.improvement = improvement.strip()
    session.flush()
    audit.record(
        session, actor, "reportback.talk", "report_back", row.id, before=before, after=_snap(row)
    )
    return view(session, row.id)


def remove(session: Session, actor: Actor, report_back_id: str, reason: str) -> None:
    actor.require(Permission.EDIT_DATA)
    row = _get(session, report_back_id)
    if not reason.strip():
        raise ValidationError(N_("A reason is required."), field="reason")
    row.deleted_at = utcnow()
    session.flush()
    audit.record(
        session, actor, "reportback.remove", "report_back", row.id, before=_snap(row), reason=reason
    )


def _get(session: Session, report_back_id: str) -> ReportBack:
    row = session.get(ReportBack, report_back_id)
    if row is None or row.deleted_at is not None:
        raise NotFound(N_("Report-back not found"))
    return row


def _snap(row: ReportBack) -> dict[str, object]:
    return {
        "deputy_id": row.deputy_id,
        "held_on": row.held_on.isoformat(),
        "place": row.place,
        "audience": row.audience,
        "audience_count": row.audience_count,
        "poll_id": row.poll_id,
        "poll_option_no": row.poll_option_no,
        "talk_on": row.talk_on.isoformat() if row.talk_on else None,
        "talk_by": row.talk_by,
        "talk_notes": row.talk_notes,
        "improvement": row.improvement,
    }


def read_rating(session: Session, poll_id: str, option_no: int) -> Rating | None:
    """The rating of one option, read back from the poll's count (None before any ballot)."""
    try:
        tally = polls.tally_view(session, poll_id)
    except (NotFound, ConflictError):
        return None
    try:
        option = tally.result.option(option_no)
    except KeyError:
        return None
    levels = dict(option.levels)
    level = (
        EXCELLENT if EXCELLENT in levels else (tally.poll.levels[0] if tally.poll.levels else "")
    )
    return Rating(
        poll_title=tally.poll.title,
        poll_status=tally.poll.status,
        level=level,
        excellent=levels.get(level, 0),
        valid=tally.result.valid,
        levels=levels,
    )


def _view(session: Session, row: ReportBack, line: int, names: dict[str, str]) -> ReportBackView:
    rating = (
        read_rating(session, row.poll_id, row.poll_option_no)
        if row.poll_id is not None and row.poll_option_no is not None
        else None
    )
    flagged = rating is not None and below_line(rating.excellent, rating.valid, line)
    return ReportBackView(
        id=row.id,
        deputy_id=row.deputy_id,
        deputy_name=names.get(row.deputy_id, ""),
        held_on=row.held_on,
        place=row.place,
        audience=row.audience,
        audience_count=row.audience_count,
        poll_id=row.poll_id,
        poll_option_no=row.poll_option_no,
        rating=rating,
        flagged=flagged,
        talk_on=row.talk_on,
        talk_by=row.talk_by,
        talk_notes=row.talk_notes,
        improvement=row.improvement,
    )


def _names(session: Session) -> dict[str, str]:
    return {did: name for did, name in session.execute(select(Deputy.id, Deputy.name))}


def view(session: Session, report_back_id: str) -> ReportBackView:
    line = archive_settings.load(session).excellent_line_percent
    return _view(session, _get(session, report_back_id), line, _names(session))


def list_report_backs(
    session: Session, *, deputy_id: str | None = None, year: int | None = None
) -> list[ReportBackView]:
    """Report-backs, newest first (one deputy's, one year's, or all)."""
    query = select(ReportBack).where(ReportBack.deleted_at.is_(None))
    if deputy_id is not None:
        query = query.where(ReportBack.deputy_id == deputy_id)
    if year is not None:
        query = query.where(
            ReportBack.held_on >= date(year, 1, 1), ReportBack.held_on <= date(year, 12, 31)
        )
    rows = session.scalars(query.order_by(ReportBack.held_on.desc(), ReportBack.id)).all()
    line = archive_settings.load(session).excellent_line_percent
    names = _names(session)
    return [_view(session, r, line, names) for r in rows]


def create_rating_poll(
    session: Session, actor: Actor, title: str, deputy_ids: list[str]
) -> polls.PollView:
    """A draft rating poll (述职测评) with one line per deputy and the levels 优秀 … 不称职."""
    names = _names(session)
    if not deputy_ids:
        raise ValidationError(N_("Choose at least one deputy to rate."), field="deputy_ids")
    options = [polls.OptionInput(names[d]) for d in deputy_ids if d in names]
    return polls.create_poll(
        session,
        actor,
        title=title,
        kind=counting.RATING,
        options=options,
        levels=RATING_LEVELS,
        positive_levels=RATING_LEVELS[:1],
    )


@dataclass(frozen=True)
class Coverage:
    term_name: str
    since: date | None
    deputies: int
    reported: int
    missing: tuple[tuple[str, str], ...]  # (deputy id, name), 拼音 order


def coverage(session: Session) -> Coverage:
    """How many active deputies have reported back within the current term."""
    term = session.scalars(
        select(Term)
        .where(Term.deleted_at.is_(None))
        .order_by((Term.status == "current").desc(), Term.started_on.desc())
        .limit(1)
    ).first()
    since = term.started_on if term else None
    people = session.execute(
        select(Deputy.id, Deputy.name)
        .where(Deputy.deleted_at.is_(None), Deputy.status == "active")
        .order_by(Deputy.name_sort, Deputy.name)
    ).all()
    query = select(ReportBack.deputy_id).where(ReportBack.deleted_at.is_(None))
    if since is not None:
        query = query.where(ReportBack.held_on >= since)
    done = set(session.scalars(query).all())
    missing = tuple((did, name) for did, name in people if did not in done)
    return Coverage(
        term_name=term.name if term else "",
        since=since,
        deputies=len(people),
        reported=len(people) - len(missing),
        missing=missing,
    )
