"""Shared pieces of the roster services: labels of coded fields, form checks, history."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.errors import ValidationError
from desktop.i18n import N_, gettext
from desktop.models.audit import AuditEntry
from desktop.services import validators

GENDER_LABELS = {"male": "男", "female": "女"}
SECTOR_LABELS = {
    "resident": "居民",
    "party_government": "党政机关",
    "enterprise": "企业",
    "social_organisation": "社会组织",
    "education_health": "教育卫生",
    "property_management": "物业",
    "other": "其他",
}
LEVEL_LABELS = {
    "national": "全国",
    "provincial": "省级",
    "city": "市级",
    "district": "区（县）级",
    "township": "乡镇级",
}
ELECTION_LABELS = {"direct": "直接选举", "indirect": "间接选举"}
STATION_KIND_LABELS = {
    "home": "人大代表之家",
    "liaison_station": "代表联络站",
    "liaison_room": "代表联络室",
    "contact_point": "代表联系点",
    "legislative_point": "立法联系点",
}
FREQUENCY_LABELS = {"monthly": "每月", "quarterly": "每季度"}
PERSON_STATUS_LABELS = {"active": "在任", "retired": "离任"}
STATION_STATUS_LABELS = {"active": "启用", "retired": "停用"}
CONTACT_STATUS_LABELS = {"active": "联系中", "retired": "已停止"}
CONTACT_KIND_LABELS = {"resident": "选民", "deputy": "基层代表"}
COMMUNITY_KIND_LABELS = {"community": "社区", "village": "村"}

#: A directly elected deputy keeps ≥5 resident contacts; an indirectly elected one ≥3
#: grass-roots deputies (GLOSSARY.md, 固定联系选民).
REQUIRED_CONTACTS = {"direct": 5, "indirect": 3}
CONTACT_KIND_FOR_ELECTION = {"direct": "resident", "indirect": "deputy"}


def problems_to_error(problems: dict[str, str]) -> None:
    """Raise the first problem as a ValidationError naming its field."""
    for field_name, message in problems.items():
        raise ValidationError(N_("{message}"), field=field_name, message=message)


def text_problem(value: str, max_length: int, required: bool = False) -> str | None:
    cleaned = validators.clean_text(value)
    if required and not cleaned:
        return gettext("Required")
    if len(cleaned) > max_length:
        return gettext("Too long: at most {n} characters").format(n=max_length)
    return None


def translated(template: str | None) -> str | None:
    return gettext(template) if template else None


def date_order_problem(start: date | None, end: date | None) -> str | None:
    if start and end and end < start:
        return gettext("The end date is before the start date")
    return None


FIELD_LABELS = {
    "name": "姓名",
    "gender": "性别",
    "id_number": "身份证号",
    "birth_date": "出生日期",
    "community_id": "社区",
    "sector": "界别",
    "workplace": "工作单位",
    "position": "职务",
    "phone": "联系电话",
    "address": "住址",
    "status": "状态",
    "joined_on": "任职日期",
    "left_on": "离任日期",
    "left_reason": "离任原因",
    "notes": "备注",
    "level": "层级",
    "election": "选举方式",
    "constituency": "选区",
    "unit": "工作单位",
    "station_id": "联系站点",
    "attends_street_meetings": "列席会议",
    "kind": "类型",
    "parent_id": "上级站点",
    "activity_frequency": "活动频次",
    "reception_day": "接待日",
    "since": "建立联系日期",
    "term_id": "届次",
    "deleted_at": "删除时间",
}
VALUE_LABELS = {
    "gender": GENDER_LABELS,
    "sector": SECTOR_LABELS,
    "status": PERSON_STATUS_LABELS,
    "level": LEVEL_LABELS,
    "election": ELECTION_LABELS,
    "kind": {**STATION_KIND_LABELS, **CONTACT_KIND_LABELS},
    "activity_frequency": FREQUENCY_LABELS,
}


def _shown(key: str, value: Any) -> str:
    if value is None or value == "":
        return "（空）"
    return VALUE_LABELS.get(key, {}).get(str(value), str(value))


@dataclass(frozen=True)
class HistoryEntry:
    at: datetime
    username: str
    action: str
    changes: str  # "field: old → new; …"
    reason: str
    who: str = ""  # the person's name (the user name is kept above for the record)


def history(session: Session, entity: str, entity_id: str) -> list[HistoryEntry]:
    """What the audit log says about one record, oldest first (retire/edit history)."""
    rows = session.scalars(
        select(AuditEntry)
        .where(AuditEntry.entity == entity, AuditEntry.entity_id == entity_id)
        .order_by(AuditEntry.id)
    )
    from desktop.services.audit import display_names

    names = display_names(session)
    out: list[HistoryEntry] = []
    for row in rows:
        before: dict[str, Any] = json.loads(row.before_json) if row.before_json else {}
        after: dict[str, Any] = json.loads(row.after_json) if row.after_json else {}
        skip = {"version", "updated_at", "created_at", "street_code", "name_initials"}
        parts = [
            f"{FIELD_LABELS.get(k, k)}：{_shown(k, before.get(k))} → {_shown(k, after.get(k))}"
            for k in sorted(set(before) | set(after))
            if k not in skip and before.get(k) != after.get(k) and before
        ]
        out.append(
            HistoryEntry(
                row.at,
                row.username,
                row.action,
                "; ".join(parts),
                row.reason,
                names.get(row.username, row.username),
            )
        )
    return out


def changed_fields(obj: Any, values: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in values.items() if getattr(obj, k) != v}
