"""What a ledger must provide to the engine: its rows as sheet values, the valid names of the
records it refers to, and how to write new and changed rows. Register one adapter per ledger.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from desktop.excel.spec import Ledger
from desktop.services.permissions import Actor, Permission


@dataclass(frozen=True)
class Existing:
    """A database record as the sheet shows it: its id, version and sheet values."""

    id: str
    version: int
    values: dict[str, Any]


class LedgerAdapter(ABC):
    """Subclass per ledger. Every method gets the caller's session (one transaction)."""

    ledger: Ledger
    #: The synced model rows are written to (used for undo and for bulk inserts).
    model: type[Any]
    permission: Permission = Permission.EDIT_DATA

    @abstractmethod
    def existing(
        self, session: Session, actor: Actor, ids: Collection[str] | None = None
    ) -> Iterator[Existing]:
        """Every live record of the ledger (or those in ``ids``), as sheet values keyed by
        column key, in the ledger's natural order."""

    def references(self, session: Session) -> dict[str, list[str]]:
        """Column key → the valid names for each "ref" column (drop-downs, import checks)."""
        return {}

    def choices(self, session: Session) -> dict[str, list[str]]:
        """Column key → drop-down values; by default the labels of choice columns and refs."""
        out: dict[str, list[str]] = {}
        for col in self.ledger.columns:
            if col.kind == "choice":
                out[col.key] = [label for _, label in col.choices]
            elif col.kind == "bool":
                out[col.key] = ["是", "否"]
        out.update(self.references(session))
        return out

    @abstractmethod
    def create(self, session: Session, actor: Actor, rows: list[dict[str, Any]]) -> list[str]:
        """Insert new records from sheet values (only the columns present in the file);
        return their ids in order. Bulk-friendly: see :mod:`desktop.models.bulk`."""

    @abstractmethod
    def update(
        self, session: Session, actor: Actor, changes: list[tuple[str, dict[str, Any]]]
    ) -> None:
        """Apply (record id, changed sheet values) pairs through the ORM."""

    def check_importable(self) -> None:
        """Raise a ValidationError for a ledger that is only ever exported (a report);
        every ledger can be imported by default."""
        return None

    def after_write(self, session: Session, created: list[str], updated: list[str]) -> None:
        """Hook after create/update in the same transaction (e.g. refresh a search index).
        Does nothing by default."""
        return None


_REGISTRY: dict[str, LedgerAdapter] = {}


def register(adapter: LedgerAdapter) -> LedgerAdapter:
    _REGISTRY[adapter.ledger.kind] = adapter
    return adapter


def get(kind: str) -> LedgerAdapter:
    load()
    try:
        return _REGISTRY[kind]
    except KeyError:
        from desktop.errors import ValidationError
        from desktop.i18n import N_

        raise ValidationError(
            N_("Unknown ledger: {kind} (known: {known})"),
            field="kind",
            kind=kind,
            known=", ".join(sorted(_REGISTRY)),
        ) from None


def kinds() -> list[str]:
    load()
    return sorted(_REGISTRY)


#: Modules that register ledgers (one line per area).
LEDGER_MODULES: list[str] = [
    "desktop.excel.roster_ledgers",
    "desktop.excel.opinion_ledger",
    "desktop.excel.activity_ledger",
    "desktop.excel.project_ledger",
    "desktop.excel.meeting_ledgers",
]


def load() -> None:
    import importlib

    for name in LEDGER_MODULES:
        importlib.import_module(name)
