"""Dashboard tables and their Excel files, with the columns of the desktop's ledger specs.

The opinions, stations, representatives and deputies ledgers are the desktop's own
:class:`desktop.excel.spec.Ledger` objects (one source of truth for headings and choice
labels). The desktop's meetings and poll-results ledgers (desktop/excel/meeting_ledgers.py) are
computed from attendance and ballots the server does not hold, so the server's meetings and
polls lists read the synced rows; each column they share with the desktop ledger takes its
heading and width from there (:func:`_shared`), and only the server's own fields (the start
time, who convened, when certified) are declared here. Personal columns (phone, address, ID
number) are never shown or exported to the district.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet
from sqlalchemy import select
from sqlalchemy.orm import Session

from cityserver.models import EntityRow
from desktop.excel.meeting_ledgers import MEETINGS as DESKTOP_MEETINGS
from desktop.excel.meeting_ledgers import POLLS as DESKTOP_POLLS
from desktop.excel.opinion_ledger import LEDGER as OPINIONS
from desktop.excel.roster_ledgers import DEPUTIES, REPRESENTATIVES, STATIONS
from desktop.excel.spec import Column, Ledger
from desktop.services.opinions.vocabulary import DEFAULT_CATEGORIES


def _category_labels(tree: list[dict[str, Any]], parent: str = "") -> dict[str, str]:
    """code → "城建/道路设施", as the desktop's ledger writes it (services/opinions/category.py).

    A street's own categories live in its settings, which are not synced; the district sees
    the default tree's labels and any other code as it is.
    """
    out: dict[str, str] = {}
    for node in tree:
        label = f"{parent}/{node['label']}" if parent else str(node["label"])
        out[str(node["code"])] = label
        out.update(_category_labels(node.get("children") or [], str(node["label"])))
    return out


CATEGORY_LABELS = _category_labels(DEFAULT_CATEGORIES)

_MEETING_STATUS = (("planned", "筹备中"), ("in_session", "进行中"), ("closed", "已闭会"))
# desktop/services/polls/views.py STATUS_LABELS / KIND_LABELS, in the desktop's Chinese
_POLL_STATUS = (
    ("draft", "草稿"),
    ("open", "投票中"),
    ("counting", "计票中"),
    ("certified", "已确认"),
)
_POLL_KIND = (("selection", "差额票决"), ("motion", "表决"), ("rating", "测评"))


def _shared(ledger: Ledger, desktop_key: str, key: str = "", **changes: Any) -> Column:
    """The desktop ledger's column ``desktop_key`` (its Chinese heading and width) for the
    synced field ``key`` (default the same name); ``changes`` adapt how the stored value is
    read (a stored code shown through its labels)."""
    return replace(ledger.column(desktop_key), key=key or desktop_key, **changes)


MEETINGS = Ledger(
    kind="meetings",
    title="Meetings",
    sheet="会议台账",
    columns=(
        _shared(DESKTOP_MEETINGS, "number"),
        _shared(DESKTOP_MEETINGS, "title"),
        Column("starts_at", "召开时间", width=18),
        _shared(DESKTOP_MEETINGS, "venue"),
        Column("convener", "召集人", width=10),
        Column("presiding", "主持人", width=10),
        _shared(DESKTOP_MEETINGS, "members_total"),
        _shared(DESKTOP_MEETINGS, "status", kind="choice", choices=_MEETING_STATUS),
    ),
)
POLLS = Ledger(
    kind="polls",
    title="Polls",
    sheet="表决台账",
    columns=(
        _shared(DESKTOP_POLLS, "poll", "title"),
        _shared(DESKTOP_POLLS, "poll_kind", "kind", kind="choice", choices=_POLL_KIND),
        _shared(DESKTOP_POLLS, "members_total"),
        _shared(DESKTOP_POLLS, "present"),
        _shared(DESKTOP_POLLS, "issued"),
        _shared(DESKTOP_POLLS, "status", kind="choice", choices=_POLL_STATUS),
        Column("certified_at", "确认时间", width=18),
    ),
)


@dataclass(frozen=True)
class Table:
    """One drill-down list: the synced entity, its ledger, the field it is ordered by."""

    slug: str
    label: str
    entity: str
    ledger: Ledger
    order: str
    #: the year filter's date field
    year_field: str | None


TABLES: dict[str, Table] = {
    t.slug: t
    for t in (
        Table("opinions", "群众意见", "opinion", OPINIONS, "received_on", "received_on"),
        Table("meetings", "会议", "meeting", MEETINGS, "starts_at", "starts_at"),
        Table("polls", "表决", "poll", POLLS, "certified_at", None),
        Table("stations", "家站点", "station", STATIONS, "name", None),
        Table("representatives", "议事代表", "representative", REPRESENTATIVES, "name", None),
        Table("deputies", "人大代表", "deputy", DEPUTIES, "name", None),
    )
}

#: Long text and record ids stay out of the on-screen list (they are in the Excel file).
_SCREEN_SKIP = ("record_id", "note")
_SCREEN_SKIP_KEYS = ("content", "reply", "id", "address", "notes", "location")


def columns(table: Table, screen: bool = False) -> list[Column]:
    cols = [c for c in table.ledger.columns if not c.personal]
    if screen:
        cols = [c for c in cols if c.kind not in _SCREEN_SKIP and c.key not in _SCREEN_SKIP_KEYS]
    return cols


def _names(session: Session, street: str, entity: str) -> dict[str, str]:
    return {
        eid: str(name or "")
        for eid, name in session.execute(
            select(EntityRow.entity_id, EntityRow.data["name"].as_string()).where(
                EntityRow.street_code == street, EntityRow.entity == entity
            )
        )
    }


def cell(col: Column, data: dict[str, Any], refs: dict[str, dict[str, str]]) -> Any:
    """A synced row's value for a ledger column, as the desktop writes it in the sheet."""
    if col.kind == "ref" and f"{col.key}_id" in data:  # a link to another synced row
        target = data.get(f"{col.key}_id")
        return refs.get(col.key, {}).get(str(target), "") if target else ""
    value = data.get(col.key)
    if value is None or value == "":
        return ""
    if col.kind == "ref":  # a code, e.g. an opinion's category
        return refs.get(col.key, {}).get(str(value), str(value))
    if col.kind == "choice":
        return col.label_by_code.get(str(value), str(value))
    if col.kind == "bool":
        return "是" if value else "否"
    if col.kind == "int":
        try:
            return int(value)
        except (TypeError, ValueError):
            return str(value)
    text = str(value)
    if col.key.endswith("_at") and "T" in text:
        return text[:16].replace("T", " ")
    return text


def rows(
    session: Session,
    street: str,
    table: Table,
    year: int | None,
    limit: int | None = None,
    offset: int = 0,
) -> tuple[list[Column], list[list[Any]], int]:
    """(columns, row values, total) of one street's table, newest first for dated tables."""
    where = [
        EntityRow.street_code == street,
        EntityRow.entity == table.entity,
        EntityRow.deleted.is_(False),
    ]
    if year is not None and table.year_field is not None:
        where.append(EntityRow.data[table.year_field].as_string().like(f"{year}-%"))
    from sqlalchemy import func

    total = int(session.scalar(select(func.count()).where(*where)) or 0)
    order = EntityRow.data[table.order].as_string()
    query = (
        select(EntityRow.data)
        .where(*where)
        .order_by(order if table.order == "name" else order.desc(), EntityRow.entity_id)
        .offset(offset)
    )
    if limit is not None:
        query = query.limit(limit)
    cols = columns(table, screen=limit is not None)
    refs: dict[str, dict[str, str]] = {"category": CATEGORY_LABELS}
    if any(c.key in ("community", "parent", "station") for c in cols):
        refs["community"] = _names(session, street, "community")
        stations = _names(session, street, "station")
        refs["station"] = stations
        refs["parent"] = stations
    out = [[cell(c, data, refs) for c in cols] for (data,) in session.execute(query)]
    return cols, out, total


def _sheet(
    book: Workbook, title: str, header: Sequence[str], body: Sequence[Sequence[Any]]
) -> None:
    sheet: Worksheet = book.create_sheet(title[:31])
    sheet.append(list(header))
    for c in sheet[1]:
        c.font = Font(bold=True)
        c.data_type = "s"
    for values in body:
        sheet.append(list(values))
        for c in sheet[sheet.max_row]:
            if isinstance(c.value, str):
                c.data_type = "s"  # text stays text, never a formula (docs/security.md)
    sheet.freeze_panes = "A2"


def workbook(sheets: Sequence[tuple[str, Sequence[str], Sequence[Sequence[Any]]]]) -> bytes:
    book = Workbook()
    default = book.active
    if default is not None:
        book.remove(default)
    for title, header, body in sheets:
        _sheet(book, title, header, body)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def table_sheet(
    cols: list[Column], body: list[list[Any]], title: str
) -> tuple[str, list[str], list[list[Any]]]:
    return title, [c.header for c in cols], body
