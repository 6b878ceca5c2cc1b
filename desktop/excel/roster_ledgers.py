"""The roster's four ledgers: representatives, deputies, stations, deputies' contacts."""

from __future__ import annotations

from collections.abc import Collection, Iterator
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.errors import NotFound
from desktop.excel.adapter import Existing, LedgerAdapter, register
from desktop.excel.dates import MonthDate
from desktop.excel.spec import CellProblem, Column, Ledger
from desktop.i18n import N_
from desktop.models.bulk import insert_synced
from desktop.models.roster import Community, Deputy, DeputyContact, Representative, Station
from desktop.services import roster
from desktop.services.permissions import Actor
from desktop.services.roster import deputies as roster_deputies
from desktop.services.roster import search
from desktop.services.roster.common import (
    CONTACT_KIND_LABELS,
    CONTACT_STATUS_LABELS,
    ELECTION_LABELS,
    FREQUENCY_LABELS,
    GENDER_LABELS,
    LEVEL_LABELS,
    PERSON_STATUS_LABELS,
    SECTOR_LABELS,
    STATION_KIND_LABELS,
    STATION_STATUS_LABELS,
)
from desktop.services.validators import birth_date_from_id


def _choices(labels: dict[str, str]) -> tuple[tuple[str, str], ...]:
    return tuple(labels.items())


RECORD_ID = Column(
    "id",
    "系统编号",
    "record_id",
    width=38,
    note="由议事通填写，用于再次导入时更新同一条记录；新增的行请留空。",
)


def _blank(value: Any) -> Any:
    return None if value == "" else value


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _dates_in_order(values: dict[str, Any], start: str, end: str) -> list[tuple[str, CellProblem]]:
    a, b = values.get(start), values.get(end)
    if isinstance(a, date) and isinstance(b, date) and b < a:
        return [(end, CellProblem(N_("The end date is before the start date")))]
    return []


def _by_name(session: Session, model: Any) -> dict[str, str]:
    rows = session.execute(
        select(model.name, model.id).where(model.deleted_at.is_(None)).order_by(model.created_at)
    )
    out: dict[str, str] = {}
    for name, id_ in rows:
        out.setdefault(name, id_)
    return out


# ----------------------------------------------------------------------------- representatives


def _rep_check(values: dict[str, Any]) -> list[tuple[str, CellProblem]]:
    """The representative service's own rules (roster.birth_date_problem, leaving_problem),
    on the columns the file has."""
    problems = _dates_in_order(values, "joined_on", "left_on")
    birth = roster.birth_date_problem(values.get("id_number"), values.get("birth_date"))
    if birth is not None:
        problems.append(("birth_date", CellProblem(birth)))
    if "left_on" in values and (
        left := roster.leaving_problem(values.get("status"), values["left_on"])
    ):
        problems.append(("left_on", CellProblem(left)))
    return problems


def _rep_derive(values: dict[str, Any]) -> list[tuple[str, CellProblem]]:
    """The birth date the database derives from the ID number: filled in for a blank cell,
    and for a year-month (1964.07) that agrees with it; a month that disagrees is refused."""
    idn = values.get("id_number")
    from_id = birth_date_from_id(idn) if idn else None
    if from_id is None or "birth_date" not in values:
        return []
    birth = values["birth_date"]
    if birth is None:
        values["birth_date"] = from_id
    elif isinstance(birth, MonthDate):
        if (birth.year, birth.month) != (from_id.year, from_id.month):
            return [
                (
                    "birth_date",
                    CellProblem(
                        N_("The birth month {month} does not match the ID number ({birth})"),
                        month=f"{birth.year}.{birth.month:02d}",
                        birth=from_id.isoformat(),
                    ),
                )
            ]
        values["birth_date"] = from_id
    return []


REPRESENTATIVES = Ledger(
    kind="representatives",
    title=N_("Representatives"),
    sheet="议事代表",
    columns=(
        Column("name", "姓名", "name", required=True, max_length=32, width=10),
        Column("gender", "性别", "choice", choices=_choices(GENDER_LABELS), width=6),
        Column(
            "id_number",
            "身份证号",
            "id_number",
            personal=True,
            width=21,
            note="18位，末位可为X；请将单元格设为文本格式",
        ),
        Column("birth_date", "出生日期", "date", width=12),
        Column("community", "所属社区", "ref", required=True, width=14),
        Column("sector", "界别", "choice", choices=_choices(SECTOR_LABELS), width=10),
        Column("workplace", "工作单位", max_length=100, width=22),
        Column("position", "职务", max_length=64, width=12),
        Column("phone", "联系电话", "phone", personal=True, width=15),
        Column("address", "住址", max_length=200, personal=True, width=26),
        Column("joined_on", "任职日期", "date", width=12),
        Column("status", "状态", "choice", choices=_choices(PERSON_STATUS_LABELS), width=8),
        Column("left_on", "离任日期", "date", width=12),
        Column("left_reason", "离任原因", max_length=200, width=14),
        Column("notes", "备注", "note", max_length=2000, width=20),
        RECORD_ID,
    ),
    match_keys=(("id_number",), ("name", "community")),
    unique=("id_number",),
    check=_rep_check,
    defaults=(("status", "active"), ("sector", "resident")),
    derive=_rep_derive,
    confirm=("name",),
)

_REP_FIELDS = (
    "name",
    "gender",
    "id_number",
    "birth_date",
    "sector",
    "workplace",
    "position",
    "phone",
    "address",
    "joined_on",
    "status",
    "left_on",
    "left_reason",
    "notes",
)


#: Columns a representative's record takes as the sheet gives them (dates, the ID number).
_REP_UNCONVERTED = frozenset({"birth_date", "joined_on", "left_on", "id_number", "community_id"})


class RepresentativesAdapter(LedgerAdapter):
    ledger = REPRESENTATIVES
    model = Representative

    def _term(self, session: Session) -> str:
        return roster.require_current_term(session).id

    def existing(
        self, session: Session, actor: Actor, ids: Collection[str] | None = None
    ) -> Iterator[Existing]:
        term = roster.current_term(session)
        if term is None:
            return
        communities = dict(session.execute(select(Community.id, Community.name)).all())
        t = Representative.__table__.c
        query = (
            select(t.id, t.version, t.community_id, *(t[f] for f in _REP_FIELDS))
            .where(t.deleted_at.is_(None), t.term_id == term.id)
            .order_by(t.community_id, t.name_sort, t.id)
        )
        if ids is not None:
            query = query.where(t.id.in_(list(ids)))
        for id_, version, community_id, *fields in session.execute(query):
            values = dict(zip(_REP_FIELDS, [None if v == "" else v for v in fields], strict=True))
            values["community"] = communities.get(community_id or "")
            values["id"] = id_
            yield Existing(id_, version, values)

    def references(self, session: Session) -> dict[str, list[str]]:
        return {"community": list(_by_name(session, Community))}

    def _record(self, values: dict[str, Any], communities: dict[str, str]) -> dict[str, Any]:
        record = dict(values)
        record.pop("id", None)
        if "community" in record:
            community = record.pop("community")
            record["community_id"] = communities.get(community) if community else None
        for key, value in record.items():  # text columns: "" for a blank cell, else str
            if value.__class__ is not str and key not in _REP_UNCONVERTED:
                record[key] = _text(value)
        if "name" in record:
            record["name_initials"] = search.initials(record["name"])
        idn = record.get("id_number")
        if idn and not record.get("birth_date"):
            record["birth_date"] = birth_date_from_id(idn)
        if record.get("status") == "":
            record["status"] = "active"
        if record.get("sector") == "":
            record["sector"] = "resident"
        return record

    def create(self, session: Session, actor: Actor, rows: list[dict[str, Any]]) -> list[str]:
        if not rows:
            return []
        term = self._term(session)
        communities = _by_name(session, Community)
        records = []
        for values in rows:
            record = self._record(values, communities)
            record["term_id"] = term
            records.append(record)
        ids = insert_synced(session, Representative, records, also=search.indexer("representative"))
        return ids

    def update(
        self, session: Session, actor: Actor, changes: list[tuple[str, dict[str, Any]]]
    ) -> None:
        if not changes:
            return
        communities = _by_name(session, Community)
        for start in range(0, len(changes), 900):
            chunk = dict(changes[start : start + 900])
            for obj in session.scalars(
                select(Representative).where(Representative.id.in_(list(chunk)))
            ):
                for key, value in self._record(chunk[obj.id], communities).items():
                    setattr(obj, key, value)
        session.flush()


# ----------------------------------------------------------------------------- deputies


DEPUTIES = Ledger(
    kind="deputies",
    title=N_("Deputies"),
    sheet="人大代表",
    columns=(
        Column("name", "姓名", "name", required=True, max_length=32, width=10),
        Column("gender", "性别", "choice", choices=_choices(GENDER_LABELS), width=6),
        Column(
            "level", "代表层级", "choice", required=True, choices=_choices(LEVEL_LABELS), width=12
        ),
        Column("election", "选举方式", "choice", choices=_choices(ELECTION_LABELS), width=10),
        Column("constituency", "选区", max_length=100, width=16),
        Column("unit", "工作单位", max_length=100, width=22),
        Column("position", "职务", max_length=64, width=12),
        Column("station", "联系站点", "ref", width=18),
        Column("community", "所在社区", "ref", width=12),
        Column("attends_street_meetings", "列席议事会议", "bool", width=12),
        Column("id_number", "身份证号", "id_number", personal=True, width=21),
        Column("phone", "联系电话", "phone", personal=True, width=15),
        Column("joined_on", "当选日期", "date", width=12),
        Column("status", "状态", "choice", choices=_choices(PERSON_STATUS_LABELS), width=8),
        Column("left_on", "离任日期", "date", width=12),
        Column("notes", "备注", "note", max_length=2000, width=20),
        RECORD_ID,
    ),
    match_keys=(("id_number",), ("name", "level")),
    unique=("id_number",),
    check=lambda v: _dates_in_order(v, "joined_on", "left_on"),
    defaults=(("status", "active"), ("election", "direct"), ("attends_street_meetings", True)),
    confirm=("name",),
)

_DEP_FIELDS = (
    "name",
    "gender",
    "level",
    "election",
    "constituency",
    "unit",
    "position",
    "attends_street_meetings",
    "id_number",
    "phone",
    "joined_on",
    "status",
    "left_on",
    "notes",
)


class DeputiesAdapter(LedgerAdapter):
    ledger = DEPUTIES
    model = Deputy

    def existing(
        self, session: Session, actor: Actor, ids: Collection[str] | None = None
    ) -> Iterator[Existing]:
        stations = dict(session.execute(select(Station.id, Station.name)).all())
        communities = dict(session.execute(select(Community.id, Community.name)).all())
        t = Deputy.__table__.c
        query = (
            select(t.id, t.version, t.station_id, t.community_id, *(t[f] for f in _DEP_FIELDS))
            .where(t.deleted_at.is_(None))
            .order_by(t.level, t.name_sort, t.id)
        )
        if ids is not None:
            query = query.where(t.id.in_(list(ids)))
        for row in session.execute(query).mappings():
            values = {f: _blank(row[f]) for f in _DEP_FIELDS}
            values["station"] = stations.get(row["station_id"] or "")
            values["community"] = communities.get(row["community_id"] or "")
            values["id"] = row["id"]
            yield Existing(row["id"], row["version"], values)

    def references(self, session: Session) -> dict[str, list[str]]:
        return {
            "station": list(_by_name(session, Station)),
            "community": list(_by_name(session, Community)),
        }

    def _lookups(self, session: Session) -> dict[str, dict[str, str]]:
        return {"station": _by_name(session, Station), "community": _by_name(session, Community)}

    def _record(self, lookups: dict[str, dict[str, str]], values: dict[str, Any]) -> dict[str, Any]:
        stations, communities = lookups["station"], lookups["community"]
        record: dict[str, Any] = {}
        for key, value in values.items():
            if key == "station":
                record["station_id"] = stations.get(value) if value else None
            elif key == "community":
                record["community_id"] = communities.get(value) if value else None
            elif key == "attends_street_meetings":
                record[key] = True if value is None else bool(value)
            elif key in ("joined_on", "left_on", "id_number"):
                record[key] = value
            elif key != "id":
                record[key] = _text(value)
        if "name" in record:
            record["name_initials"] = search.initials(record["name"])
        for key, default in (("status", "active"), ("election", "direct")):
            if record.get(key) == "":
                record[key] = default
        return record

    def create(self, session: Session, actor: Actor, rows: list[dict[str, Any]]) -> list[str]:
        lookups = self._lookups(session)
        records = [self._record(lookups, v) for v in rows]
        ids = insert_synced(session, Deputy, records, also=search.indexer("deputy"))
        return ids

    def update(
        self, session: Session, actor: Actor, changes: list[tuple[str, dict[str, Any]]]
    ) -> None:
        lookups = self._lookups(session)
        for id_, values in changes:
            obj = session.get(Deputy, id_)
            if obj is None:
                raise NotFound(N_("No such deputy"))
            for key, value in self._record(lookups, values).items():
                setattr(obj, key, value)
        session.flush()


# ----------------------------------------------------------------------------- stations


STATIONS = Ledger(
    kind="stations",
    title=N_("Deputy stations"),
    sheet="家站点",
    columns=(
        Column("name", "名称", required=True, max_length=100, width=24),
        Column(
            "kind", "类型", "choice", required=True, choices=_choices(STATION_KIND_LABELS), width=14
        ),
        Column("address", "地址", max_length=200, width=28),
        Column("parent", "上级站点", "ref", width=20),
        Column("community", "所在社区", "ref", width=12),
        Column(
            "activity_frequency", "活动频次", "choice", choices=_choices(FREQUENCY_LABELS), width=10
        ),
        Column("reception_day", "接待日", max_length=64, width=14),
        Column("status", "状态", "choice", choices=_choices(STATION_STATUS_LABELS), width=8),
        Column("notes", "备注", "note", max_length=2000, width=20),
        RECORD_ID,
    ),
    match_keys=(("name",),),
    unique=("name",),
    defaults=(("status", "active"),),
)

_STATION_FIELDS = (
    "name",
    "kind",
    "address",
    "activity_frequency",
    "reception_day",
    "status",
    "notes",
)


class StationsAdapter(LedgerAdapter):
    ledger = STATIONS
    model = Station

    def existing(
        self, session: Session, actor: Actor, ids: Collection[str] | None = None
    ) -> Iterator[Existing]:
        names = dict(session.execute(select(Station.id, Station.name)).all())
        communities = dict(session.execute(select(Community.id, Community.name)).all())
        t = Station.__table__.c
        query = (
            select(t.id, t.version, t.parent_id, t.community_id, *(t[f] for f in _STATION_FIELDS))
            .where(t.deleted_at.is_(None))
            .order_by(t.kind, t.name_sort, t.id)
        )
        if ids is not None:
            query = query.where(t.id.in_(list(ids)))
        for row in session.execute(query).mappings():
            values = {f: _blank(row[f]) for f in _STATION_FIELDS}
            values["parent"] = names.get(row["parent_id"] or "")
            values["community"] = communities.get(row["community_id"] or "")
            values["id"] = row["id"]
            yield Existing(row["id"], row["version"], values)

    def references(self, session: Session) -> dict[str, list[str]]:
        return {
            "parent": list(_by_name(session, Station)),
            "community": list(_by_name(session, Community)),
        }

    def _lookups(self, session: Session) -> dict[str, dict[str, str]]:
        return {"station": _by_name(session, Station), "community": _by_name(session, Community)}

    def _record(self, lookups: dict[str, dict[str, str]], values: dict[str, Any]) -> dict[str, Any]:
        stations, communities = lookups["station"], lookups["community"]
        record: dict[str, Any] = {}
        for key, value in values.items():
            if key == "parent":
                record["parent_id"] = stations.get(value) if value else None
            elif key == "community":
                record["community_id"] = communities.get(value) if value else None
            elif key != "id":
                record[key] = _text(value)
        if record.get("status") == "":
            record["status"] = "active"
        if record.get("activity_frequency") == "" or (
            "kind" in record and "activity_frequency" not in record
        ):
            record["activity_frequency"] = roster_deputies.default_frequency(record.get("kind", ""))
        return record

    def create(self, session: Session, actor: Actor, rows: list[dict[str, Any]]) -> list[str]:
        lookups = self._lookups(session)
        return insert_synced(session, Station, [self._record(lookups, v) for v in rows])

    def update(
        self, session: Session, actor: Actor, changes: list[tuple[str, dict[str, Any]]]
    ) -> None:
        lookups = self._lookups(session)
        for id_, values in changes:
            obj = session.get(Station, id_)
            if obj is None:
                raise NotFound(N_("No such station"))
            for key, value in self._record(lookups, values).items():
                setattr(obj, key, value)
        session.flush()


# ----------------------------------------------------------------------------- contacts


CONTACTS = Ledger(
    kind="contacts",
    title=N_("Fixed contacts"),
    sheet="固定联系",
    columns=(
        Column("deputy", "人大代表", "ref", required=True, width=10),
        Column("kind", "联系对象类型", "choice", choices=_choices(CONTACT_KIND_LABELS), width=12),
        Column("name", "联系对象姓名", "name", required=True, max_length=32, width=12),
        Column("phone", "联系电话", "phone", personal=True, width=15),
        Column("address", "住址", max_length=200, personal=True, width=26),
        Column("community", "所在社区", "ref", width=12),
        Column("since", "建立联系日期", "date", width=12),
        Column("status", "状态", "choice", choices=_choices(CONTACT_STATUS_LABELS), width=8),
        RECORD_ID,
    ),
    match_keys=(("deputy", "name"),),
    defaults=(("status", "active"), ("kind", "resident")),
)

_CONTACT_FIELDS = ("kind", "name", "phone", "address", "since", "status")


class ContactsAdapter(LedgerAdapter):
    ledger = CONTACTS
    model = DeputyContact

    def existing(
        self, session: Session, actor: Actor, ids: Collection[str] | None = None
    ) -> Iterator[Existing]:
        deputies = dict(session.execute(select(Deputy.id, Deputy.name)).all())
        communities = dict(session.execute(select(Community.id, Community.name)).all())
        t = DeputyContact.__table__.c
        d = Deputy.__table__.c
        query = (
            select(t.id, t.version, t.deputy_id, t.community_id, *(t[f] for f in _CONTACT_FIELDS))
            .join_from(DeputyContact.__table__, Deputy.__table__, d.id == t.deputy_id)
            .where(t.deleted_at.is_(None))
            .order_by(d.name_sort, d.id, t.name_sort, t.id)  # by deputy, in 拼音 order
        )
        if ids is not None:
            query = query.where(t.id.in_(list(ids)))
        for row in session.execute(query).mappings():
            values = {f: _blank(row[f]) for f in _CONTACT_FIELDS}
            values["deputy"] = deputies.get(row["deputy_id"])
            values["community"] = communities.get(row["community_id"] or "")
            values["id"] = row["id"]
            yield Existing(row["id"], row["version"], values)

    def references(self, session: Session) -> dict[str, list[str]]:
        live = select(Deputy.name).where(Deputy.deleted_at.is_(None), Deputy.status == "active")
        return {
            "deputy": sorted(set(session.scalars(live))),
            "community": list(_by_name(session, Community)),
        }

    def _lookups(self, session: Session) -> dict[str, dict[str, str]]:
        return {"deputy": _by_name(session, Deputy), "community": _by_name(session, Community)}

    def _record(self, lookups: dict[str, dict[str, str]], values: dict[str, Any]) -> dict[str, Any]:
        deputies, communities = lookups["deputy"], lookups["community"]
        record: dict[str, Any] = {}
        for key, value in values.items():
            if key == "deputy":
                record["deputy_id"] = deputies[value]
            elif key == "community":
                record["community_id"] = communities.get(value) if value else None
            elif key == "since":
                record[key] = value
            elif key != "id":
                record[key] = _text(value)
        if record.get("kind") == "deputy" and "name" in record:
            record["contact_deputy_id"] = deputies.get(record["name"])
        for key, default in (("status", "active"), ("kind", "resident")):
            if record.get(key) == "":
                record[key] = default
        return record

    def create(self, session: Session, actor: Actor, rows: list[dict[str, Any]]) -> list[str]:
        lookups = self._lookups(session)
        records = [self._record(lookups, v) for v in rows]
        ids = insert_synced(session, DeputyContact, records, also=search.indexer("deputy_contact"))
        return ids

    def update(
        self, session: Session, actor: Actor, changes: list[tuple[str, dict[str, Any]]]
    ) -> None:
        lookups = self._lookups(session)
        for id_, values in changes:
            obj = session.get(DeputyContact, id_)
            if obj is None:
                raise NotFound(N_("No such contact"))
            for key, value in self._record(lookups, values).items():
                setattr(obj, key, value)
        session.flush()


for _adapter in (RepresentativesAdapter(), DeputiesAdapter(), StationsAdapter(), ContactsAdapter()):
    register(_adapter)
