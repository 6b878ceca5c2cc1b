"""The audit log, readable: filtered by person, action and date, with people's names and
what changed (field labels, old → new) in the user's language.

The stored rows stay as written (English action codes, canonical JSON; they are part of the
hash chain); this module only reads and describes them. Record ids (UUIDs) are never shown:
a row names its record by its name, title or number when the change carries one.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.i18n import N_, gettext
from desktop.models.accounts import User
from desktop.models.audit import AuditEntry
from desktop.services import audit_labels
from desktop.services.permissions import ROLE_LABELS, Actor, Permission

#: Keys never shown: ids, bookkeeping, hashes.
HIDDEN_KEYS = frozenset(
    {
        "id",
        "version",
        "created_at",
        "updated_at",
        "street_code",
        "name_sort",
        "name_initials",
        "password_hash",
        "prev_hash",
        "hash",
        "levels_json",
    }
)

FIELD_LABELS: dict[str, str] = {
    "absent": N_("Absent"),
    "address": N_("Address"),
    "agenda_item_id": N_("Agenda item"),
    "answer": N_("Answer"),
    "birth_date": N_("Birth date"),
    "category": N_("Category"),
    "channel": N_("Channel"),
    "city": N_("City"),
    "code": N_("Code"),
    "community_id": N_("Community"),
    "constituency": N_("Constituency"),
    "contact_person": N_("Contact person"),
    "content": N_("Content"),
    "convener": N_("Convener"),
    "deleted_at": N_("Deleted"),
    "department": N_("Handling unit"),
    "deputies": N_("Deputies attending"),
    "display_name": N_("Full name"),
    "district": N_("District"),
    "double_entry": N_("Double entry"),
    "due_on": N_("Due date"),
    "election": N_("Election"),
    "gender": N_("Gender"),
    "id_number": N_("ID number"),
    "issued": N_("Ballots issued"),
    "joined_on": N_("Joined on"),
    "kind": N_("Kind"),
    "leave_reason": N_("Reason for leave"),
    "left_on": N_("Left on"),
    "left_reason": N_("Reason for leaving"),
    "level": N_("Level"),
    "marks": N_("Marks"),
    "members_total": N_("Members"),
    "method": N_("Sign-in method"),
    "minute_taker": N_("Minute taker"),
    "minutes_text": N_("Minutes text"),
    "name": N_("Name"),
    "notes": N_("Notes"),
    "notice_text": N_("Notice text"),
    "number": N_("Number"),
    "on_leave": N_("On leave"),
    "pass": N_("Entry pass"),
    "phone": N_("Phone"),
    "position": N_("Position"),
    "present": N_("Present"),
    "presiding": N_("Presiding"),
    "printed": N_("Ballots printed"),
    "quorum_rule": N_("Quorum rule"),
    "quota": N_("Quota"),
    "reason": N_("Reason"),
    "reporter": N_("Reporter"),
    "result": N_("Result"),
    "result_hash": N_("Result code"),
    "role": N_("Role"),
    "sector": N_("Sector"),
    "serial": N_("Ballot number"),
    "starts_at": N_("Time"),
    "station_id": N_("Station"),
    "status": N_("Status"),
    "summary": N_("Summary"),
    "threshold_base": N_("Threshold base"),
    "threshold_ratio": N_("Threshold ratio"),
    "threshold_strict": N_("More than (strict)"),
    "title": N_("Record title"),
    "unit": N_("Workplace"),
    "username": N_("User name"),
    "venue": N_("Venue"),
    "void": N_("Void"),
    "votes_summary": N_("Votes"),
    "workplace": N_("Workplace"),
}


@dataclass(frozen=True)
class Change:
    field: str  # the label, translated
    old: str
    new: str


@dataclass(frozen=True)
class AuditLine:
    id: int
    at: datetime
    who: str  # the person's name (the user name when the account is gone)
    username: str
    action: str  # the stored code
    action_label: str  # 代表 · 修改
    subject: str  # 代表 张伟强 (no ids)
    changes: tuple[Change, ...]
    reason: str

    @property
    def changes_text(self) -> str:
        return "；".join(
            f"{c.field}：{c.old} → {c.new}" if c.old else f"{c.field}：{c.new}"
            for c in self.changes
        )


@dataclass(frozen=True)
class AuditFilter:
    username: str | None = None
    #: an entity ("opinion") or a whole action ("opinion.assign")
    action: str | None = None
    date_from: date | None = None
    date_to: date | None = None


def people(session: Session, actor: Actor) -> list[tuple[str, str]]:
    """(username, full name) of everyone who appears in the log or has an account."""
    actor.require(Permission.MANAGE_SETTINGS)
    names = _names(session)
    logged = session.scalars(select(AuditEntry.username).distinct()).all()
    users = set(names) | set(logged)
    return sorted(((u, names.get(u, u)) for u in users), key=lambda p: p[1])


def actions(session: Session, actor: Actor) -> list[tuple[str, str]]:
    """(entity, label) of the kinds of record the log has entries for."""
    actor.require(Permission.MANAGE_SETTINGS)
    codes = session.scalars(select(AuditEntry.action).distinct()).all()
    entities = sorted({code.partition(".")[0] for code in codes})
    return sorted(((e, audit_labels.entity_label(e)) for e in entities), key=lambda p: p[1])


def _names(session: Session) -> dict[str, str]:
    names = dict(session.execute(select(User.username, User.display_name)).all())
    names.setdefault("system", gettext(N_("System")))
    return {str(k): str(v) for k, v in names.items()}


def _bounds(day: date, end: bool) -> datetime:
    """A local calendar day's start (or the next day's start) in UTC, as the log stores."""
    moment = datetime.combine(day + timedelta(days=1) if end else day, time())
    return moment.astimezone().astimezone(UTC).replace(tzinfo=None)


def search(
    session: Session,
    actor: Actor,
    filters: AuditFilter = AuditFilter(),
    *,
    before_id: int | None = None,
    limit: int = 200,
) -> list[AuditLine]:
    """Newest first; pages by id (``before_id`` = the last id already shown)."""
    actor.require(Permission.MANAGE_SETTINGS)
    query = select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit)
    if before_id is not None:
        query = query.where(AuditEntry.id < before_id)
    if filters.username:
        query = query.where(AuditEntry.username == filters.username)
    if filters.action:
        if "." in filters.action:
            query = query.where(AuditEntry.action == filters.action)
        else:
            query = query.where(AuditEntry.action.like(f"{filters.action}.%"))
    if filters.date_from:
        query = query.where(AuditEntry.at >= _stored(_bounds(filters.date_from, False)))
    if filters.date_to:
        query = query.where(AuditEntry.at < _stored(_bounds(filters.date_to, True)))
    names = _names(session)
    communities = _lookup(session, "community")
    rows = list(session.scalars(query))
    titles = _titles(session, rows)
    return [
        _line(row, names, communities, titles.get((row.entity, row.entity_id), "")) for row in rows
    ]


def _titles(session: Session, rows: list[AuditEntry]) -> dict[tuple[str, str], str]:
    """(entity, id) → the record's name today, for rows whose change does not carry it."""
    from desktop.models.meetings import AgendaItem, Attendance, Meeting, Resolution
    from desktop.models.opinions import Opinion
    from desktop.models.polls import Poll
    from desktop.models.roster import Community, Deputy, Representative

    columns: dict[str, Any] = {
        "meeting": (Meeting.id, Meeting.title),
        "agenda": (AgendaItem.id, AgendaItem.title),
        "resolution": (Resolution.id, Resolution.title),
        "attendance": (Attendance.id, Attendance.name),
        "poll": (Poll.id, Poll.title),
        "opinion": (Opinion.id, Opinion.number),
        "representative": (Representative.id, Representative.name),
        "deputy": (Deputy.id, Deputy.name),
        "community": (Community.id, Community.name),
    }
    wanted: dict[str, set[str]] = {}
    for row in rows:
        if row.entity in columns and row.entity_id:
            wanted.setdefault(row.entity, set()).add(row.entity_id)
    found: dict[tuple[str, str], str] = {}
    for entity, ids in wanted.items():
        key, title = columns[entity]
        for ident, value in session.execute(select(key, title).where(key.in_(ids))):
            found[(entity, str(ident))] = str(value or "")
    return found


def _stored(moment: datetime) -> datetime:
    """The log's ``at`` is stored aware (UTC); compare like with like."""
    return moment.replace(tzinfo=UTC)


def _lookup(session: Session, what: str) -> dict[str, str]:
    from desktop.models.roster import Community

    if what == "community":
        return {str(k): str(v) for k, v in session.execute(select(Community.id, Community.name))}
    return {}


def _load(text: str | None) -> dict[str, Any]:
    if not text:
        return {}
    try:
        value = json.loads(text)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {"": value}


def value_labels() -> dict[str, dict[str, str]]:
    """Coded values in words, by field (status, kind, channel …): for lists people read."""
    return _value_labels()


def _value_labels() -> dict[str, dict[str, str]]:
    from desktop.services import meetings, opinions, polls
    from desktop.services.roster import common as roster_common

    statuses = {
        **roster_common.PERSON_STATUS_LABELS,
        **{k: gettext(v) for k, v in meetings.ATTENDANCE_LABELS.items()},
        **{k: gettext(v) for k, v in meetings.STATUS_LABELS.items()},
        **{k: gettext(v) for k, v in polls.STATUS_LABELS.items()},
        **{k: gettext(v) for k, v in opinions.STATUS_LABELS.items()},
    }
    return {
        **roster_common.VALUE_LABELS,
        "status": statuses,
        "role": {k: gettext(v) for k, v in ROLE_LABELS.items()},
        "channel": {k: gettext(v) for k, v in opinions.CHANNEL_LABELS.items()},
        "quorum_rule": {"more_than_half": "过半数", "two_thirds": "三分之二以上"},
        "kind": {
            **roster_common.VALUE_LABELS.get("kind", {}),
            **{k: gettext(v) for k, v in polls.KIND_LABELS.items()},
        },
        "marks": dict(polls.MARK_WORDS),
    }


def _shown(key: str, value: Any, labels: dict[str, dict[str, str]], ids: dict[str, str]) -> str:
    if value is None or value == "":
        return "（空）" if key else ""
    if isinstance(value, bool):
        return gettext(N_("yes")) if value else gettext(N_("no"))
    if key == "community_id":
        return ids.get(str(value), gettext(N_("(another record)")))
    if key.endswith("_id"):
        return gettext(N_("(another record)"))
    if key == "result_hash" and isinstance(value, str):
        from desktop.services.counting.tally_io import short_code

        return short_code(value)
    if key == "marks" and isinstance(value, str) and value.startswith("{"):
        value = _load(value)
    if key == "marks" and isinstance(value, dict):
        words = labels.get("marks", {})
        text = "、".join(f"{no} {words.get(str(m), str(m))}" for no, m in value.items())
        return (text or "空白") if len(text) <= 60 else text[:59] + "…"
    if isinstance(value, (dict, list)):
        text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
        return text if len(text) <= 60 else text[:59] + "…"
    text = str(value)
    if key in ("starts_at", "deleted_at", "signed_at") and "T" in text:
        try:
            return datetime.fromisoformat(text).astimezone().strftime("%Y-%m-%d %H:%M")
        except ValueError:
            return text
    text = labels.get(key, {}).get(text, text)
    return text if len(text) <= 60 else text[:59] + "…"


def _subject(entity: str, before: dict[str, Any], after: dict[str, Any], title: str) -> str:
    label = audit_labels.entity_label(entity) if entity else ""
    if title:
        return f"{label} {title}".strip()
    for key in ("name", "title", "display_name", "number", "username", "serial"):
        value = after.get(key) or before.get(key)
        if value not in (None, ""):
            shown = f"第{value}号" if key == "serial" else str(value)
            return f"{label} {shown}".strip()
    return label


def _line(
    row: AuditEntry, names: dict[str, str], communities: dict[str, str], title: str
) -> AuditLine:
    before, after = _load(row.before_json), _load(row.after_json)
    labels = _value_labels()
    changes: list[Change] = []
    for key in [*after, *(k for k in before if k not in after)]:
        if key in HIDDEN_KEYS or (key.endswith("_id") and key not in FIELD_LABELS):
            continue
        old, new = before.get(key), after.get(key)
        if key in after and key in before and old == new:
            continue
        label = FIELD_LABELS.get(key)
        changes.append(
            Change(
                field=gettext(label) if label else key,
                old=_shown(key, old, labels, communities) if key in before else "",
                new=_shown(key, new, labels, communities) if key in after else "（删除）",
            )
        )
    return AuditLine(
        id=row.id,
        at=row.at,
        who=names.get(row.username, row.username),
        username=row.username,
        action=row.action,
        action_label=audit_labels.describe(row.action),
        subject=_subject(row.entity, before, after, title),
        changes=tuple(changes),
        reason=row.reason,
    )
