"""Anchors of the audit chain outside the chain itself (issue 15 item 5; docs/architecture.md
"What the audit chain proves").

An anchor is a head of the chain — the newest row's ``seq`` (its id) and ``hash`` — written
down somewhere else at some moment: in each sealed sync batch (and so on the city server), in
the ``audit_anchor`` table when ``yishi db backup`` runs, and printed on certified poll
reports and minutes. A log that still holds every row up to an anchor, with the same hash at
the anchor's row, extends what the anchor saw; a log shorter than an anchor was cut, and a
different hash at the anchor's row means the log was rewritten after it.
"""

from __future__ import annotations

import gzip
import json
import re
import sqlite3
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import inspect, select
from sqlalchemy.orm import Session

from desktop.errors import ValidationError
from desktop.i18n import N_, gettext
from desktop.models.audit import AuditAnchor, AuditEntry
from desktop.models.base import utcnow
from desktop.models.sync import SyncBatch

GENESIS = "0" * 64
#: How many hex digits of the hash a printed paper shows (64 bits: no one finds a rewritten
#: chain whose row matches them).
PRINTED_HEX = 16
_TYPED = re.compile(r"^\s*(\d+)\s*[:：]\s*([0-9a-fA-F]{16,64})\s*$")


@dataclass(frozen=True)
class Head:
    seq: int
    hash: str  # the full hash, or (typed from paper) a prefix of at least 16 hex digits

    def printed(self) -> str:
        """The form printed on papers and typed back into ``yishi audit verify --anchor``."""
        return f"{self.seq}:{self.hash[:PRINTED_HEX]}"


@dataclass(frozen=True)
class Anchor:
    head: Head
    source: str  # sync | backup | paper
    at: datetime | None = None
    note: str = ""


@dataclass(frozen=True)
class AnchorProblem:
    anchor: Anchor
    kind: str  # shorter | missing | rewritten
    log_seq: int  # the newest row the log holds


def head(session: Session) -> Head:
    """The chain head now (seq 0 and 64 zeros for an empty log)."""
    row = session.execute(
        select(AuditEntry.id, AuditEntry.hash).order_by(AuditEntry.id.desc()).limit(1)
    ).first()
    return Head(0, GENESIS) if row is None else Head(int(row[0]), str(row[1]))


def remember(session: Session, kind: str, at_head: Head, note: str = "") -> None:
    """Store ``at_head`` as an anchor (call inside a transaction)."""
    session.add(AuditAnchor(at=utcnow(), seq=at_head.seq, hash=at_head.hash, kind=kind, note=note))


def parse_typed(text: str) -> Head:
    """``SEQ:HASH`` as printed on a paper (at least 16 hex digits of the hash)."""
    found = _TYPED.match(text)
    if found is None:
        raise ValidationError(
            N_("An anchor is written as number:hash, e.g. 1207:9c1f2a3b4c5d6e7f (from the paper)"),
            field="anchor",
        )
    return Head(int(found.group(1)), found.group(2).lower())


def known(session: Session) -> list[Anchor]:
    """Every anchor this database knows: stored ones and the heads of sealed batches."""
    anchors: list[Anchor] = []
    tables = set(inspect(session.connection()).get_table_names())
    if "audit_anchor" in tables:
        for row in session.scalars(select(AuditAnchor).order_by(AuditAnchor.id)):
            anchors.append(Anchor(Head(row.seq, row.hash), row.kind, row.at, row.note))
    for body, sealed_at in session.execute(
        select(SyncBatch.body, SyncBatch.sealed_at).order_by(SyncBatch.first_seq)
    ):
        sent = sent_head(body)
        if sent is not None:
            anchors.append(Anchor(sent, "sync", sealed_at))
    return anchors


_SENT = re.compile(
    rb'^\{"audit_head":\{"hash":"([0-9a-f]{64})","prev_hash":"[0-9a-f]*",'
    rb'"prev_seq":(?:null|\d+),"seq":(\d+)\}'
)


def sent_head(body: bytes) -> Head | None:
    """The ``audit_head`` a sealed batch body carries. The header's keys are sorted, so it
    opens the JSON: only the first few KiB are inflated, not the whole batch."""
    start = zlib.decompressobj(wbits=31).decompress(body, 4096)
    found = _SENT.match(start)
    if found is not None:
        return Head(int(found.group(2)), found.group(1).decode("ascii"))
    if not start.startswith(b'{"audit_head"'):
        return None  # sealed before heads travelled
    sent = json.loads(gzip.decompress(body)).get("audit_head")  # any other spelling
    if isinstance(sent, dict) and isinstance(sent.get("seq"), int):
        return Head(sent["seq"], str(sent.get("hash", "")))
    return None


SOURCES = {
    "sync": N_("the sync batch sealed {at}"),
    "backup": N_("the backup made {at}"),
    "paper": N_("the printed paper"),
}
PROBLEMS = {
    "shorter": N_(
        "The audit log is SHORTER than {source}: the anchor records entry {seq}, but the log"
        " ends at entry {log_seq}. Newest entries were deleted, or the database was replaced"
        " by an older copy."
    ),
    "missing": N_(
        "Entry {seq}, recorded by {source}, is MISSING from the audit log: entries were deleted."
    ),
    "rewritten": N_(
        "The audit log was REWRITTEN after {source}: entry {seq} no longer has the hash the"
        " anchor recorded."
    ),
}


def describe(problem: AnchorProblem) -> str:
    """The problem in plain words (translated)."""
    anchor = problem.anchor
    when = anchor.at.astimezone().strftime("%Y-%m-%d %H:%M") if anchor.at else ""
    source = gettext(SOURCES.get(anchor.source, SOURCES["paper"])).format(at=when)
    return gettext(PROBLEMS[problem.kind]).format(
        source=source, seq=anchor.head.seq, log_seq=problem.log_seq
    )


def all_extended(anchors: list[Anchor]) -> str:
    newest = max(anchors, key=lambda a: a.head.seq)
    return gettext(N_("The log extends all {n} known anchors (newest: entry {seq}).")).format(
        n=len(anchors), seq=newest.head.seq
    )


def backup_head(path: Path) -> Head:
    """The chain head a backup file holds (read only, with sqlite3)."""
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        row = con.execute("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
    finally:
        con.close()
    return Head(0, GENESIS) if row is None else Head(int(row[0]), str(row[1]))


def anchor_backup(session: Session, path: Path) -> str:
    """Keep the head of the backup at ``path`` as an anchor (in the caller's transaction) and
    return the line to show: ``yishi db backup`` prints it, the settings page shows it."""
    at_head = backup_head(path)
    remember(session, "backup", at_head, note=Path(path).name)
    return gettext(N_("Audit chain anchor of this backup: {anchor}")).format(
        anchor=at_head.printed()
    )


def check(session: Session, anchors: Iterable[Anchor]) -> list[AnchorProblem]:
    """The anchors the log does not extend: cut below them, or rewritten at their row."""
    newest = head(session).seq
    problems: list[AnchorProblem] = []
    for anchor in anchors:
        seq = anchor.head.seq
        if seq == 0:
            continue
        if seq > newest:
            problems.append(AnchorProblem(anchor, "shorter", newest))
            continue
        found = session.scalar(select(AuditEntry.hash).where(AuditEntry.id == seq))
        if found is None:
            problems.append(AnchorProblem(anchor, "missing", newest))
        elif not str(found).startswith(anchor.head.hash):
            problems.append(AnchorProblem(anchor, "rewritten", newest))
    return problems
