"""The duty-activity ledger (履职活动台账) in Excel: template = export = import.

Declared as data like every ledger; the adapter writes each row through
:mod:`desktop.services.activities.records`, so an imported activity passes exactly the checks
of one typed in (known type, known station, serving deputies, date within the horizon) and a
refused row stops the import with its Chinese message, nothing written. Participants are one
cell in the quick-entry form (周敏（主持）、王建华、李秀英（接待）).
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterator
from dataclasses import replace
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.excel.adapter import Existing, LedgerAdapter, register
from desktop.excel.spec import CellProblem, Column, Ledger
from desktop.i18n import N_
from desktop.models.activities import DutyActivity, DutyParticipant
from desktop.models.base import utcnow
from desktop.models.roster import Station
from desktop.services.activities import records
from desktop.services.activities import rules as rules_service
from desktop.services.permissions import Actor


def _check(values: dict[str, Any]) -> list[tuple[str, CellProblem]]:
    start, end = values.get("start_time") or "", values.get("end_time") or ""
    if start and end and str(end) < str(start):
        return [("end_time", CellProblem(N_("The activity ends before it starts.")))]
    if not values.get("station") and not values.get("place"):
        return [
            ("place", CellProblem(N_("Give the station or the place where the activity was held.")))
        ]
    return []


ACTIVITIES = Ledger(
    kind="activities",
    title=N_("Duty activities"),
    sheet="履职活动台账",
    columns=(
        Column("held_on", "活动日期", "date", required=True, width=12),
        Column("start_time", "开始时间", max_length=5, width=8),
        Column("end_time", "结束时间", max_length=5, width=8),
        Column("kind", "活动类型", "ref", required=True, width=12),
        Column("station", "家站点", "ref", width=22),
        Column("place", "其他地点", max_length=200, width=16),
        Column("organiser", "组织单位", max_length=100, width=14),
        Column(
            "participants",
            "参加代表",
            "note",
            max_length=2000,
            width=30,
            note="姓名或拼音首字母，以顿号分隔；角色写在括号里，如：周敏（主持）、王建华、李秀英（接待）",
        ),
        Column("residents", "群众人数", "int", width=8),
        Column("summary", "活动内容", "note", max_length=4000, width=40),
        Column("attachments", "附件", "note", max_length=2000, width=20),
        Column(
            "id",
            "系统编号",
            "record_id",
            width=38,
            note="由议事通填写，用于再次导入时更新同一条记录；新增的行请留空。",
        ),
    ),
    match_keys=(("held_on", "kind", "station", "place"),),
    check=_check,
)


def _stations(session: Session) -> dict[str, str]:
    out: dict[str, str] = {}
    for name, sid in session.execute(
        select(Station.name, Station.id)
        .where(Station.deleted_at.is_(None))
        .order_by(Station.created_at)
    ):
        out.setdefault(name, sid)
    return out


def _blank(value: Any) -> Any:
    return None if value in ("", 0, None) else value


class ActivitiesAdapter(LedgerAdapter):
    ledger = ACTIVITIES
    model = DutyActivity

    def existing(
        self, session: Session, actor: Actor, ids: Collection[str] | None = None
    ) -> Iterator[Existing]:
        query = (
            select(DutyActivity.id)
            .where(DutyActivity.deleted_at.is_(None))
            .order_by(DutyActivity.held_on, DutyActivity.start_time, DutyActivity.id)
        )
        if ids is not None:
            query = query.where(DutyActivity.id.in_(list(ids)))
        all_ids = list(session.scalars(query))
        for n in range(0, len(all_ids), 500):
            chunk = all_ids[n : n + 500]
            acts = {
                a.id: a
                for a in session.scalars(select(DutyActivity).where(DutyActivity.id.in_(chunk)))
            }
            rows = {r.id: r for r in records.rows_for(session, [acts[i] for i in chunk])}
            for aid in chunk:
                row, act = rows[aid], acts[aid]
                attachments = json.loads(act.attachments or "[]")
                values = {
                    "held_on": row.held_on,
                    "start_time": _blank(row.start_time),
                    "end_time": _blank(row.end_time),
                    "kind": row.kind,
                    "station": _blank(row.station_name),
                    "place": _blank(row.place),
                    "organiser": _blank(row.organiser),
                    "participants": _blank(row.participant_names),
                    "residents": row.residents,
                    "summary": _blank(row.summary),
                    "attachments": _blank("；".join(attachments)),
                    "id": aid,
                }
                yield Existing(aid, row.version, values)

    def references(self, session: Session) -> dict[str, list[str]]:
        return {
            "kind": list(rules_service.load(session).types),
            "station": list(_stations(session)),
        }

    def _input(
        self, session: Session, values: dict[str, Any], base: records.ActivityInput | None
    ) -> records.ActivityInput:
        data = base or records.ActivityInput(kind="", held_on=date.today())
        changes: dict[str, Any] = {}
        for key, value in values.items():
            if key == "id":
                continue
            if key == "station":
                changes["station_id"] = _stations(session).get(value) if value else None
            elif key == "participants":
                changes["participants"] = records.parse_people(session, value or "")
            elif key == "attachments":
                text = (value or "").replace(";", "；").replace("\n", "；")
                changes["attachments"] = tuple(a for a in text.split("；") if a.strip())
            elif key == "residents":
                changes["residents"] = int(value or 0)
            elif key == "held_on":
                changes["held_on"] = value
            else:
                changes[key] = "" if value is None else str(value)
        return replace(data, **changes)

    def create(self, session: Session, actor: Actor, rows: list[dict[str, Any]]) -> list[str]:
        return [records.record(session, actor, self._input(session, v, None)).id for v in rows]

    def update(
        self, session: Session, actor: Actor, changes: list[tuple[str, dict[str, Any]]]
    ) -> None:
        for id_, values in changes:
            base, _version = records.input_of(session, id_)
            records.update(session, actor, id_, self._input(session, values, base))

    def after_write(self, session: Session, created: list[str], updated: list[str]) -> None:
        """After an undo the engine has retired the imported activities: their attendance
        goes with them (tombstones, so the removal syncs)."""
        ids = created + updated
        for n in range(0, len(ids), 500):
            gone = select(DutyActivity.id).where(
                DutyActivity.id.in_(ids[n : n + 500]), DutyActivity.deleted_at.is_not(None)
            )
            for p in session.scalars(
                select(DutyParticipant).where(
                    DutyParticipant.activity_id.in_(gone), DutyParticipant.deleted_at.is_(None)
                )
            ):
                p.deleted_at = utcnow()
        session.flush()


register(ActivitiesAdapter())
