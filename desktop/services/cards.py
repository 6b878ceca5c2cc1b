"""What a representative card's or deputy card's QR code says, and how a scan is read.

Card QR text: ``YSR|<street code>|<representative id>`` (the sign-in desk scans it) and
``YSD|<street code>|<deputy id>`` (代表码). USB scanners type the text and press Enter; some
keyboard layouts turn '|' into other characters, so parsing is forgiving about separators
and case, and strict about the parts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from desktop.errors import ValidationError
from desktop.i18n import N_

REPRESENTATIVE_PREFIX = "YSR"
DEPUTY_PREFIX = "YSD"
_CARD_RE = re.compile(
    r"^\s*(YSR|YSD)[|｜\\/](\d{12})[|｜\\/]([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\s*$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class CardRef:
    kind: str  # "representative" | "deputy"
    street_code: str
    person_id: str


def representative_card_text(street_code: str, representative_id: str) -> str:
    return f"{REPRESENTATIVE_PREFIX}|{street_code}|{representative_id}"


def deputy_card_text(street_code: str, deputy_id: str) -> str:
    return f"{DEPUTY_PREFIX}|{street_code}|{deputy_id}"


def looks_like_card(text: str) -> bool:
    return text.strip().upper().startswith((REPRESENTATIVE_PREFIX, DEPUTY_PREFIX))


def parse_card(text: str) -> CardRef:
    match = _CARD_RE.match(text)
    if match is None:
        raise ValidationError(
            N_("This is not a Yishi card code: {text}"), field="card", text=text.strip()[:60]
        )
    prefix, street_code, person_id = match.groups()
    kind = "representative" if prefix.upper() == REPRESENTATIVE_PREFIX else "deputy"
    return CardRef(kind, street_code, person_id.lower())
