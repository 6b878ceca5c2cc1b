"""Field validators shared by every ledger: phone numbers, ID numbers, dates, and the
normalisation of text pasted from documents (full-width digits, stray spaces).

Each ``check_*`` returns the normalised value or raises :class:`ValidationError` with the
field name; ``*_problem`` variants return the message template (or ``None``) for callers that
collect errors instead of stopping at the first (the Excel engine, forms validating as you type).
"""

from __future__ import annotations

import re
from datetime import date, datetime
from operator import mul

from desktop.errors import ValidationError
from desktop.i18n import N_

_FULLWIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_FULLWIDTH[0x3000] = 0x20  # ideographic space
_SPACES = re.compile(r"[\s\u00a0\u2002-\u200b\u3000\ufeff]+")

MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")
# 023-63841234, (023)63841234, 02363841234, 6384-1234-8001 (extension), 63841234
LANDLINE_RE = re.compile(r"^(0\d{2,3})?[2-9]\d{6,7}(-\d{1,5})?$")
ID_RE = re.compile(r"^\d{17}[\dX]$")
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_ID_ZEROS = ord("0") * sum(_ID_WEIGHTS)

_DATE_PATTERNS = (
    re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
)


def to_halfwidth(text: str) -> str:
    """Full-width ASCII (０-９, Ａ-Ｚ, －, （） …) to ordinary ASCII; ideographic space to space."""
    return text.translate(_FULLWIDTH)


_ANY_SPACE = re.compile(r"[\s\u00a0\u2002-\u200b\u3000\ufeff]")


def clean_text(text: str) -> str:
    """Collapse runs of whitespace (including NBSP and 　) to one space; trim both ends."""
    if _ANY_SPACE.search(text) is None:  # the common case, checked cheaply
        return text
    return _SPACES.sub(" ", text).strip()


_INLINE_SPACES = re.compile(r"[ \t\u00a0\u2002-\u200b\u3000\ufeff]+")


def clean_multiline(text: str) -> str:
    """Notes: each line cleaned like :func:`clean_text`, line breaks kept, blank ends dropped.

    A lone CR is a line break too: an .xlsx cell cannot carry one (XML reads it back as LF),
    so keeping it would make the app's own export differ from what it stores."""
    lines = [
        _INLINE_SPACES.sub(" ", line).strip()
        for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    ]
    return "\n".join(lines).strip("\n")


_CJK_GAP = re.compile(r"(?<=[\u3400-\u9fff])\s+(?=[\u3400-\u9fff])")


def clean_name(text: str) -> str:
    """A person's name: clean_text, and no spaces between Chinese characters (李 娜 → 李娜)."""
    if _ANY_SPACE.search(text) is None:
        return text
    return _CJK_GAP.sub("", clean_text(text))


def compact(text: str) -> str:
    """Half-width and without any whitespace: for codes, numbers and phone numbers."""
    if text.isascii() and _ANY_SPACE.search(text) is None:
        return text
    return _SPACES.sub("", to_halfwidth(text))


# ----------------------------------------------------------------------------- phones


def normalise_phone(text: str) -> str:
    value = compact(text)
    value = value.replace("(", "").replace(")", "-").replace("—", "-").replace("－", "-")
    if value.startswith("+86"):
        value = value[3:]
    value = value.lstrip("-")
    return value


def phone_problem(text: str) -> str | None:
    """None when ``text`` is empty or a plausible mainland mobile / landline number."""
    value = normalise_phone(text)
    if not value:
        return None
    digits = value.replace("-", "")
    if MOBILE_RE.match(digits):
        return None
    if LANDLINE_RE.match(value) or _landline_with_dash(value):
        return None
    if digits.startswith("1") and len(digits) != 11:
        return N_("A mobile number has 11 digits")
    return N_("Not a valid mobile or landline number")


def _landline_with_dash(value: str) -> bool:
    parts = value.split("-")
    if len(parts) in (2, 3) and all(p.isdigit() for p in parts):
        area, local = parts[0], parts[1]
        return (
            area.startswith("0")
            and 3 <= len(area) <= 4
            and 7 <= len(local) <= 8
            and local[0] in "23456789"
            and (len(parts) == 2 or 1 <= len(parts[2]) <= 5)
        )
    return False


def check_phone(text: str, field: str = "phone") -> str:
    problem = phone_problem(text)
    if problem:
        raise ValidationError(problem, field=field)
    value = normalise_phone(text)
    digits = value.replace("-", "")
    return digits if MOBILE_RE.match(digits) else value


# ----------------------------------------------------------------------------- ID numbers


def id_check_digit(first17: str) -> str:
    """GB 11643-1999 check digit (ISO 7064 MOD 11-2)."""
    if len(first17) == 17 and first17.isascii():
        # The weighted sum over the characters' codes (one C-level map), less the '0's.
        return _ID_CHECK[(sum(map(mul, first17.encode("ascii"), _ID_WEIGHTS)) - _ID_ZEROS) % 11]
    w = _ID_WEIGHTS
    d = [ord(c) - 48 for c in first17.translate(_FULLWIDTH)]
    total = (
        d[0] * w[0] + d[1] * w[1] + d[2] * w[2] + d[3] * w[3] + d[4] * w[4] + d[5] * w[5]
        + d[6] * w[6] + d[7] * w[7] + d[8] * w[8] + d[9] * w[9] + d[10] * w[10]
        + d[11] * w[11] + d[12] * w[12] + d[13] * w[13] + d[14] * w[14] + d[15] * w[15]
        + d[16] * w[16]
    )  # fmt: skip
    return _ID_CHECK[total % 11]


def normalise_id_number(text: str) -> str:
    return compact(text).upper()


def id_number_problem(text: str) -> str | None:
    value = normalise_id_number(text)
    if not value:
        return None
    if not ID_RE.match(value):
        return N_("An ID number has 18 characters: 17 digits and a digit or X")
    if id_check_digit(value[:17]) != value[17]:
        return N_("The ID number's check digit is wrong (GB 11643)")
    try:
        birth = date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        return N_("The ID number contains an impossible birth date")
    if birth.year < 1900 or birth > date.today():
        return N_("The ID number contains an impossible birth date")
    return None


def check_id_number(text: str, field: str = "id_number") -> str | None:
    """The normalised ID number, ``None`` when empty, or ValidationError."""
    problem = id_number_problem(text)
    if problem:
        raise ValidationError(problem, field=field)
    return normalise_id_number(text) or None


def birth_date_from_id(id_number: str) -> date | None:
    if not id_number or len(id_number) != 18:
        return None
    try:
        return date(int(id_number[6:10]), int(id_number[10:12]), int(id_number[12:14]))
    except ValueError:
        return None


def gender_from_id(id_number: str) -> str:
    if not id_number or len(id_number) != 18 or not id_number[16].isdigit():
        return ""
    return "male" if int(id_number[16]) % 2 else "female"


def gender_problem(gender: str, id_number: str) -> str | None:
    """The gender against the ID number's gender digit (the 17th: odd male, even female,
    GB 11643); ``None`` when either is missing or they agree."""
    implied = gender_from_id(normalise_id_number(id_number or ""))
    if not gender or not implied or gender == implied:
        return None
    return N_("The gender does not match the ID number (its 17th digit)")


# ----------------------------------------------------------------------------- dates


def parse_date(value: object) -> date | None:
    """A cell or field value → date. Accepts date/datetime objects and unambiguous text
    (2024-03-05, 2024/3/5, 2024.3.5, 2024年3月5日, 20240305). Empty → None.
    Raises ValueError (with an English template as message) otherwise."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, (int, float)):
        raise ValueError(N_("Not a date: {value}"))
    text = compact(str(value))
    if not text:
        return None
    for pattern in _DATE_PATTERNS:
        match = pattern.match(text)
        if match:
            y, m, d = (int(g) for g in match.groups())
            try:
                return date(y, m, d)
            except ValueError:
                raise ValueError(N_("No such date: {value}")) from None
    raise ValueError(N_("Not a date (write it as 2024-03-05): {value}"))


def date_problem(text: str) -> str | None:
    try:
        parse_date(text)
    except ValueError as exc:
        return str(exc)
    return None


def check_date(value: object, field: str) -> date | None:
    try:
        return parse_date(value)
    except ValueError as exc:
        raise ValidationError(str(exc), field=field, value=str(value)) from None
