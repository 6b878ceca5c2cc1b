"""A ledger's layout, declared once: the columns of its sheet and how each cell is read.

The same :class:`Ledger` drives the template, the export and the import, so the three can
never disagree. Cell values travel as "sheet values": ``str`` for text/phone/ID/choice labels
and references, ``datetime.date`` for dates, ``int`` for integers, ``bool`` for yes/no.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property
from typing import Any

from desktop.i18n import N_
from desktop.services import privacy, validators

#: Column kinds understood by the engine.
KINDS = (
    "text",
    "note",
    "name",
    "int",
    "date",
    "bool",
    "choice",
    "ref",
    "phone",
    "id_number",
    "record_id",
)

TRUE_WORDS = frozenset({"是", "y", "yes", "true", "1", "√", "✓", "t"})
FALSE_WORDS = frozenset({"否", "n", "no", "false", "0", "×", "f"})
_UUID_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


class CellProblem(ValueError):
    """A cell cannot be read; ``template`` is an English message for the catalogue."""

    def __init__(self, template: str, **params: Any) -> None:
        self.template = template
        self.params = params
        super().__init__(template)

    @property
    def message(self) -> str:
        from desktop.i18n import gettext

        text = gettext(self.template)
        return text.format(**self.params) if self.params else text


@dataclass(frozen=True)
class Column:
    """One column of a ledger sheet.

    ``key`` is the field name the adapter understands; ``header`` the Chinese header written
    in row 1 (a trailing ``*`` marks required columns in templates and is ignored on import).
    ``choices`` maps stored codes to the Chinese labels written in the sheet (kind "choice").
    Kind "ref" holds the name of another record (a community, a station); the adapter lists
    the valid names. ``personal`` columns are masked in exports unless the user may see them.
    """

    key: str
    header: str
    kind: str = "text"
    required: bool = False
    choices: tuple[tuple[str, str], ...] = ()
    max_length: int = 0
    width: int = 14
    personal: bool = False
    note: str = ""
    #: Other headers clerks give this column (see :mod:`desktop.excel.headers`).
    synonyms: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown column kind {self.kind!r}")

    @cached_property
    def label_by_code(self) -> dict[str, str]:
        return dict(self.choices)

    @cached_property
    def code_by_label(self) -> dict[str, str]:
        mapping = {label: code for code, label in self.choices}
        mapping.update({code: code for code, _ in self.choices})
        return mapping


@dataclass(frozen=True)
class Ledger:
    """A ledger (台账): its kind (CLI name), sheet name and columns.

    ``match_keys``: column-key tuples tried in order to find the database record a row
    updates when it carries no record id (e.g. ``(("id_number",), ("name", "community"))``).
    ``unique``: columns whose non-empty values must be unique in the file and the database.
    ``check``: an optional cross-field rule, row values → list of (column key, problem).
    ``defaults``: (column key, value) pairs a blank cell stands for (the value a new record
    gets), so a blank 状态 re-imported over "在任" is no change.
    ``derive``: an optional rule run on a row's values before it is compared with the
    database: fills what the database derives (a birth date from the ID number) and returns
    problems (a birth month that contradicts the ID number).
    ``confirm``: columns whose change on a row matched by its natural key (not by 系统编号)
    is a conflict the clerk must confirm, never a silent change (a name under another
    person's ID number).
    """

    kind: str
    title: str
    sheet: str
    columns: tuple[Column, ...]
    match_keys: tuple[tuple[str, ...], ...] = ()
    unique: tuple[str, ...] = ()
    check: Callable[[dict[str, Any]], list[tuple[str, CellProblem]]] | None = field(
        default=None, compare=False
    )
    defaults: tuple[tuple[str, Any], ...] = ()
    derive: Callable[[dict[str, Any]], list[tuple[str, CellProblem]]] | None = field(
        default=None, compare=False
    )
    confirm: tuple[str, ...] = ()

    def column(self, key: str) -> Column:
        for col in self.columns:
            if col.key == key:
                return col
        raise KeyError(key)

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(c.key for c in self.columns)

    def header_text(self, col: Column, template: bool = False) -> str:
        return f"{col.header}*" if template and col.required else col.header


# ----------------------------------------------------------------------------- reading


def parse_cell(col: Column, raw: Any) -> Any:
    """A cell's raw value → the column's sheet value (``None`` when empty).

    Raises :class:`CellProblem` with a clerk-readable reason.
    """
    if raw is None:
        return None
    kind = col.kind
    if isinstance(raw, str):
        if kind == "name":
            text = validators.clean_name(raw)
        elif kind == "note":
            text = validators.clean_multiline(raw)
        elif kind in ("text", "ref", "choice"):
            text = validators.clean_text(raw)
        else:
            text = validators.compact(raw)
        if not text:
            return None
    else:
        text = ""
    if kind in ("text", "ref", "name", "note"):
        if not text:
            text = _number_text(raw)
        if col.max_length and len(text) > col.max_length:
            raise CellProblem(N_("Too long: at most {n} characters"), n=col.max_length)
        return text
    if kind == "choice":
        value = text or _number_text(raw)
        code = col.code_by_label.get(value)
        if code is None:
            raise CellProblem(
                N_("Not one of the allowed values: {allowed}"),
                allowed="、".join(label for _, label in col.choices),
            )
        return code
    if kind == "date":
        from desktop.excel.dates import parse_sheet_date

        try:
            return parse_sheet_date(text if text else raw)
        except ValueError as exc:
            raise CellProblem(str(exc), value=str(raw)) from None
    if kind == "phone":
        value = validators.normalise_phone(text or _number_text(raw))
        digits = value.replace("-", "")
        if validators.MOBILE_RE.match(digits):
            return digits
        problem = validators.phone_problem(value)
        if problem:
            raise CellProblem(problem)
        return value
    if kind == "id_number":
        if not text:
            raise CellProblem(
                N_(
                    "The ID number was stored as a number and lost digits; format the column as text"
                )
            )
        problem = validators.id_number_problem(text)
        if problem:
            raise CellProblem(problem)
        return text.upper()
    if kind == "int":
        if isinstance(raw, bool):
            raise CellProblem(N_("Not a whole number"))
        if isinstance(raw, int):
            return raw
        if isinstance(raw, float) and raw.is_integer():
            return int(raw)
        if text and re.fullmatch(r"-?\d+", text):
            return int(text)
        raise CellProblem(N_("Not a whole number"))
    if kind == "bool":
        if isinstance(raw, bool):
            return raw
        word = (text or _number_text(raw)).lower()
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
        raise CellProblem(N_("Write 是 or 否"))
    # record_id
    value = (text or "").lower()
    if not _UUID_RE.match(value):
        raise CellProblem(N_("Not a record number written by Yishi; leave it empty for new rows"))
    return value


def _number_text(raw: Any) -> str:
    if isinstance(raw, bool):
        return "是" if raw else "否"
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    if isinstance(raw, (datetime, date)):
        return raw.isoformat()
    return str(raw)


# ----------------------------------------------------------------------------- writing


def format_cell(col: Column, value: Any) -> Any:
    """A sheet value → what is written to the cell (labels for codes, 是/否 for booleans)."""
    if value is None or value == "":
        return None
    if col.kind == "choice":
        return col.label_by_code.get(str(value), str(value))
    if col.kind == "bool":
        return "是" if value else "否"
    if col.kind == "date" and isinstance(value, datetime):
        return value.date()
    return value


def mask(col: Column, value: Any) -> Any:
    """Personal data as shown to users who may not see it, by the one rule of
    :mod:`desktop.services.privacy` (the same as on screen)."""
    if value is None or value == "" or not col.personal:
        return value
    return privacy.mask_value(mask_kind(col), str(value))


def mask_kind(col: Column) -> str:
    """Which masking rule a personal column follows."""
    if col.kind in ("phone", "id_number", "name"):
        return col.kind
    if col.key.endswith("address"):
        return "address"
    return "text"
