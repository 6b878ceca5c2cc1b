"""The residents' opinions ledger (群众意见建议台账) for the generic Excel engine: one layout
for the template, the export of what the list shows, and the import of historical ledgers.

Imported rows carry their workflow state as the old ledger recorded it (status, department,
dates, reply, satisfaction); each new record gets one ``import`` event so its history says
where it came from. Cross-field rules (an answered row needs a department and an answer date,
dates in order, …) are checked per row before anything is written.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.excel import bulk
from desktop.excel.adapter import Existing, LedgerAdapter, register
from desktop.excel.spec import CellProblem, Column, Ledger
from desktop.i18n import N_
from desktop.models.base import utcnow
from desktop.models.opinions import Opinion, OpinionEvent
from desktop.models.roster import Community
from desktop.services import opinions as svc
from desktop.services.opinions import search as opinion_search
from desktop.services.permissions import Actor, Permission

KIND = "opinions"

_CHANNELS = (
    ("reception_day", "接待选民日"),
    ("forum", "民情恳谈会"),
    ("visit", "走访"),
    ("phone", "电话"),
    ("letter", "来信"),
    ("qr", "码上提"),
    ("other", "其他渠道"),
)
_STATUSES = (
    ("received", "已登记"),
    ("assigned", "已交办"),
    ("answered", "已答复"),
    ("closed", "已办结"),
    ("followed_up", "已回访"),
)
_REASONS = (
    ("resolved", "已解决"),
    ("explained", "已解释说明"),
    ("not_responsible", "不属职责范围"),
    ("duplicate", "重复意见"),
    ("referred", "已转其他渠道"),
)
_SATISFACTION = (
    ("satisfied", "满意"),
    ("basically_satisfied", "基本满意"),
    ("dissatisfied", "不满意"),
)

_ORDER = {s: i for i, (s, _l) in enumerate(_STATUSES)}


def _check(values: dict[str, Any]) -> list[tuple[str, CellProblem]]:
    problems: list[tuple[str, CellProblem]] = []
    status = values.get("status") or "received"
    rank = _ORDER.get(status, 0)
    needs = []
    if rank >= _ORDER["assigned"] and values.get("close_reason") not in svc.CLOSE_WITHOUT_ANSWER:
        needs += ["department", "assigned_on"]
    if rank >= _ORDER["answered"] and values.get("close_reason") not in svc.CLOSE_WITHOUT_ANSWER:
        needs += ["answered_on"]
    if rank >= _ORDER["closed"]:
        needs += ["closed_on", "close_reason"]
    if rank >= _ORDER["followed_up"]:
        needs += ["satisfaction"]
    for key in needs:
        if values.get(key) in (None, ""):
            problems.append((key, CellProblem(N_("Required for an opinion in this state"))))
    dates = ["received_on", "assigned_on", "answered_on", "closed_on"]
    last: date | None = None
    for key in dates:
        value = values.get(key)
        if isinstance(value, date):
            if last is not None and value < last:
                problems.append((key, CellProblem(N_("Earlier than the previous step's date"))))
            last = value
    if not values.get("anonymous") and not values.get("resident_name"):
        problems.append(
            ("resident_name", CellProblem(N_("Enter the resident's name, or write 是 under 匿名")))
        )
    return problems


LEDGER = Ledger(
    kind=KIND,
    title="群众意见建议台账",
    sheet="群众意见建议台账",
    columns=(
        Column("id", "记录号", "record_id", width=38, note="系统生成，新增时留空"),
        Column("number", "编号", width=14, max_length=32, note="留空则自动编号"),
        Column("received_on", "登记日期", "date", required=True, width=12),
        Column("channel", "反映渠道", "choice", required=True, choices=_CHANNELS, width=12),
        Column("community", "社区", "ref", width=14),
        Column("category", "分类", "ref", required=True, width=16),
        Column("anonymous", "匿名", "bool", width=6),
        Column("resident_name", "群众姓名", max_length=32, width=10),
        Column("resident_phone", "联系电话", "phone", personal=True, width=14),
        Column("resident_address", "住址", max_length=200, personal=True, width=24),
        Column("content", "意见内容", required=True, max_length=5000, width=40),
        Column("location", "问题地点", max_length=200, width=18),
        Column("status", "办理状态", "choice", required=True, choices=_STATUSES, width=10),
        Column("department", "承办单位", max_length=100, width=16),
        Column("contact_person", "承办联系人", max_length=64, width=10),
        Column("assigned_on", "交办日期", "date", width=12),
        Column("due_on", "答复期限", "date", width=12),
        Column("answered_on", "答复日期", "date", width=12),
        Column("reply", "答复内容", max_length=5000, width=30),
        Column("closed_on", "办结日期", "date", width=12),
        Column("close_reason", "办结方式", "choice", choices=_REASONS, width=12),
        Column("satisfaction", "满意度", "choice", choices=_SATISFACTION, width=10),
        Column("is_public", "公开", "bool", width=6),
    ),
    match_keys=(("number",),),
    unique=("number",),
    check=_check,
    defaults=(("anonymous", False), ("is_public", False)),
)

_FIELDS = (
    "number",
    "received_on",
    "channel",
    "anonymous",
    "resident_name",
    "resident_phone",
    "resident_address",
    "content",
    "location",
    "status",
    "department",
    "contact_person",
    "assigned_on",
    "due_on",
    "answered_on",
    "reply",
    "closed_on",
    "close_reason",
    "satisfaction",
    "is_public",
)


class OpinionLedgerAdapter(LedgerAdapter):
    ledger = LEDGER
    model = Opinion
    permission = Permission.EDIT_DATA

    def _names(self, session: Session) -> tuple[dict[str, str], dict[str, str]]:
        coms = dict(
            session.execute(
                select(Community.id, Community.name).where(Community.deleted_at.is_(None))
            ).all()
        )
        return coms, svc.category_labels(session)

    def existing(
        self, session: Session, actor: Actor, ids: Collection[str] | None = None
    ) -> Iterator[Existing]:
        """All opinions newest first, or exactly ``ids`` in the order given (the list's)."""
        actor.require(Permission.VIEW)
        coms, cats = self._names(session)
        cols = [Opinion.id, Opinion.version, Opinion.community_id, Opinion.category] + [
            getattr(Opinion, f) for f in _FIELDS
        ]

        def convert(row: Any) -> Existing:
            values = dict(zip(_FIELDS, row[4:], strict=True))
            values["id"] = row[0]
            values["community"] = coms.get(row[2], "") if row[2] else None
            values["category"] = cats.get(row[3], row[3])
            for key, value in values.items():
                if value == "":
                    values[key] = None
            if values["anonymous"]:
                values["resident_name"] = None
            return Existing(row[0], row[1], values)

        if ids is None:
            stmt = (
                select(*cols)
                .where(Opinion.deleted_at.is_(None))
                .order_by(Opinion.received_on.desc(), Opinion.id.desc())
            )
            for row in session.execute(stmt).yield_per(2000):
                yield convert(row)
            return
        order = list(ids)
        for start in range(0, len(order), 900):
            chunk = order[start : start + 900]
            found = {
                r[0]: r
                for r in session.execute(
                    select(*cols).where(Opinion.id.in_(chunk), Opinion.deleted_at.is_(None))
                )
            }
            for oid in chunk:
                if oid in found:
                    yield convert(found[oid])

    def references(self, session: Session) -> dict[str, list[str]]:
        coms, cats = self._names(session)
        return {"community": sorted(coms.values()), "category": list(cats.values())}

    def _to_model(self, session: Session, values: dict[str, Any]) -> dict[str, Any]:
        coms, cats = self._names(session)
        com_by_name = {v: k for k, v in coms.items()}
        cat_by_label = {v: k for k, v in cats.items()}
        cat_by_label.update({k: k for k in cats})
        out: dict[str, Any] = {}
        for key, value in values.items():
            if key in ("id",):
                continue
            if key == "community":
                out["community_id"] = com_by_name.get(value) if value else None
            elif key == "category":
                out["category"] = cat_by_label.get(value, "other") if value else "other"
            elif key in (
                "close_reason",
                "satisfaction",
                "resident_name",
                "resident_phone",
                "resident_address",
                "location",
                "department",
                "contact_person",
                "reply",
                "number",
            ):
                out[key] = value or ""
            elif key in ("anonymous", "is_public"):
                out[key] = bool(value)
            else:
                out[key] = value
        return out

    def create(self, session: Session, actor: Actor, rows: list[dict[str, Any]]) -> list[str]:
        actor.require(Permission.EDIT_DATA)
        records = []
        numbers: dict[int, int] = {}
        for values in rows:
            rec = self._to_model(session, values)
            rec.setdefault("status", "received")
            if not rec.get("number"):
                year = rec["received_on"].year
                if year not in numbers:
                    last = svc.next_number(session, year)
                    numbers[year] = int(last.rsplit("-", 1)[1]) - 1
                numbers[year] += 1
                rec["number"] = f"YJ{year}-{numbers[year]:05d}"
            rank = _ORDER.get(rec["status"], 0)
            rec["round"] = 1 if rank >= _ORDER["assigned"] and rec.get("assigned_on") else 0
            if rec.get("anonymous"):
                rec.update(resident_name="", resident_phone="", resident_address="")
            records.append(rec)
        ids = bulk.insert_synced(session, Opinion, records)
        now = utcnow()
        events = [
            {
                "opinion_id": oid,
                "action": "import",
                "from_status": "",
                "to_status": rec["status"],
                "on_date": rec["received_on"],
                "at": now,
                "username": actor.username,
                "round": rec["round"],
                "department": rec.get("department", ""),
                "contact_person": rec.get("contact_person", ""),
                "due_on": rec.get("due_on"),
                "text": "",
                "reason": rec.get("close_reason", ""),
                "satisfaction": rec.get("satisfaction", ""),
            }
            for oid, rec in zip(ids, records, strict=True)
        ]
        bulk.insert_synced(session, OpinionEvent, events)
        return ids

    def update(
        self, session: Session, actor: Actor, changes: list[tuple[str, dict[str, Any]]]
    ) -> None:
        actor.require(Permission.EDIT_DATA)
        for oid, values in changes:
            op = session.get(Opinion, oid)
            if op is None:
                continue
            for key, value in self._to_model(session, values).items():
                setattr(op, key, value)

    def after_write(self, session: Session, created: list[str], updated: list[str]) -> None:
        session.flush()
        for start in range(0, len(created) + len(updated), 500):
            chunk = (created + updated)[start : start + 500]
            for op in session.scalars(select(Opinion).where(Opinion.id.in_(chunk))):
                opinion_search.index_row(
                    session,
                    {
                        "id": op.id,
                        "number": op.number,
                        "resident_name": "" if op.anonymous else op.resident_name,
                        "content": op.content,
                        "location": op.location,
                        "department": op.department,
                    },
                )


ADAPTER = register(OpinionLedgerAdapter())
