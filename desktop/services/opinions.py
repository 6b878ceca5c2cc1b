"""Residents' opinions ledger (群众意见建议台账): intake, the workflow, deadlines, queues,
duplicates, statistics and masking of personal data.

Workflow (GLOSSARY.md), one transaction + one ``opinion_event`` + one audit row per transition::

    received ──assign──▶ assigned ──answer──▶ answered ──close──▶ closed ──follow_up──▶ followed_up
       │                  │  ▲ assign (transfer to another department)                   │
       └──close (duplicate / not_responsible / referred)──▶ closed                       │
                          ▲─────────────── reopen (only after a dissatisfied follow-up) ◀─┘

Anything else is refused with a :class:`ConflictError` naming the state and the action.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any

from sqlalchemy import and_, case, func, literal_column, or_, select, text
from sqlalchemy.orm import Session

from desktop.errors import ConflictError, NotFound, ValidationError
from desktop.i18n import N_, gettext
from desktop.models.base import utcnow
from desktop.models.opinions import (
    CHANNELS,
    CLOSE_REASONS,
    SATISFACTIONS,
    STATUSES,
    Opinion,
    OpinionEvent,
)
from desktop.models.roster import Community, Deputy, Station
from desktop.models.settings import Setting
from desktop.services import audit, opinion_search, workdays
from desktop.services import settings as settings_service
from desktop.services.permissions import Actor, Permission

# ---------------------------------------------------------------------------- vocabulary

CHANNEL_LABELS = {
    "reception_day": N_("Voter reception day"),
    "forum": N_("Forum"),
    "visit": N_("Visit"),
    "phone": N_("Phone call"),
    "letter": N_("Letter"),
    "qr": N_("Scan QR code"),
    "other": N_("Other channel"),
    "meeting": N_("Representatives' meeting"),
}
STATUS_LABELS = {
    "received": N_("Registered"),
    "assigned": N_("Assigned to department"),
    "answered": N_("Answered"),
    "closed": N_("Concluded"),
    "followed_up": N_("Followed up"),
}
CLOSE_REASON_LABELS = {
    "resolved": N_("Problem solved"),
    "explained": N_("Explained to the resident"),
    "not_responsible": N_("Not our responsibility"),
    "duplicate": N_("Duplicate opinion"),
    "referred": N_("Referred elsewhere"),
}
SATISFACTION_LABELS = {
    "satisfied": N_("Satisfied"),
    "basically_satisfied": N_("Basically satisfied"),
    "dissatisfied": N_("Dissatisfied"),
}
ACTION_LABELS = {
    "register": N_("register"),
    "assign": N_("assign"),
    "answer": N_("answer"),
    "close": N_("close"),
    "follow_up": N_("follow up"),
    "reopen": N_("reopen"),
    "import": N_("import"),
    "urge": N_("urge (催办)"),
}
#: Closing straight from "received" (without an assignment) is allowed only for these.
CLOSE_WITHOUT_ANSWER = ("not_responsible", "duplicate", "referred")
#: 办理结果 chosen with the answer: the reply slip's check boxes (□ 已解决 □ 已解释说明
#: □ 不属职责范围 □ 已转其他渠道), in that order; kept on the answer event and offered as
#: the conclusion when the opinion is closed.
ANSWER_OUTCOMES = ("resolved", "explained", "not_responsible", "referred")

#: (action, from status) → to status. The whole state machine.
TRANSITIONS: dict[tuple[str, str], str] = {
    ("assign", "received"): "assigned",
    ("assign", "assigned"): "assigned",
    ("answer", "assigned"): "answered",
    ("close", "answered"): "closed",
    ("close", "received"): "closed",
    ("follow_up", "closed"): "followed_up",
    ("reopen", "followed_up"): "assigned",
}

#: The default category tree (configurable: stored as JSON in the setting table).
DEFAULT_CATEGORIES: list[dict[str, Any]] = [
    {
        "code": "urban",
        "label": "城建",
        "children": [
            {"code": "urban.roads", "label": "道路设施"},
            {"code": "urban.old_estates", "label": "老旧小区改造"},
            {"code": "urban.drainage", "label": "排水管网"},
            {"code": "urban.lifts", "label": "加装电梯"},
        ],
    },
    {
        "code": "environment",
        "label": "环境",
        "children": [
            {"code": "environment.sanitation", "label": "环境卫生"},
            {"code": "environment.noise", "label": "噪声扰民"},
            {"code": "environment.greening", "label": "绿化"},
        ],
    },
    {
        "code": "transport",
        "label": "交通",
        "children": [
            {"code": "transport.parking", "label": "停车"},
            {"code": "transport.bus", "label": "公交线路"},
        ],
    },
    {"code": "education", "label": "教育", "children": []},
    {"code": "health", "label": "医疗", "children": []},
    {"code": "elderly", "label": "养老", "children": []},
    {
        "code": "governance",
        "label": "社会治理",
        "children": [
            {"code": "governance.safety", "label": "治安消防"},
            {"code": "governance.property", "label": "物业管理"},
        ],
    },
    {"code": "other", "label": "其他", "children": []},
]
CATEGORY_SETTING_KEY = "opinion_categories"

#: QR text on a transfer letter: ``YSO|<street code>|<opinion id>`` (cf. services/cards.py).
OPINION_QR_PREFIX = "YSO"
_QR_RE = re.compile(
    r"^\s*YSO[|｜\\/](\d{12})[|｜\\/]"
    r"([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\s*$",
    re.IGNORECASE,
)

DUE_SOON_DAYS = 3
DUPLICATE_WINDOW_DAYS = 30
DUPLICATE_THRESHOLD = 0.3


# ---------------------------------------------------------------------------- categories


@dataclass(frozen=True)
class Category:
    code: str
    label: str
    parent: str  # "" for a top-level category

    @property
    def top(self) -> str:
        return self.code.split(".", 1)[0]


def _flatten(tree: Sequence[dict[str, Any]], parent: str = "") -> list[Category]:
    result: list[Category] = []
    for node in tree:
        code = str(node.get("code", "")).strip()
        label = str(node.get("label", "")).strip()
        if not code or not label:
            raise ValidationError(
                N_("Every category needs a code and a label."), field="categories"
            )
        result.append(Category(code, label, parent))
        result.extend(_flatten(node.get("children", []) or [], code))
    return result


def category_tree(session: Session) -> list[dict[str, Any]]:
    row = session.get(Setting, CATEGORY_SETTING_KEY)
    value = json.loads(row.value_json) if row is not None else None
    # A deep copy: callers (the category editor) change what they get.
    return list(value) if isinstance(value, list) else copy.deepcopy(DEFAULT_CATEGORIES)


def categories(session: Session) -> list[Category]:
    return _flatten(category_tree(session))


def category_labels(session: Session) -> dict[str, str]:
    """code → "城建/道路设施" (the full path, as the ledger shows it)."""
    flat = categories(session)
    by_code = {c.code: c for c in flat}
    labels: dict[str, str] = {}
    for c in flat:
        labels[c.code] = f"{by_code[c.parent].label}/{c.label}" if c.parent in by_code else c.label
    return labels


def category_usage(session: Session) -> dict[str, int]:
    """code → how many live opinions carry it (the category editor shows it)."""
    rows = session.execute(
        select(Opinion.category, func.count())
        .where(Opinion.deleted_at.is_(None))
        .group_by(Opinion.category)
    )
    return {code: int(n) for code, n in rows}


def save_category_tree(session: Session, actor: Actor, tree: list[dict[str, Any]]) -> None:
    """Replace the category tree (admin). Codes must be unique; children's codes start with
    their parent's code and a dot, so statistics can group by the top level."""
    actor.require(Permission.MANAGE_SETTINGS)
    flat = _flatten(tree)
    codes = [c.code for c in flat]
    if len(set(codes)) != len(codes):
        raise ValidationError(N_("Category codes must be unique."), field="categories")
    for c in flat:
        if c.parent and not c.code.startswith(c.parent + "."):
            raise ValidationError(
                N_("Category code {code} must start with {parent}."),
                field="categories",
                code=c.code,
                parent=c.parent + ".",
            )
    before = category_tree(session)
    # A category still on an opinion stays: removing it would leave rows with a bare code.
    removed = {c.code for c in _flatten(before)} - set(codes)
    if removed:
        in_use = session.execute(
            select(Opinion.category, func.count())
            .where(Opinion.category.in_(sorted(removed)), Opinion.deleted_at.is_(None))
            .group_by(Opinion.category)
            .order_by(Opinion.category)
        ).first()
        if in_use is not None:
            label = category_labels(session).get(in_use[0], in_use[0])
            raise ValidationError(
                N_("Category {label} is used by {count} opinion(s) and can't be removed."),
                field="categories",
                label=label,
                count=in_use[1],
            )
    encoded = json.dumps(tree, ensure_ascii=False)
    row = session.get(Setting, CATEGORY_SETTING_KEY)
    if row is None:
        session.add(Setting(key=CATEGORY_SETTING_KEY, value_json=encoded))
    else:
        row.value_json = encoded
    audit.record(
        session,
        actor,
        "opinion.categories",
        "setting",
        CATEGORY_SETTING_KEY,
        before={"tree": before},
        after={"tree": tree},
    )


# ---------------------------------------------------------------------------- masking


def mask_phone(phone: str) -> str:
    digits = phone.strip()
    if not digits:
        return ""
    if len(digits) >= 7:
        return digits[:3] + "****" + digits[-4:]
    return "****"


def mask_address(address: str) -> str:
    address = address.strip()
    if not address:
        return ""
    keep = min(6, max(2, len(address) // 3))
    return address[:keep] + "****"


def mask_name(name: str) -> str:
    """张伟强 → 张**, for the publication board (公开栏)."""
    name = name.strip()
    if not name:
        return ""
    return name[0] + "*" * max(1, len(name) - 1)


def sees_personal_data(actor: Actor) -> bool:
    return actor.can(Permission.VIEW_PERSONAL_DATA)


# ---------------------------------------------------------------------------- dataclasses


@dataclass(frozen=True)
class OpinionInput:
    received_on: date
    content: str
    channel: str = "reception_day"
    category: str = "other"
    community_id: str | None = None
    station_id: str | None = None
    deputy_ids: tuple[str, ...] = ()
    anonymous: bool = False
    resident_name: str = ""
    resident_phone: str = ""
    resident_address: str = ""
    location: str = ""
    is_public: bool = False
    notes: str = ""


@dataclass(frozen=True)
class Assignment:
    department: str
    assigned_on: date
    contact_person: str = ""
    #: None = computed from the settings (answer_deadline_days / answer_deadline_mode).
    due_on: date | None = None
    handler: str = ""  # staff member (username); default: whoever assigns


@dataclass(frozen=True)
class OpinionRow:
    """One line of the ledger (personal data already masked when the actor may not see it)."""

    id: str
    version: int
    number: str
    received_on: date
    channel: str
    channel_label: str
    community_id: str | None
    community_name: str
    category: str
    category_label: str
    anonymous: bool
    resident_name: str
    resident_phone: str
    resident_address: str
    content: str
    location: str
    status: str
    status_label: str
    department: str
    contact_person: str
    handler: str
    assigned_on: date | None
    due_on: date | None
    answered_on: date | None
    reply: str
    closed_on: date | None
    close_reason: str
    close_reason_label: str
    satisfaction: str
    satisfaction_label: str
    is_public: bool
    round: int
    masked: bool
    #: Days past the due date while unanswered (0 = not overdue), relative to ``today``.
    days_overdue: int = 0


@dataclass(frozen=True)
class OpinionEventView:
    action: str
    from_status: str
    to_status: str
    on_date: date
    username: str
    round: int
    department: str
    contact_person: str
    due_on: date | None
    text: str
    reason: str
    satisfaction: str


@dataclass(frozen=True)
class OpinionDetail:
    row: OpinionRow
    station_id: str | None
    station_name: str
    deputy_ids: tuple[str, ...]
    deputy_names: tuple[str, ...]
    followed_up_on: date | None
    follow_up_note: str
    notes: str
    events: tuple[OpinionEventView, ...]


@dataclass(frozen=True)
class OpinionFilter:
    text: str = ""
    status: str = ""  # one of STATUSES, or "" for all
    #: "", "due_soon", "overdue", "unanswered", "awaiting_reassignment"
    queue: str = ""
    community_id: str = ""
    category: str = ""  # a code; matches the code and its children
    channel: str = ""
    department: str = ""
    handler: str = ""
    received_from: date | None = None
    received_to: date | None = None
    public_only: bool = False


QUEUES = ("due_soon", "overdue", "unanswered", "awaiting_reassignment")
QUEUE_LABELS = {
    "due_soon": N_("Due within 3 days"),
    "overdue": N_("Overdue answers"),
    "unanswered": N_("Oldest unanswered"),
    "awaiting_reassignment": N_("Dissatisfied, to reassign"),
}

#: Sortable list columns → SQL expressions.
SORT_COLUMNS = {
    "number": Opinion.number,
    "received_on": Opinion.received_on,
    "channel": Opinion.channel,
    "category": Opinion.category,
    "community_name": Community.name,
    "status": Opinion.status,
    "department": Opinion.department,
    "handler": Opinion.handler,
    "due_on": Opinion.due_on,
    "answered_on": Opinion.answered_on,
    "assigned_on": Opinion.assigned_on,
    "closed_on": Opinion.closed_on,
    "satisfaction": Opinion.satisfaction,
    "resident_name": Opinion.resident_name,
    "days_overdue": Opinion.due_on,
}


# ---------------------------------------------------------------------------- QR


def qr_text(street_code: str, opinion_id: str) -> str:
    return f"{OPINION_QR_PREFIX}|{street_code}|{opinion_id}"


def parse_qr(value: str) -> str | None:
    """The opinion id in a scanned transfer-letter QR, or None if it is not one."""
    match = _QR_RE.match(value)
    return match.group(2).lower() if match else None


# ---------------------------------------------------------------------------- helpers


def _get(session: Session, opinion_id: str) -> Opinion:
    op = session.get(Opinion, opinion_id)
    if op is None or op.deleted_at is not None:
        raise NotFound(N_("Opinion not found: {id}"), id=opinion_id)
    return op


def _snapshot(op: Opinion) -> dict[str, Any]:
    return {
        "number": op.number,
        "status": op.status,
        "round": op.round,
        "department": op.department,
        "contact_person": op.contact_person,
        "handler": op.handler,
        "assigned_on": op.assigned_on,
        "due_on": op.due_on,
        "answered_on": op.answered_on,
        "closed_on": op.closed_on,
        "close_reason": op.close_reason,
        "followed_up_on": op.followed_up_on,
        "satisfaction": op.satisfaction,
        "is_public": op.is_public,
    }


def _check_version(op: Opinion, expected_version: int | None) -> None:
    if expected_version is not None and op.version != expected_version:
        raise ConflictError(
            N_("Opinion {number} was changed by someone else meanwhile; reload and try again."),
            number=op.number,
        )


def _transition(op: Opinion, action: str) -> str:
    target = TRANSITIONS.get((action, op.status))
    if target is None:
        raise ConflictError(
            N_("Opinion {number} is {status}; it cannot be {action} now."),
            number=op.number,
            status=_zh(STATUS_LABELS.get(op.status, op.status)),
            action=_zh(ACTION_LABELS.get(action, action)),
        )
    return target


def _zh(label: str) -> str:
    from desktop.i18n import gettext

    return gettext(label)


def _require_date(value: date | None, field_name: str) -> date:
    if value is None:
        raise ValidationError(N_("A date is required."), field=field_name)
    if value > date.today():
        raise ValidationError(N_("The date cannot be in the future."), field=field_name)
    return value


def _not_before(value: date, earlier: date | None, field_name: str) -> None:
    if earlier is not None and value < earlier:
        raise ValidationError(
            N_("The date {date} is before the previous step ({earlier})."),
            field=field_name,
            date=value.isoformat(),
            earlier=earlier.isoformat(),
        )


def _event(
    session: Session,
    actor: Actor,
    op: Opinion,
    action: str,
    from_status: str,
    on_date: date,
    **fields: Any,
) -> None:
    session.add(
        OpinionEvent(
            opinion_id=op.id,
            action=action,
            from_status=from_status,
            to_status=op.status,
            on_date=on_date,
            at=utcnow(),
            username=actor.username,
            round=op.round,
            **fields,
        )
    )


def _audit_transition(
    session: Session,
    actor: Actor,
    op: Opinion,
    action: str,
    before: dict[str, Any],
    reason: str = "",
) -> None:
    session.flush()
    audit.record(
        session,
        actor,
        f"opinion.{action}",
        "opinion",
        op.id,
        before=before,
        after=_snapshot(op),
        reason=reason,
    )


def _reindex(session: Session, op: Opinion) -> None:
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


def next_number(session: Session, year: int) -> str:
    prefix = f"YJ{year}-"
    last = session.scalar(
        select(Opinion.number)
        .where(Opinion.number >= prefix, Opinion.number < f"YJ{year}.")
        .order_by(Opinion.number.desc())
        .limit(1)
    )
    seq = 0
    if last:
        match = re.match(rf"YJ{year}-(\d+)$", last)
        seq = int(match.group(1)) if match else 0
    return f"{prefix}{seq + 1:05d}"


def _validate_input(session: Session, data: OpinionInput) -> OpinionInput:
    content = data.content.strip()
    if not content:
        raise ValidationError(N_("The opinion's content is required."), field="content")
    if len(content) > 5000:
        raise ValidationError(
            N_("The content is too long (at most 5000 characters)."), field="content"
        )
    if data.channel not in CHANNELS:
        raise ValidationError(
            N_("Unknown channel: {channel}"), field="channel", channel=data.channel
        )
    if data.category not in {c.code for c in categories(session)}:
        raise ValidationError(
            N_("Unknown category: {category}"), field="category", category=data.category
        )
    _require_date(data.received_on, "received_on")
    if data.community_id is not None:
        com = session.get(Community, data.community_id)
        if com is None or com.deleted_at is not None:
            raise ValidationError(N_("Unknown community."), field="community_id")
    if data.station_id is not None:
        st = session.get(Station, data.station_id)
        if st is None or st.deleted_at is not None:
            raise ValidationError(N_("Unknown station."), field="station_id")
    for deputy_id in data.deputy_ids:
        dep = session.get(Deputy, deputy_id)
        if dep is None or dep.deleted_at is not None:
            raise ValidationError(N_("Unknown deputy."), field="deputy_ids")
    phone = data.resident_phone.strip()
    if phone and not re.fullmatch(r"[0-9+\- ]{5,20}", phone):
        raise ValidationError(
            N_("The phone number looks wrong: {phone}"), field="resident_phone", phone=phone
        )
    name = data.resident_name.strip()
    if not data.anonymous and not name:
        raise ValidationError(
            N_("Enter the resident's name, or tick anonymous."), field="resident_name"
        )
    if data.anonymous:
        return replace(
            data, content=content, resident_name="", resident_phone="", resident_address=""
        )
    return replace(data, content=content, resident_name=name, resident_phone=phone)


# ---------------------------------------------------------------------------- intake


def register(
    session: Session, actor: Actor, data: OpinionInput, *, number: str | None = None
) -> OpinionRow:
    """登记: record a new opinion (status received)."""
    actor.require(Permission.EDIT_DATA)
    data = _validate_input(session, data)
    op = Opinion(
        number=number or next_number(session, data.received_on.year),
        received_on=data.received_on,
        channel=data.channel,
        station_id=data.station_id,
        deputy_ids=json.dumps(list(data.deputy_ids)),
        community_id=data.community_id,
        anonymous=data.anonymous,
        resident_name=data.resident_name,
        resident_phone=data.resident_phone,
        resident_address=data.resident_address.strip(),
        category=data.category,
        content=data.content,
        location=data.location.strip(),
        is_public=data.is_public,
        status="received",
        round=0,
        notes=data.notes,
    )
    session.add(op)
    session.flush()
    _event(session, actor, op, "register", "", data.received_on)
    _audit_transition(session, actor, op, "register", {})
    _reindex(session, op)
    return _row_of(session, op, actor)


def update_details(
    session: Session,
    actor: Actor,
    opinion_id: str,
    data: OpinionInput,
    *,
    expected_version: int | None = None,
) -> OpinionRow:
    """Correct what was recorded at intake (not the workflow fields)."""
    actor.require(Permission.EDIT_DATA)
    op = _get(session, opinion_id)
    _check_version(op, expected_version)
    data = _validate_input(session, data)
    if op.assigned_on is not None and data.received_on > op.assigned_on:
        raise ValidationError(
            N_("The date {date} is after the assignment ({later})."),
            field="received_on",
            date=data.received_on.isoformat(),
            later=op.assigned_on.isoformat(),
        )
    before = _details(op)
    op.received_on = data.received_on
    op.channel = data.channel
    op.station_id = data.station_id
    op.deputy_ids = json.dumps(list(data.deputy_ids))
    op.community_id = data.community_id
    op.anonymous = data.anonymous
    op.resident_name = data.resident_name
    op.resident_phone = data.resident_phone
    op.resident_address = data.resident_address.strip()
    op.category = data.category
    op.content = data.content
    op.location = data.location.strip()
    op.is_public = data.is_public
    op.notes = data.notes
    after = _details(op)
    if after != before:
        session.flush()
        audit.record(session, actor, "opinion.edit", "opinion", op.id, before=before, after=after)
        _reindex(session, op)
    return _row_of(session, op, actor)


def _details(op: Opinion) -> dict[str, Any]:
    return {
        "received_on": op.received_on,
        "channel": op.channel,
        "station_id": op.station_id,
        "deputy_ids": op.deputy_ids,
        "community_id": op.community_id,
        "anonymous": op.anonymous,
        "resident_name": op.resident_name,
        "resident_phone": op.resident_phone,
        "resident_address": op.resident_address,
        "category": op.category,
        "content": op.content,
        "location": op.location,
        "is_public": op.is_public,
        "notes": op.notes,
    }


def set_public(
    session: Session,
    actor: Actor,
    opinion_id: str,
    public: bool,
    *,
    expected_version: int | None = None,
) -> OpinionRow:
    """Decide whether the opinion goes on the publication board (公开栏)."""
    actor.require(Permission.EDIT_DATA)
    op = _get(session, opinion_id)
    _check_version(op, expected_version)
    if op.is_public != public:
        before = {"is_public": op.is_public}
        op.is_public = public
        session.flush()
        audit.record(
            session,
            actor,
            "opinion.public",
            "opinion",
            op.id,
            before=before,
            after={"is_public": public},
        )
    return _row_of(session, op, actor)


# ---------------------------------------------------------------------------- workflow


def compute_due(session: Session, assigned_on: date) -> date:
    cfg = settings_service.load(session)
    cal = workdays.calendar_for(session, assigned_on)
    return workdays.due_date(cal, assigned_on, cfg.answer_deadline_days, cfg.answer_deadline_mode)


def _apply_assignment(session: Session, actor: Actor, op: Opinion, a: Assignment) -> None:
    department = " ".join(a.department.split())
    if not department:
        raise ValidationError(
            N_("Name the department the opinion is assigned to."), field="department"
        )
    assigned_on = _require_date(a.assigned_on, "assigned_on")
    _not_before(assigned_on, op.received_on, "assigned_on")
    _not_before(
        assigned_on, op.followed_up_on if op.status == "followed_up" else None, "assigned_on"
    )
    due = a.due_on or compute_due(session, assigned_on)
    if due < assigned_on:
        raise ValidationError(
            N_("The due date cannot be before the assignment date."), field="due_on"
        )
    from desktop.services import opinion_units

    opinion_units.ensure(session, actor, department, a.contact_person.strip())
    op.department = department
    op.contact_person = a.contact_person.strip()
    op.handler = a.handler.strip() or actor.username
    op.assigned_on = assigned_on
    op.due_on = due
    op.answered_on = None
    op.reply = ""


def assign(
    session: Session,
    actor: Actor,
    opinion_id: str,
    assignment: Assignment,
    *,
    expected_version: int | None = None,
) -> OpinionRow:
    """交办/转办: to a department with a contact person and a due date. Assigning an opinion
    that is already assigned transfers it to another department (same round)."""
    actor.require(Permission.EDIT_DATA)
    op = _get(session, opinion_id)
    _check_version(op, expected_version)
    before = _snapshot(op)
    from_status = op.status
    target = _transition(op, "assign")
    _apply_assignment(session, actor, op, assignment)
    if from_status == "received":
        op.round = 1
    op.status = target
    _event(
        session,
        actor,
        op,
        "assign",
        from_status,
        assignment.assigned_on,
        department=op.department,
        contact_person=op.contact_person,
        due_on=op.due_on,
    )
    _audit_transition(session, actor, op, "assign", before)
    _reindex(session, op)
    return _row_of(session, op, actor)


def answer(
    session: Session,
    actor: Actor,
    opinion_id: str,
    reply: str,
    answered_on: date,
    *,
    expected_version: int | None = None,
    outcome: str = "",
) -> OpinionRow:
    """答复: the department's reply, with its 办理结果 (one of :data:`ANSWER_OUTCOMES`, or
    empty when the reply slip left it blank)."""
    actor.require(Permission.EDIT_DATA)
    op = _get(session, opinion_id)
    _check_version(op, expected_version)
    before = _snapshot(op)
    from_status = op.status
    target = _transition(op, "answer")
    reply = reply.strip()
    if not reply:
        raise ValidationError(N_("Enter the department's reply."), field="reply")
    answered_on = _require_date(answered_on, "answered_on")
    _not_before(answered_on, op.assigned_on, "answered_on")
    if outcome and outcome not in ANSWER_OUTCOMES:
        raise ValidationError(N_("Unknown outcome: {outcome}"), field="outcome", outcome=outcome)
    op.reply = reply
    op.answered_on = answered_on
    op.status = target
    _event(
        session,
        actor,
        op,
        "answer",
        from_status,
        answered_on,
        text=reply,
        department=op.department,
        reason=outcome,
    )
    _audit_transition(
        session,
        actor,
        op,
        "answer",
        before,
        gettext(CLOSE_REASON_LABELS[outcome]) if outcome else "",
    )
    return _row_of(session, op, actor)


def close(
    session: Session,
    actor: Actor,
    opinion_id: str,
    reason: str,
    closed_on: date,
    note: str = "",
    *,
    expected_version: int | None = None,
) -> OpinionRow:
    """办结, with a reason. From "received" only as duplicate / not responsible / referred."""
    actor.require(Permission.EDIT_DATA)
    op = _get(session, opinion_id)
    _check_version(op, expected_version)
    before = _snapshot(op)
    from_status = op.status
    target = _transition(op, "close")
    if reason not in CLOSE_REASONS:
        raise ValidationError(N_("Choose why the opinion is closed."), field="reason")
    if from_status == "received" and reason not in CLOSE_WITHOUT_ANSWER:
        raise ConflictError(
            N_(
                "Opinion {number} has not been answered; without an answer it can only be closed "
                "as a duplicate, not our responsibility, or referred elsewhere."
            ),
            number=op.number,
        )
    closed_on = _require_date(closed_on, "closed_on")
    _not_before(closed_on, op.answered_on or op.received_on, "closed_on")
    op.close_reason = reason
    op.closed_on = closed_on
    op.status = target
    _event(session, actor, op, "close", from_status, closed_on, reason=reason, text=note.strip())
    _audit_transition(session, actor, op, "close", before, reason=note.strip())
    return _row_of(session, op, actor)


def follow_up(
    session: Session,
    actor: Actor,
    opinion_id: str,
    satisfaction: str,
    followed_up_on: date,
    note: str = "",
    *,
    reassign: Assignment | None = None,
    expected_version: int | None = None,
) -> OpinionRow:
    """回访: the call result and the resident's satisfaction. A dissatisfied follow-up may
    carry the new assignment, which reopens the opinion in the same transaction (two
    transitions: two events, two audit rows)."""
    actor.require(Permission.EDIT_DATA)
    op = _get(session, opinion_id)
    _check_version(op, expected_version)
    before = _snapshot(op)
    from_status = op.status
    target = _transition(op, "follow_up")
    if satisfaction not in SATISFACTIONS:
        raise ValidationError(N_("Choose the resident's satisfaction."), field="satisfaction")
    if reassign is not None and satisfaction != "dissatisfied":
        raise ValidationError(
            N_("Only a dissatisfied follow-up reopens the opinion."), field="satisfaction"
        )
    followed_up_on = _require_date(followed_up_on, "followed_up_on")
    _not_before(followed_up_on, op.closed_on, "followed_up_on")
    op.satisfaction = satisfaction
    op.followed_up_on = followed_up_on
    op.follow_up_note = note.strip()
    op.status = target
    _event(
        session,
        actor,
        op,
        "follow_up",
        from_status,
        followed_up_on,
        satisfaction=satisfaction,
        text=note.strip(),
    )
    _audit_transition(session, actor, op, "follow_up", before)
    if reassign is not None:
        _reopen(session, actor, op, reassign)
    return _row_of(session, op, actor)


def reopen(
    session: Session,
    actor: Actor,
    opinion_id: str,
    assignment: Assignment,
    *,
    expected_version: int | None = None,
) -> OpinionRow:
    """Reopen after a dissatisfied follow-up, with a new assignment (a new round)."""
    actor.require(Permission.EDIT_DATA)
    op = _get(session, opinion_id)
    _check_version(op, expected_version)
    _reopen(session, actor, op, assignment)
    return _row_of(session, op, actor)


def _reopen(session: Session, actor: Actor, op: Opinion, assignment: Assignment) -> None:
    before = _snapshot(op)
    from_status = op.status
    target = _transition(op, "reopen")
    if op.satisfaction != "dissatisfied":
        raise ConflictError(
            N_("Opinion {number} was not rated dissatisfied; it cannot be reopened."),
            number=op.number,
        )
    _apply_assignment(session, actor, op, assignment)
    op.round += 1
    op.close_reason = ""
    op.closed_on = None
    op.satisfaction = ""
    op.followed_up_on = None
    op.follow_up_note = ""
    op.status = target
    _event(
        session,
        actor,
        op,
        "reopen",
        from_status,
        assignment.assigned_on,
        department=op.department,
        contact_person=op.contact_person,
        due_on=op.due_on,
    )
    _audit_transition(session, actor, op, "reopen", before)
    _reindex(session, op)


def urge(
    session: Session,
    actor: Actor,
    opinion_id: str,
    on_date: date,
    note: str = "",
) -> OpinionRow:
    """催办: press the department for an overdue answer. Recorded as an ``urge`` event (the
    history and the 催办函 count them); the opinion's state does not change."""
    actor.require(Permission.EDIT_DATA)
    op = _get(session, opinion_id)
    if op.status != "assigned":
        raise ConflictError(
            N_("Opinion {number} is not waiting for an answer; there is nothing to urge."),
            number=op.number,
        )
    on_date = _require_date(on_date, "on_date")
    if op.due_on is None or on_date <= op.due_on:
        raise ConflictError(
            N_("Opinion {number} is not overdue yet (answer due by {due})."),
            number=op.number,
            due=op.due_on.isoformat() if op.due_on else "—",
        )
    note = note.strip()
    _event(
        session,
        actor,
        op,
        "urge",
        op.status,
        on_date,
        department=op.department,
        contact_person=op.contact_person,
        due_on=op.due_on,
        text=note,
    )
    session.flush()
    audit.record(
        session,
        actor,
        "opinion.urge",
        "opinion",
        op.id,
        after={
            "number": op.number,
            "department": op.department,
            "due_on": op.due_on.isoformat(),
            "urged_on": on_date.isoformat(),
        },
        reason=note,
    )
    return _row_of(session, op, actor)


def urge_count(session: Session, opinion_id: str, round_: int | None = None) -> int:
    """How many times the opinion has been urged (in ``round_``, when given)."""
    query = select(func.count()).where(
        OpinionEvent.opinion_id == opinion_id,
        OpinionEvent.action == "urge",
        OpinionEvent.deleted_at.is_(None),
    )
    if round_ is not None:
        query = query.where(OpinionEvent.round == round_)
    return int(session.scalar(query) or 0)


def answer_outcome(session: Session, actor: Actor, opinion_id: str) -> str:
    """The 办理结果 given with the latest answer ("" when none was chosen)."""
    actor.require(Permission.VIEW)
    return str(
        session.scalar(
            select(OpinionEvent.reason)
            .where(
                OpinionEvent.opinion_id == opinion_id,
                OpinionEvent.action == "answer",
                OpinionEvent.deleted_at.is_(None),
            )
            .order_by(OpinionEvent.at.desc())
            .limit(1)
        )
        or ""
    )


def allowed_actions(status: str, satisfaction: str = "") -> list[str]:
    """What the UI may offer for an opinion in ``status`` (the services decide anyway)."""
    actions = [a for (a, s) in TRANSITIONS if s == status]
    if "reopen" in actions and satisfaction != "dissatisfied":
        actions.remove("reopen")
    return actions


# ---------------------------------------------------------------------------- reading


def _row_select() -> Any:
    return select(Opinion, Community.name.label("community_name")).outerjoin(
        Community, Community.id == Opinion.community_id
    )


def _row_of(
    session: Session,
    op: Opinion,
    actor: Actor,
    community_name: str | None = None,
    labels: dict[str, str] | None = None,
    today: date | None = None,
) -> OpinionRow:
    from desktop.i18n import gettext

    if community_name is None and op.community_id:
        com = session.get(Community, op.community_id)
        community_name = com.name if com else ""
    labels = labels if labels is not None else category_labels(session)
    masked = not sees_personal_data(actor)
    phone = mask_phone(op.resident_phone) if masked else op.resident_phone
    address = mask_address(op.resident_address) if masked else op.resident_address
    today = today or date.today()
    overdue = 0
    if op.status == "assigned" and op.due_on is not None and op.due_on < today:
        overdue = (today - op.due_on).days
    return OpinionRow(
        id=op.id,
        version=op.version,
        number=op.number,
        received_on=op.received_on,
        channel=op.channel,
        channel_label=gettext(CHANNEL_LABELS.get(op.channel, op.channel)),
        community_id=op.community_id,
        community_name=community_name or "",
        category=op.category,
        category_label=labels.get(op.category, op.category),
        anonymous=op.anonymous,
        resident_name=gettext(N_("(anonymous)")) if op.anonymous else op.resident_name,
        resident_phone=phone,
        resident_address=address,
        content=op.content,
        location=op.location,
        status=op.status,
        status_label=gettext(STATUS_LABELS.get(op.status, op.status)),
        department=op.department,
        contact_person=op.contact_person,
        handler=op.handler,
        assigned_on=op.assigned_on,
        due_on=op.due_on,
        answered_on=op.answered_on,
        reply=op.reply,
        closed_on=op.closed_on,
        close_reason=op.close_reason,
        close_reason_label=gettext(CLOSE_REASON_LABELS[op.close_reason]) if op.close_reason else "",
        satisfaction=op.satisfaction,
        satisfaction_label=gettext(SATISFACTION_LABELS[op.satisfaction]) if op.satisfaction else "",
        is_public=op.is_public,
        round=op.round,
        masked=masked,
        days_overdue=overdue,
    )


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
    from desktop.i18n import gettext

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


# ---------------------------------------------------------------------------- duplicates


@dataclass(frozen=True)
class DuplicateCandidate:
    id: str
    number: str
    received_on: date
    content: str
    status: str
    score: float


def _bigrams(text_value: str) -> set[str]:
    chars = re.sub(r"[\s\W_]+", "", text_value.lower())
    if len(chars) < 2:
        return {chars} if chars else set()
    return {chars[i : i + 2] for i in range(len(chars) - 1)}


def similarity(a: str, b: str) -> float:
    """Jaccard similarity of character bigrams (works for Chinese without word splitting)."""
    x, y = _bigrams(a), _bigrams(b)
    if not x or not y:
        return 0.0
    return len(x & y) / len(x | y)


def possible_duplicates(
    session: Session,
    actor: Actor,
    content: str,
    community_id: str | None,
    received_on: date,
    *,
    exclude_id: str | None = None,
    limit: int = 5,
) -> list[DuplicateCandidate]:
    """Similar opinions from the same community in the 30 days up to ``received_on``."""
    actor.require(Permission.VIEW)
    if not content.strip():
        return []
    conds = [
        Opinion.deleted_at.is_(None),
        Opinion.received_on >= received_on - timedelta(days=DUPLICATE_WINDOW_DAYS),
        Opinion.received_on <= received_on,
    ]
    conds.append(
        Opinion.community_id == community_id if community_id else Opinion.community_id.is_(None)
    )
    if exclude_id:
        conds.append(Opinion.id != exclude_id)
    stmt = (
        select(Opinion.id, Opinion.number, Opinion.received_on, Opinion.content, Opinion.status)
        .where(*conds)
        .order_by(Opinion.received_on.desc())
        .limit(2000)
    )
    found = []
    for oid, number, rec, body, status in session.execute(stmt):
        score = similarity(content, body)
        if score >= DUPLICATE_THRESHOLD:
            found.append(DuplicateCandidate(oid, number, rec, body, status, round(score, 3)))
    found.sort(key=lambda c: (-c.score, c.received_on))
    return found[:limit]


# ---------------------------------------------------------------------------- statistics


@dataclass(frozen=True)
class Count:
    key: str
    label: str
    count: int


@dataclass(frozen=True)
class Statistics:
    start: date
    end: date
    total: int
    by_category: tuple[Count, ...]
    by_community: tuple[Count, ...]
    by_channel: tuple[Count, ...]
    by_status: tuple[Count, ...]
    by_month: tuple[Count, ...]
    answered: int
    average_days_to_answer: float | None
    on_time: int
    #: Answered on time / (answered + unanswered past due); None when nothing was due.
    on_time_rate: float | None
    followed_up: int
    satisfied: int
    basically_satisfied: int
    dissatisfied: int
    #: (satisfied + basically satisfied) / followed up; None when nobody was asked.
    satisfaction_rate: float | None


def statistics(
    session: Session, actor: Actor, start: date, end: date, today: date | None = None
) -> Statistics:
    """Figures for opinions received in [start, end]."""
    from desktop.i18n import gettext

    actor.require(Permission.VIEW)
    if end < start:
        raise ValidationError(N_("The end date is before the start date."), field="end")
    today = today or date.today()
    base = [Opinion.deleted_at.is_(None), Opinion.received_on >= start, Opinion.received_on <= end]

    def grouped(col: Any) -> list[tuple[Any, int]]:
        stmt = select(col, func.count()).where(*base).group_by(col).order_by(func.count().desc())
        return [(k, int(n)) for k, n in session.execute(stmt)]

    flat = categories(session)
    top_labels = {c.code: c.label for c in flat if not c.parent}
    top_expr = case(
        (
            func.instr(Opinion.category, ".") > 0,
            func.substr(Opinion.category, 1, func.instr(Opinion.category, ".") - 1),
        ),
        else_=Opinion.category,
    )
    by_category = tuple(Count(k, top_labels.get(k, k), n) for k, n in grouped(top_expr))
    coms = dict(session.execute(select(Community.id, Community.name)).all())
    by_community = tuple(
        Count(
            k or "",
            coms.get(k, gettext(N_("(no community)"))) if k else gettext(N_("(no community)")),
            n,
        )
        for k, n in grouped(Opinion.community_id)
    )
    by_channel = tuple(
        Count(k, gettext(CHANNEL_LABELS.get(k, k)), n) for k, n in grouped(Opinion.channel)
    )
    status_counts = dict(grouped(Opinion.status))
    by_status = tuple(
        Count(s, gettext(STATUS_LABELS[s]), status_counts.get(s, 0)) for s in STATUSES
    )
    month = func.strftime("%Y-%m", Opinion.received_on)
    month_counts = dict(grouped(month))
    months: list[Count] = []
    cursor = date(start.year, start.month, 1)
    while cursor <= end:
        key = f"{cursor.year:04d}-{cursor.month:02d}"
        months.append(Count(key, key, month_counts.get(key, 0)))
        cursor = date(cursor.year + (cursor.month == 12), cursor.month % 12 + 1, 1)
    total = sum(status_counts.values())

    days = func.julianday(Opinion.answered_on) - func.julianday(Opinion.assigned_on)
    answered_row = session.execute(
        select(
            func.count(),
            func.avg(days),
            func.sum(case((Opinion.answered_on <= Opinion.due_on, 1), else_=0)),
        ).where(*base, Opinion.answered_on.isnot(None), Opinion.assigned_on.isnot(None))
    ).one()
    answered = int(answered_row[0] or 0)
    avg_days = float(answered_row[1]) if answered_row[1] is not None else None
    on_time = int(answered_row[2] or 0)
    late_open = int(
        session.scalar(
            select(func.count()).where(*base, Opinion.status == "assigned", Opinion.due_on < today)
        )
        or 0
    )
    due_total = answered + late_open
    sat = dict(
        session.execute(
            select(Opinion.satisfaction, func.count())
            .where(*base, Opinion.satisfaction != "")
            .group_by(Opinion.satisfaction)
        ).all()
    )
    followed = sum(int(v) for v in sat.values())
    good = int(sat.get("satisfied", 0)) + int(sat.get("basically_satisfied", 0))
    return Statistics(
        start=start,
        end=end,
        total=total,
        by_category=by_category,
        by_community=by_community,
        by_channel=by_channel,
        by_status=by_status,
        by_month=tuple(months),
        answered=answered,
        average_days_to_answer=round(avg_days, 1) if avg_days is not None else None,
        on_time=on_time,
        on_time_rate=on_time / due_total if due_total else None,
        followed_up=followed,
        satisfied=int(sat.get("satisfied", 0)),
        basically_satisfied=int(sat.get("basically_satisfied", 0)),
        dissatisfied=int(sat.get("dissatisfied", 0)),
        satisfaction_rate=good / followed if followed else None,
    )


# ---------------------------------------------------------------------------- export rights


@dataclass(frozen=True)
class ExportGrant:
    """Whether an export may carry personal data unmasked (admins only, audited)."""

    unmasked: bool
    actor: Actor = field(repr=False)


def export_grant(
    session: Session, actor: Actor, unmasked: bool, what: str, rows: int = 0
) -> ExportGrant:
    """Check and record an export. Masked exports need VIEW; unmasked ones need
    EXPORT_UNMASKED and always write an audit row (who, what, how many rows)."""
    actor.require(Permission.VIEW)
    if unmasked:
        actor.require(Permission.EXPORT_UNMASKED)
        audit.record(
            session,
            actor,
            "opinion.export_unmasked",
            "opinion",
            "",
            after={"what": what, "rows": rows},
        )
    return ExportGrant(unmasked, actor)


def unmasked_rows(
    session: Session, grant: ExportGrant, ids: Sequence[str]
) -> dict[str, tuple[str, str]]:
    """id → (phone, address) unmasked, for an export that holds an unmasked grant."""
    if not grant.unmasked:
        return {}
    grant.actor.require(Permission.EXPORT_UNMASKED)
    result: dict[str, tuple[str, str]] = {}
    for i in range(0, len(ids), 500):
        chunk = list(ids[i : i + 500])
        for oid, phone, address in session.execute(
            select(Opinion.id, Opinion.resident_phone, Opinion.resident_address).where(
                Opinion.id.in_(chunk)
            )
        ):
            result[oid] = (phone, address)
    return result
