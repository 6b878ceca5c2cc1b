"""The home page's cards: one SQL question each, where clicking leads, and how urgent it is.

**A new area adds its card here, in one place:** append a :class:`Card` to ``CARDS`` (or call
:func:`card` from the area's module). A card is plain SQLite text with named parameters
(``:today``, ``:now``, ``:year_start``, ``:soon``), so the same definition answers

* at start-up, through :func:`quick_figures` — ``sqlite3`` on a read-only connection before
  SQLAlchemy is even imported, so the home page shows its figures as soon as the window does;
* afterwards, through :func:`desktop.services.home.figures` on the ORM session.

This module imports nothing heavy (no SQLAlchemy, no models): keep it that way.
Cards are ordered by ``priority`` (lower first): what a clerk must act on comes first; the
figures for administrators (accounts, audit-log size) are on the settings page instead.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from desktop.i18n import N_

#: Opinions whose deadline is this close count as "due soon".
DUE_SOON_DAYS = 3  # the ledger's "due soon" queue (desktop.services.opinions.DUE_SOON_DAYS)


@dataclass(frozen=True)
class Figure:
    key: str
    label: str  # English template (translate with desktop.i18n.gettext)
    value: int | str
    group: str = "general"
    warn: bool = False
    #: The page a click opens ("" = none), and what to show there (a queue, a tab).
    target: str = ""
    focus: str = ""
    #: Lower comes first on the home page.
    priority: int = 50


@dataclass(frozen=True)
class Card:
    key: str
    label: str
    sql: str
    group: str
    target: str = ""
    focus: str = ""
    priority: int = 50
    #: Shown in red when the value is above zero (something to act on).
    warn_when_positive: bool = False
    #: Left off the page when zero (an area the street does not use).
    hide_when_zero: bool = False
    #: Turns the raw SQL value into what is shown (e.g. a UTC timestamp → local date).
    show: Callable[[Any], int | str] | None = None


def _local_time(value: Any) -> str:
    if not value:
        return "—"
    stamp = datetime.fromisoformat(str(value)).replace(tzinfo=UTC)
    return stamp.astimezone().strftime("%Y-%m-%d %H:%M")


CARDS: list[Card] = [
    Card(
        "opinions_overdue",
        N_("Opinions overdue"),
        "SELECT count(*) FROM opinion WHERE deleted_at IS NULL AND status = 'assigned'"
        " AND due_on < :today",
        "opinions",
        target="opinions",
        focus="overdue",
        priority=10,
        warn_when_positive=True,
    ),
    Card(
        "polls_uncertified",
        N_("Polls counted, awaiting certification"),
        "SELECT count(*) FROM poll WHERE deleted_at IS NULL AND status = 'counting'",
        "polls",
        target="polls",
        priority=15,
        warn_when_positive=True,
    ),
    Card(
        "opinions_due_soon",
        N_("Opinions due within 3 days"),
        "SELECT count(*) FROM opinion WHERE deleted_at IS NULL AND status = 'assigned'"
        " AND due_on >= :today AND due_on <= :soon",
        "opinions",
        target="opinions",
        focus="due_soon",
        priority=20,
    ),
    Card(
        "opinions_open",
        N_("Opinions awaiting an answer"),
        "SELECT count(*) FROM opinion WHERE deleted_at IS NULL"
        " AND status IN ('received', 'assigned')",
        "opinions",
        target="opinions",
        focus="unanswered",
        priority=25,
    ),
    Card(
        "next_meeting",
        N_("Next representative meeting"),
        "SELECT min(starts_at) FROM meeting WHERE deleted_at IS NULL AND status != 'closed'",
        "meetings",
        target="meetings",
        priority=30,
        show=_local_time,
    ),
    Card(
        "polls_open",
        N_("Polls open for voting"),
        "SELECT count(*) FROM poll WHERE deleted_at IS NULL AND status = 'open'",
        "polls",
        target="polls",
        priority=35,
    ),
    Card(
        "contact_shortfall",
        N_("Deputies short of fixed contacts"),
        "SELECT count(*) FROM deputy d WHERE d.deleted_at IS NULL AND d.status = 'active'"
        " AND (SELECT count(*) FROM deputy_contact c WHERE c.deputy_id = d.id"
        " AND c.deleted_at IS NULL AND c.status = 'active'"
        " AND ((d.election = 'direct' AND c.kind = 'resident')"
        " OR (d.election = 'indirect' AND c.kind = 'deputy')))"
        " < CASE d.election WHEN 'direct' THEN 5 ELSE 3 END",
        "roster",
        target="roster",
        focus="deputies",
        priority=40,
        warn_when_positive=True,
        hide_when_zero=True,
    ),
    Card(
        "outbox",
        N_("Changes waiting to sync"),
        # Rows of acknowledged batches wait a moment during a push (desktop/sync/results.py).
        "SELECT count(*) FROM sync_outbox WHERE batch_id IS NULL OR batch_id NOT IN"
        " (SELECT batch_id FROM sync_batch WHERE state = 'acked')",
        "system",
        target="sync",
        priority=45,
    ),
    Card(
        "meetings_held",
        N_("Representative meetings held this year"),
        "SELECT count(*) FROM meeting WHERE deleted_at IS NULL AND status = 'closed'"
        " AND starts_at >= :year_start",
        "meetings",
        target="meetings",
        priority=60,
    ),
    Card(
        "polls_certified",
        N_("Polls certified"),
        "SELECT count(*) FROM poll WHERE deleted_at IS NULL AND status = 'certified'",
        "polls",
        target="polls",
        priority=65,
    ),
    Card(
        "representatives",
        N_("Representatives in office"),
        "SELECT count(*) FROM representative WHERE deleted_at IS NULL AND status = 'active'"
        " AND term_id = (SELECT id FROM term WHERE status = 'current' AND deleted_at IS NULL"
        " ORDER BY number DESC LIMIT 1)",
        "roster",
        target="roster",
        focus="representatives",
        priority=70,
    ),
    Card(
        "communities",
        N_("Communities"),
        "SELECT count(*) FROM community WHERE deleted_at IS NULL",
        "roster",
        target="roster",
        focus="communities",
        priority=75,
    ),
    Card(
        "deputies",
        N_("Deputies"),
        "SELECT count(*) FROM deputy WHERE deleted_at IS NULL AND status = 'active'",
        "roster",
        target="roster",
        focus="deputies",
        priority=80,
        hide_when_zero=True,
    ),
    Card(
        "stations",
        N_("Stations"),
        "SELECT count(*) FROM station WHERE deleted_at IS NULL AND status = 'active'",
        "roster",
        target="stations",
        priority=85,
        hide_when_zero=True,
    ),
]


def card(new: Card) -> Card:
    """Add an area's card (idempotent: a card's key is its identity)."""
    if all(c.key != new.key for c in CARDS):
        CARDS.append(new)
    return new


def parameters(today: date | None = None, now: datetime | None = None) -> dict[str, str]:
    """The named parameters a card's SQL may use, in the database's own text forms."""
    now = now or datetime.now(UTC)
    today = today or now.astimezone().date()
    year_start = now.astimezone().replace(month=1, day=1, hour=0, minute=0, second=0)
    return {
        "today": today.isoformat(),
        "soon": (today + timedelta(days=DUE_SOON_DAYS)).isoformat(),
        "now": _db_time(now),
        "year_start": _db_time(year_start),
    }


def _db_time(value: datetime) -> str:
    """How SQLAlchemy stores a UTC datetime in SQLite (naive, microseconds)."""
    return value.astimezone(UTC).replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")


def evaluate(
    ask: Callable[[str, dict[str, str]], Any], cards: Iterable[Card] | None = None
) -> list[Figure]:
    """Answer every card with ``ask(sql, params) → first column of the first row``."""
    params = parameters()
    figures = []
    for c in cards if cards is not None else CARDS:
        raw = ask(c.sql, {k: v for k, v in params.items() if f":{k}" in c.sql})
        if c.hide_when_zero and not raw:
            continue
        value = c.show(raw) if c.show is not None else int(raw or 0)
        warn = c.warn_when_positive and isinstance(value, int) and value > 0
        figures.append(Figure(c.key, c.label, value, c.group, warn, c.target, c.focus, c.priority))
    return figures


def quick_figures(database: Path) -> list[Figure] | None:
    """The cards answered with sqlite3 alone (start-up, before the ORM); None if unreadable."""
    from desktop.dbfile import read_only_uri

    try:
        con = sqlite3.connect(read_only_uri(database), uri=True)
        try:
            return evaluate(lambda sql, params: con.execute(sql, params).fetchone()[0])
        finally:
            con.close()
    except sqlite3.Error:
        return None
