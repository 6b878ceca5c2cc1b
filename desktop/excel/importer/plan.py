"""What an import plan is: the rows of a file as validated, and what a commit did."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desktop.i18n import gettext

#: Larger files are refused (after reading only this many rows): split them.
MAX_ROWS = 200_000

Progress = Callable[[int, int, str], None]

NEW, UPDATE, UNCHANGED, ERROR = "new", "update", "unchanged", "error"


@dataclass(frozen=True)
class CellError:
    sheet: str
    row: int
    column: str  # the header text, "" for a problem with the whole row or file
    message: str  # in the user's language

    def __str__(self) -> str:
        where = gettext("Sheet {sheet}, row {row}").format(sheet=self.sheet, row=self.row)
        if self.column:
            where += gettext(", column {column}").format(column=self.column)
        return f"{where}: {self.message}"


@dataclass(slots=True)
class PlanRow:
    row: int
    status: str
    record_id: str | None = None
    values: dict[str, Any] | None = None
    changed: tuple[str, ...] = ()
    errors: list[CellError] = field(default_factory=list)
    error_columns: set[str] = field(default_factory=set)
    #: who the row is about (its name, or the record's), for the preview
    label: str = ""
    #: for an update: the record's values before, for the changed columns
    before: dict[str, Any] | None = None
    #: changed columns that need the clerk's confirmation (Ledger.confirm)
    conflict: tuple[str, ...] = ()


@dataclass
class ImportPlan:
    kind: str
    path: Path
    sheet: str
    header_row: int
    columns: tuple[str, ...]  # the column keys present in the file
    rows: list[PlanRow]
    file_errors: list[CellError]
    file_sha256: str
    versions: dict[str, int]  # record id → version seen when validating
    skipped_empty: int = 0
    #: note rows skipped (制表人：… 审核人：…)
    skipped_notes: int = 0
    #: header texts of columns the ledger does not have (ignored, offered for mapping)
    unknown_columns: tuple[str, ...] = ()
    #: header texts of columns ignored on purpose (序号, or mapped to "ignore")
    ignored_columns: tuple[str, ...] = ()
    #: every header text of the file, in order (a remembered mapping is stored by them)
    file_headers: tuple[str, ...] = ()
    #: the mapping used: header text → column key, or None to ignore
    mapping: dict[str, str | None] = field(default_factory=dict)
    #: personal values are shown unmasked in the preview
    unmasked: bool = False

    @property
    def conflicts(self) -> list[PlanRow]:
        return [r for r in self.rows if r.conflict and r.status == UPDATE]

    @property
    def counts(self) -> dict[str, int]:
        counter = Counter(r.status for r in self.rows)
        return {k: counter.get(k, 0) for k in (NEW, UPDATE, UNCHANGED, ERROR)}

    @property
    def errors(self) -> list[CellError]:
        out = list(self.file_errors)
        for r in self.rows:
            out.extend(r.errors)
        return out

    @property
    def has_changes(self) -> bool:
        counts = self.counts
        return bool(counts[NEW] or counts[UPDATE])

    @property
    def ok(self) -> bool:
        return not self.file_errors and not self.counts[ERROR]


@dataclass(frozen=True)
class ImportResult:
    batch_id: str | None
    created: int
    updated: int
    unchanged: int
    skipped_errors: int
    #: rows with an unconfirmed conflict, skipped (valid_only)
    skipped_conflicts: int = 0
