"""What a representative card's or deputy card's QR code says, and how a scan is read.

Card QR text: ``YSR|<street code>|<representative id>`` (the sign-in desk scans it) and
``YSD|<street code>|<deputy id>`` (代表码). USB scanners type the text and press Enter; some
keyboard layouts turn '|' into other characters, so parsing is forgiving about separators
and case, and strict about the parts.

A deputy card printed since issue 21 carries a contact instead (:func:`deputy_contact_text`):
a one-line MECARD that a resident's phone camera offers to save without any network (name,
unit, station, phone, reception day), whose NOTE ends with the deputy's ``YSD|…`` code, so the
sign-in desk and the station PC still recognise the deputy. A station poster's 履职码 is
``YSS|<street code>|<station id>``. Old cards (the bare ``YSD|…`` text) keep working.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from desktop.errors import ValidationError
from desktop.i18n import N_

REPRESENTATIVE_PREFIX = "YSR"
DEPUTY_PREFIX = "YSD"
STATION_PREFIX = "YSS"
CONTACT_PREFIX = "MECARD:"
_CODE = (
    r"(YSR|YSD|YSS)[|｜\\/](\d{12})[|｜\\/]"
    r"([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})"
)
_CARD_RE = re.compile(rf"^\s*{_CODE}\s*$", re.IGNORECASE)
#: The code inside a contact card's NOTE (a USB scanner may mangle the Chinese around it).
_CODE_IN_CONTACT_RE = re.compile(rf"NOTE:.*?{_CODE}", re.IGNORECASE | re.DOTALL)
_KINDS = {
    REPRESENTATIVE_PREFIX: "representative",
    DEPUTY_PREFIX: "deputy",
    STATION_PREFIX: "station",
}


@dataclass(frozen=True)
class CardRef:
    kind: str  # "representative" | "deputy" | "station"
    street_code: str
    person_id: str


def representative_card_text(street_code: str, representative_id: str) -> str:
    return f"{REPRESENTATIVE_PREFIX}|{street_code}|{representative_id}"


def deputy_card_text(street_code: str, deputy_id: str) -> str:
    return f"{DEPUTY_PREFIX}|{street_code}|{deputy_id}"


def station_code_text(street_code: str, station_id: str) -> str:
    """履职码: the station poster's QR, scanned at the station PC to start an activity."""
    return f"{STATION_PREFIX}|{street_code}|{station_id}"


def station_contact_text(
    street_code: str, station_id: str, *, name: str, address: str = "", reception_day: str = ""
) -> str:
    """The station poster's 履职码 as a phone reads it: the station as a MECARD contact (name,
    address, reception days) whose NOTE ends with the station's ``YSS|…`` code."""
    note = [_mecard_escape(f"接待日 {reception_day}")] if reception_day else []
    note.append(f"履职码 {station_code_text(street_code, station_id)}")
    fields = [f"N:{_mecard_escape(name)}"]
    if address:
        fields.append(f"ADR:{_mecard_escape(address)}")
    fields.append("NOTE:" + "；".join(note))
    return CONTACT_PREFIX + ";".join(fields) + ";;"


def _mecard_escape(value: str) -> str:
    """MECARD reserves \\ ; , : — each is escaped with a backslash; line breaks become spaces."""
    value = " ".join(value.split())
    for ch in "\\;,:":
        value = value.replace(ch, "\\" + ch)
    return value


def deputy_contact_text(
    street_code: str,
    deputy_id: str,
    *,
    name: str,
    unit: str = "",
    station: str = "",
    phone: str = "",
    reception_day: str = "",
) -> str:
    """代表码 for a phone: a one-line MECARD (a USB scanner types it as one line, Enter at the
    end) with the name, unit, phone, the station (as the address) and a NOTE with the
    reception day that ends with the deputy's card code."""
    note = []  # the station is the ADR already: kept out of the NOTE to keep the QR small
    if reception_day:
        note.append(_mecard_escape(f"接待日 {reception_day}"))
    # The code's own characters (| - letters digits) need no escaping.
    note.append(f"代表码 {deputy_card_text(street_code, deputy_id)}")
    fields = [f"N:{_mecard_escape(name)}"]
    if unit:
        fields.append(f"ORG:{_mecard_escape(unit)}")
    if phone:
        fields.append(f"TEL:{_mecard_escape(phone)}")
    if station:
        fields.append(f"ADR:{_mecard_escape(station)}")
    fields.append("NOTE:" + "；".join(note))
    return CONTACT_PREFIX + ";".join(fields) + ";;"


def parse_mecard(text: str) -> dict[str, str]:
    """The fields of a MECARD (unescaped), as a phone reads them; {} if it is not one."""
    body = text.strip()
    if not body.upper().startswith(CONTACT_PREFIX):
        return {}
    body = body[len(CONTACT_PREFIX) :]
    fields: dict[str, str] = {}
    current: list[str] = []
    i = 0
    while i < len(body):
        ch = body[i]
        if ch == "\\" and i + 1 < len(body):
            current.append(body[i + 1])
            i += 2
            continue
        if ch == ";":
            item = "".join(current)
            current = []
            if item:
                key, _, value = item.partition(":")
                fields.setdefault(key.upper(), value)
        else:
            current.append(ch)
        i += 1
    return fields


def looks_like_card(text: str) -> bool:
    head = text.strip().upper()
    return head.startswith((REPRESENTATIVE_PREFIX, DEPUTY_PREFIX, STATION_PREFIX, CONTACT_PREFIX))


def parse_card(text: str) -> CardRef:
    match = _CARD_RE.match(text)
    if match is None and text.strip().upper().startswith(CONTACT_PREFIX):
        match = _CODE_IN_CONTACT_RE.search(text)
    if match is None:
        raise ValidationError(
            N_("This is not a Yishi card code: {text}"), field="card", text=text.strip()[:60]
        )
    prefix, street_code, person_id = match.groups()
    return CardRef(_KINDS[prefix.upper()], street_code, person_id.lower())
