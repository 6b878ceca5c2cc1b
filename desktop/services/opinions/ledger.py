"""Reading the opinions ledger: one opinion's detail, filtered pages, the keyset pager, and
the work queues (due soon, overdue, unanswered …).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import and_, func, literal_column, or_, select, text
from sqlalchemy.orm import Session

from desktop.errors import ValidationError
from desktop.i18n import N_, gettext
from desktop.models.opinions import (
    Opinion,
    OpinionEvent,
)
from desktop.models.roster import Deputy, Station
from desktop.services.opinions import search as opinion_search
from desktop.services.opinions.category import category_labels
from desktop.services.opinions.common import _get, _row_of, _row_select
from desktop.services.opinions.records import (
    QUEUE_LABELS,
    QUEUES,
    SORT_COLUMNS,
    OpinionDetail,
    OpinionEventView,
    OpinionFilter,
    OpinionInput,
    OpinionRow,
)
from desktop.services.opinions.vocabulary import DUE_SOON_DAYS, parse_qr
from desktop.services.permissions import Actor, Permission


def get(
    session: Session, actor: Actor, opinion_id: str, today: date | None = None
) -> OpinionDetail:
    actor.require(Permission.VIEW)
    op = _get(session, opinion_id)
    row = _row_of(session, op, actor, today=today)
    station_name = ""
    if op.station_id:
        st = session.get(Station, op.station_id)
        station_name = st.name if st else ""
    ids = tuple(json.loads(op.deputy_ids or "[]"))
    names = tuple(d.name for d in session.scalars(select(Deputy).where(Deputy.id.in_(ids))) if ids)
    events = session.scalars(
        select(OpinionEvent)
        .where(OpinionEvent.opinion_id == op.id, OpinionEvent.deleted_at.is_(None))
        .order_by(OpinionEvent.at, OpinionEvent.id)
    )
    return OpinionDetail(
        row=row,
        station_id=op.station_id,
        station_name=station_name,
        deputy_ids=ids,
        deputy_names=names,
        followed_up_on=op.followed_up_on,
        follow_up_note=op.follow_up_note,
        notes=op.notes,
        events=tuple(
            OpinionEventView(
                e.action,
                e.from_status,
                e.to_status,
                e.on_date,
                e.username,
                e.round,
                e.department,
                e.contact_person,
                e.due_on,
                e.text,
                e.reason,
                e.satisfaction,
            )
            for e in events
        ),
    )


def input_of(session: Session, actor: Actor, opinion_id: str) -> OpinionInput:
    """What was recorded at intake, for the edit form (needs the right to see personal data)."""
    actor.require(Permission.EDIT_DATA)
    op = _get(session, opinion_id)
    return OpinionInput(
        received_on=op.received_on,
        content=op.content,
        channel=op.channel,
        category=op.category,
        community_id=op.community_id,
        station_id=op.station_id,
        deputy_ids=tuple(json.loads(op.deputy_ids or "[]")),
        anonymous=op.anonymous,
        resident_name=op.resident_name,
        resident_phone=op.resident_phone,
        resident_address=op.resident_address,
        location=op.location,
        is_public=op.is_public,
        notes=op.notes,
    )


def _filters(flt: OpinionFilter, today: date) -> list[Any]:
    conds: list[Any] = [Opinion.deleted_at.is_(None)]
    if flt.status:
        conds.append(Opinion.status == flt.status)
    if flt.queue == "due_soon":
        conds += [
            Opinion.status == "assigned",
            Opinion.due_on >= today,
            Opinion.due_on <= today + timedelta(days=DUE_SOON_DAYS),
        ]
    elif flt.queue == "overdue":
        conds += [Opinion.status == "assigned", Opinion.due_on < today]
    elif flt.queue == "unanswered":
        conds.append(Opinion.status.in_(("received", "assigned")))
    elif flt.queue == "awaiting_reassignment":
        conds += [Opinion.status == "followed_up", Opinion.satisfaction == "dissatisfied"]
    elif flt.queue:
        raise ValidationError(N_("Unknown queue: {queue}"), field="queue", queue=flt.queue)
    if flt.community_id:
        conds.append(Opinion.community_id == flt.community_id)
    if flt.category:
        conds.append(
            or_(
                Opinion.category == flt.category,
                and_(Opinion.category > flt.category + ".", Opinion.category < flt.category + "/"),
            )
        )
    if flt.channel:
        conds.append(Opinion.channel == flt.channel)
    if flt.department:
        conds.append(Opinion.department == flt.department)
    if flt.handler:
        conds.append(Opinion.handler == flt.handler)
    if flt.received_from:
        conds.append(Opinion.received_on >= flt.received_from)
    if flt.received_to:
        conds.append(Opinion.received_on <= flt.received_to)
    if flt.public_only:
        conds.append(Opinion.is_public.is_(True))
    return conds


def _default_order(flt: OpinionFilter) -> tuple[str, bool]:
    if flt.queue in ("due_soon", "overdue"):
        return ("due_on", False)
    if flt.queue == "unanswered":
        return ("received_on", False)
    return ("received_on", True)


def _like(value: str) -> str:
    return "%" + value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def query_page(
    session: Session,
    actor: Actor,
    flt: OpinionFilter,
    offset: int,
    limit: int,
    sort: tuple[str, bool] | None = None,
    *,
    today: date | None = None,
    after: tuple[Any, str] | None = None,
    ids_only: bool = False,
) -> list[OpinionRow]:
    """One page of the ledger. ``after`` = (sort value, id) of the previous page's last row
    (keyset paging: no OFFSET scan however deep the user scrolls); else ``offset`` is used.

    Never counts the whole table. A text of 3+ characters per word uses the FTS5 trigram
    index (rows in entry order unless a column sort is chosen); shorter text falls back to
    LIKE on number, name, content and location.
    """
    actor.require(Permission.VIEW)
    today = today or date.today()
    key, desc = sort or _default_order(flt)
    if key not in SORT_COLUMNS:
        raise ValidationError(N_("Cannot sort by {column}"), field="sort", column=key)
    conds = _filters(flt, today)
    words = flt.text.strip()
    scanned = parse_qr(words)
    if scanned is not None:  # a transfer letter's QR typed by a USB scanner
        conds.append(Opinion.id == scanned)
        words = ""
    stmt = _row_select()
    fts_order = False
    # FTS when every word has 3+ characters and this transaction can see the index (callers
    # run opinion_search.ensure() before opening their session; LedgerPager does); else LIKE.
    if words and opinion_search.uses_fts(words) and opinion_search.exists(session.connection()):
        fts = (
            select(
                literal_column("k.opinion_id").label("opinion_id"),
                literal_column("f.rowid").label("r"),
            )
            .select_from(text("opinion_fts AS f JOIN opinion_search_key AS k ON k.rowid = f.rowid"))
            .where(text("opinion_fts MATCH :q"))
            .subquery("m")
        )
        stmt = stmt.join(fts, fts.c.opinion_id == Opinion.id).params(
            q=opinion_search.match_expression(words)
        )
        fts_order = sort is None
    elif words:
        for word in words.split():
            pattern = _like(word)
            conds.append(
                or_(
                    Opinion.number.like(pattern, escape="\\"),
                    Opinion.resident_name.like(pattern, escape="\\"),
                    Opinion.content.like(pattern, escape="\\"),
                    Opinion.location.like(pattern, escape="\\"),
                    Opinion.department.like(pattern, escape="\\"),
                )
            )
    col = SORT_COLUMNS[key]
    if fts_order:
        stmt = stmt.where(*conds).order_by(fts.c.r.desc()).offset(offset).limit(limit)
    else:
        if after is not None:
            value, last_id = after
            if desc:
                conds.append(or_(col < value, and_(col == value, Opinion.id < last_id)))
            else:
                conds.append(or_(col > value, and_(col == value, Opinion.id > last_id)))
        order: list[Any] = (
            [col.desc(), Opinion.id.desc()] if desc else [col.asc(), Opinion.id.asc()]
        )
        stmt = stmt.where(*conds).order_by(*order).limit(limit)
        if after is None:
            stmt = stmt.offset(offset)
    if ids_only:
        ids: list[Any] = [
            tuple(r) for r in session.execute(stmt.with_only_columns(Opinion.id, col))
        ]
        return ids
    labels = category_labels(session)
    return [
        _row_of(session, op, actor, community_name or "", labels, today)
        for op, community_name in session.execute(stmt).all()
    ]


def query_ids(
    session: Session,
    actor: Actor,
    flt: OpinionFilter,
    offset: int,
    limit: int,
    sort: tuple[str, bool] | None = None,
    *,
    today: date | None = None,
    after: tuple[Any, str] | None = None,
) -> list[tuple[str, Any]]:
    """(id, sort value) of the rows :func:`query_page` would return, without building rows
    (for exporting a long list in the order shown)."""
    rows: list[Any] = query_page(
        session, actor, flt, offset, limit, sort, today=today, after=after, ids_only=True
    )
    return rows


#: Sort keys whose column is never NULL: these page by keyset; the others by OFFSET.
KEYSET_SORTS = frozenset(
    {
        "number",
        "received_on",
        "channel",
        "category",
        "status",
        "department",
        "handler",
        "satisfaction",
        "resident_name",
    }
)


class LedgerPager:
    """``fetch(offset, limit, sort)`` for :class:`PagedTableModel`, with keyset cursors.

    Remembers the last row of each page it served, so the next page continues from there
    (``WHERE (sort, id) < cursor``) instead of skipping ``offset`` rows. Random offsets (not
    following a served page) and FTS-ordered results fall back to OFFSET.
    """

    def __init__(
        self, db: Any, actor: Actor, flt: OpinionFilter | None = None, today: date | None = None
    ) -> None:
        self.db = db
        self.actor = actor
        self.filter = flt or OpinionFilter()
        self.today = today
        self._cursors: dict[tuple[int, Any], tuple[Any, str]] = {}

    def fetch(self, offset: int, limit: int, sort: tuple[str, bool] | None) -> list[OpinionRow]:
        key, _desc = sort or _default_order(self.filter)
        fts_order = sort is None and opinion_search.uses_fts(self.filter.text.strip())
        keyset = not fts_order and key in KEYSET_SORTS
        after = self._cursors.get((offset, sort)) if keyset and offset else None
        if opinion_search.uses_fts(self.filter.text.strip()):
            opinion_search.ensure(self.db.engine)
        with self.db.session() as s:
            rows = query_page(
                s, self.actor, self.filter, offset, limit, sort, today=self.today, after=after
            )
        if rows and keyset:
            self._cursors[(offset + len(rows), sort)] = (getattr(rows[-1], key), rows[-1].id)
        return rows

    def iter_ids(self, sort: tuple[str, bool] | None = None, chunk: int = 5000) -> Iterator[str]:
        """The ids of every row the list shows, in its order (keyset-paged, light)."""
        key, _desc = sort or _default_order(self.filter)
        fts_order = sort is None and opinion_search.uses_fts(self.filter.text.strip())
        keyset = not fts_order and key in KEYSET_SORTS
        offset, after = 0, None
        if opinion_search.uses_fts(self.filter.text.strip()):
            opinion_search.ensure(self.db.engine)
        while True:
            with self.db.session() as s:
                batch = query_ids(
                    s, self.actor, self.filter, offset, chunk, sort, today=self.today, after=after
                )
            for oid, _value in batch:
                yield oid
            if len(batch) < chunk:
                return
            offset += len(batch)
            if keyset:
                after = (batch[-1][1], batch[-1][0])

    def iter_all(
        self, sort: tuple[str, bool] | None = None, chunk: int = 2000
    ) -> Iterator[OpinionRow]:
        offset = 0
        while True:
            batch = self.fetch(offset, chunk, sort)
            yield from batch
            if len(batch) < chunk:
                return
            offset += len(batch)


# ---------------------------------------------------------------------------- queues


@dataclass(frozen=True)
class QueueCount:
    key: str
    label: str
    count: int
    #: True when the queue holds more than ``count`` (counting stops at QUEUE_COUNT_CAP).
    capped: bool = False

    @property
    def text(self) -> str:
        return f"{self.count}+" if self.capped else str(self.count)


@dataclass(frozen=True)
class OverdueGroup:
    name: str  # department or staff member
    count: int
    oldest_due: date


#: Queue sizes are counted up to this many rows ("999+"), so showing them costs the same
#: however large the ledger (and its backlog) grows.
QUEUE_COUNT_CAP = 999


def queue_counts(
    session: Session, actor: Actor, today: date | None = None, cap: int = QUEUE_COUNT_CAP
) -> list[QueueCount]:
    """Sizes of the work queues: index range scans on (status, due_on / received_on /
    satisfaction), each stopped after ``cap`` rows."""

    actor.require(Permission.VIEW)
    today = today or date.today()
    result = []
    for key in QUEUES:
        conds = _filters(OpinionFilter(queue=key), today)
        inner = select(Opinion.id).where(*conds).limit(cap + 1).subquery()
        n = int(session.scalar(select(func.count()).select_from(inner)) or 0)
        result.append(QueueCount(key, gettext(QUEUE_LABELS[key]), min(n, cap), n > cap))
    return result


def overdue_by(
    session: Session, actor: Actor, by: str, today: date | None = None
) -> list[OverdueGroup]:
    """Overdue (assigned, unanswered, past due) grouped by ``department`` or ``handler``."""
    actor.require(Permission.VIEW)
    today = today or date.today()
    if by not in ("department", "handler"):
        raise ValidationError(N_("Group by department or handler."), field="by")
    col = Opinion.department if by == "department" else Opinion.handler
    stmt = (
        select(col, func.count(), func.min(Opinion.due_on))
        .where(*_filters(OpinionFilter(queue="overdue"), today))
        .group_by(col)
        .order_by(func.count().desc(), col)
    )
    return [
        OverdueGroup(name or "", int(n), oldest or today)
        for name, n, oldest in session.execute(stmt)
    ]


def departments(session: Session, actor: Actor) -> list[str]:
    """Departments used so far (for the assignment form's completer)."""
    actor.require(Permission.VIEW)
    stmt = (
        select(OpinionEvent.department)
        .where(OpinionEvent.department != "", OpinionEvent.action.in_(("assign", "reopen")))
        .distinct()
        .order_by(OpinionEvent.department)
        .limit(500)
    )
    return [d for d in session.scalars(stmt)]
