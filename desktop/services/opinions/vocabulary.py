"""The opinions ledger's vocabulary: channels, statuses, close reasons, satisfaction, the
workflow's transition table, default categories, deadlines and the transfer-letter QR text.
"""

from __future__ import annotations

import re
from typing import Any

from desktop.i18n import N_

# ---------------------------------------------------------------------------- vocabulary

CHANNEL_LABELS = {
    "reception_day": N_("Voter reception day"),
    "forum": N_("Forum"),
    "visit": N_("Visit"),
    "phone": N_("Phone call"),
    "letter": N_("Letter"),
    "qr": N_("Scan QR code"),
    "other": N_("Other channel"),
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


# ---------------------------------------------------------------------------- QR


def qr_text(street_code: str, opinion_id: str) -> str:
    return f"{OPINION_QR_PREFIX}|{street_code}|{opinion_id}"


def parse_qr(value: str) -> str | None:
    """The opinion id in a scanned transfer-letter QR, or None if it is not one."""
    match = _QR_RE.match(value)
    return match.group(2).lower() if match else None
