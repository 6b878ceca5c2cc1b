"""Reading and validating a file into an :class:`ImportPlan` (the preview); nothing is written."""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from desktop.excel import adapter as registry
from desktop.excel.adapter import Existing, LedgerAdapter
from desktop.excel.dates import MonthDate
from desktop.excel.importer.mappings import remembered_mapping
from desktop.excel.importer.plan import (
    ERROR,
    MAX_ROWS,
    NEW,
    UNCHANGED,
    UPDATE,
    CellError,
    ImportPlan,
    PlanRow,
    Progress,
)
from desktop.excel.reader import SheetRows, open_sheet
from desktop.excel.spec import CellProblem, Column, Ledger, mask, parse_cell
from desktop.gc_pause import gc_paused
from desktop.i18n import gettext
from desktop.services import privacy
from desktop.services.permissions import Actor

_MEMO_KINDS = frozenset({"choice", "ref", "date", "bool", "text", "int"})
_MEMO_LIMIT = 5000
_MISS = object()
_FORMULA_OR_ERROR = frozenset({"f", "e"})


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


class _Index:
    """The ledger's current records, indexed for matching and uniqueness checks."""

    def __init__(self, ledger: Ledger, records: list[Existing]) -> None:
        self.by_id = {r.id: r for r in records}
        self.by_key: list[dict[tuple[Any, ...], str | None]] = []
        for key_cols in ledger.match_keys:
            index: dict[tuple[Any, ...], str | None] = {}
            for r in records:
                key = tuple(r.values.get(k) for k in key_cols)
                if any(v is None or v == "" for v in key):
                    continue
                # Two records with the same natural key: ambiguous, never matched by it.
                index[key] = None if key in index else r.id
            self.by_key.append(index)
        self.unique: dict[str, dict[Any, str]] = {
            col: {r.values[col]: r.id for r in records if r.values.get(col)}
            for col in ledger.unique
        }


def prepare(
    session: Session,
    actor: Actor,
    kind: str,
    path: Path | str,
    *,
    progress: Progress | None = None,
    max_rows: int = MAX_ROWS,
    mapping: dict[str, str | None] | None = None,
) -> ImportPlan:
    """Read and validate the whole file; nothing is written. The plan is the preview.

    ``mapping`` (header text → column key, or ``None`` to ignore the column) names columns
    the ledger does not know; without it, a mapping remembered for a file with the same
    headers is used."""
    adapter = registry.get(kind)
    actor.require(adapter.permission)
    adapter.check_importable()
    path = Path(path)
    sheet = open_sheet(path, adapter.ledger, mapping)
    if mapping is None:
        remembered = remembered_mapping(session, kind, sheet.all_headers)
        if remembered:
            sheet.close()
            mapping = remembered
            sheet = open_sheet(path, adapter.ledger, mapping)
    try:
        with gc_paused():
            plan = _build_plan(session, actor, adapter, path, sheet, progress, max_rows)
    finally:
        sheet.close()
    plan.mapping = dict(mapping or {})
    plan.unmasked = privacy.may_export_unmasked(actor)
    return plan


def _build_plan(
    session: Session,
    actor: Actor,
    adapter: LedgerAdapter,
    path: Path,
    sheet: SheetRows,
    progress: Progress | None,
    max_rows: int,
) -> ImportPlan:
    ledger = adapter.ledger
    name = sheet.sheet
    file_errors: list[CellError] = []
    for _col_index, text in sheet.duplicate_headers:
        file_errors.append(
            CellError(name, sheet.header_row, text, gettext("This column appears twice"))
        )
    present = [c for c in ledger.columns if c.key in sheet.headers]
    missing = [
        c
        for c in ledger.columns
        if c.required and c.key not in sheet.headers and c.kind != "record_id"
    ]
    for col in missing:
        file_errors.append(
            CellError(
                name,
                sheet.header_row,
                col.header,
                gettext("The required column '{header}' is missing").format(header=col.header),
            )
        )
    records = list(adapter.existing(session, actor))
    index = _Index(ledger, records)
    refs = {k: set(v) for k, v in adapter.references(session).items()}
    header_of = {c.key: sheet.headers[c.key] for c in present}
    plan_rows: list[PlanRow] = []
    seen_records: dict[str, int] = {}
    seen_unique: dict[str, dict[Any, int]] = {col: {} for col in ledger.unique}
    seen_keys: list[dict[tuple[Any, ...], int]] = [{} for _ in ledger.match_keys]
    versions: dict[str, int] = {}
    too_many = sheet.declared_rows - sheet.header_row > max_rows
    # Coded and repeated cells (gender, community, sector, dates, workplaces) recur on most
    # rows; each distinct (column, raw value) is parsed once.
    memo: dict[str, dict[Any, Any]] = {c.key: {} for c in present if c.kind in _MEMO_KINDS}
    # Per column, what the row loop needs: its key, the column, personal?, its memo.
    slots = [(c.key, c, c.personal, memo.get(c.key)) for c in present]
    date_keys = [c.key for c in present if c.kind == "date"]
    required_keys = [c.key for c in present if c.required]
    if not file_errors and not too_many:
        for count, (number, cells) in enumerate(sheet.rows(), start=1):
            if count > max_rows:
                too_many = True
                break
            plan_rows.append(
                _check_row(
                    ledger,
                    name,
                    number,
                    cells,
                    slots,
                    header_of,
                    index,
                    refs,
                    seen_records,
                    seen_unique,
                    seen_keys,
                    versions,
                    date_keys,
                    required_keys,
                )
            )
            if progress is not None and count % 2000 == 0:
                progress(count, 0, "")
    if not plan_rows and not file_errors and not too_many:
        file_errors.append(
            CellError(name, sheet.header_row, "", gettext("The file has no data rows to import"))
        )
    if too_many:
        file_errors.append(
            CellError(
                name,
                0,
                "",
                gettext(
                    "The sheet has more than {limit} rows; split it into smaller files."
                ).format(limit=max_rows),
            )
        )
        plan_rows = []
    for min_row, min_col, max_row, max_col in sheet.merged:
        if max_row <= sheet.header_row:
            continue  # a merged title above the header is harmless
        from openpyxl.utils import get_column_letter

        ref = f"{get_column_letter(min_col)}{min_row}:{get_column_letter(max_col)}{max_row}"
        message = gettext("Merged cells ({range}); unmerge them and fill in every cell").format(
            range=ref
        )
        key = sheet.columns.get(min_col)
        column = header_of.get(key, "") if key else ""
        hit = False
        for prow in plan_rows:
            if min_row <= prow.row <= max_row:
                prow.status = ERROR
                prow.errors.append(CellError(name, prow.row, column, message))
                if key:
                    prow.error_columns.add(key)
                hit = True
        if not hit and any(r.row > max_row for r in plan_rows):
            # a merged range between data rows; one below the last row is a footer
            file_errors.append(CellError(name, min_row, column, message))
    return ImportPlan(
        kind=ledger.kind,
        path=path,
        sheet=name,
        header_row=sheet.header_row,
        columns=tuple(c.key for c in present),
        rows=plan_rows,
        file_errors=file_errors,
        file_sha256=_sha256(path),
        versions=versions,
        skipped_empty=sheet.skipped_empty,
        skipped_notes=sheet.skipped_notes,
        unknown_columns=tuple(text for _c, text in sheet.unknown_headers),
        ignored_columns=tuple(text for _c, text in sheet.ignored_headers),
        file_headers=sheet.all_headers,
    )


def _check_row(
    ledger: Ledger,
    sheet: str,
    number: int,
    cells: dict[str, tuple[Any, str]],
    slots: list[tuple[str, Column, bool, dict[Any, Any] | None]],
    header_of: dict[str, str],
    index: _Index,
    refs: dict[str, set[str]],
    seen_records: dict[str, int],
    seen_unique: dict[str, dict[Any, int]],
    seen_keys: list[dict[tuple[Any, ...], int]],
    versions: dict[str, int],
    date_keys: list[str],
    required_keys: list[str],
) -> PlanRow:
    values: dict[str, Any] = {}
    problems: list[tuple[str, str]] = []
    masked: dict[str, str] = {}
    get = cells.get
    for slot_key, col, personal, cache in slots:
        cell = get(slot_key)
        if cell is None:
            values[slot_key] = None
            continue
        raw, data_type = cell
        if data_type in _FORMULA_OR_ERROR:
            if data_type == "f":
                message = gettext(
                    "The cell holds a formula ({formula}); paste it as a value"
                ).format(formula=str(raw)[:40])
            else:
                message = gettext("The cell holds an error value ({value})").format(value=raw)
            problems.append((slot_key, message))
            continue
        if personal and isinstance(raw, str) and "*" in raw:
            masked[slot_key] = raw.strip()
            continue
        if cache is not None:
            memo_key = (raw.__class__, raw)  # True and 1 are equal keys otherwise
            hit = cache.get(memo_key, _MISS)
            if hit is _MISS:
                try:
                    hit = parse_cell(col, raw)
                except CellProblem as exc:
                    hit = exc
                if len(cache) < _MEMO_LIMIT:
                    cache[memo_key] = hit
            if isinstance(hit, CellProblem):
                problems.append((slot_key, hit.message))
            else:
                values[slot_key] = hit
            continue
        try:
            values[slot_key] = parse_cell(col, raw)
        except CellProblem as exc:
            problems.append((slot_key, exc.message))
    for default_key, default in ledger.defaults:
        if default_key in values and values[default_key] in (None, ""):
            values[default_key] = default
    if ledger.derive is not None and not problems:
        for derive_key, problem in ledger.derive(values):
            problems.append((derive_key, problem.message))
    for date_key in date_keys:
        value = values.get(date_key)
        if value.__class__ is MonthDate:  # stored as the plain first of the month
            values[date_key] = date(value.year, value.month, value.day)
    # Which record does the row update?
    existing: Existing | None = None
    by_natural_key = False
    record_id = values.get("id") if "id" in values else None
    if record_id:
        existing = index.by_id.get(record_id)
        if existing is None:
            problems.append(
                (
                    "id",
                    gettext(
                        "No such record (it may have been deleted); clear this cell to add the row as new"
                    ),
                )
            )
    else:
        for position, key_cols in enumerate(ledger.match_keys):
            key = tuple(map(values.get, key_cols))
            if None in key or "" in key:
                continue
            found = index.by_key[position].get(key)
            if found:
                existing = index.by_id[found]
                by_natural_key = True
                break
    for masked_key, text in masked.items():
        col = ledger.column(masked_key)
        if existing is not None and mask(col, existing.values.get(masked_key)) == text:
            values[masked_key] = existing.values.get(masked_key)
        else:
            problems.append(
                (masked_key, gettext("The value is masked (****); type the full value"))
            )
    # Required cells
    for required_key in required_keys:
        if values.get(required_key) in (None, "") and (
            not problems or required_key not in dict(problems)
        ):
            problems.append((required_key, gettext("Required")))
    # References
    for ref_key, names in refs.items():
        value = values.get(ref_key)
        if value and value not in names:
            col = ledger.column(ref_key)
            problems.append(
                (ref_key, gettext("Unknown {what}: {value}").format(what=col.header, value=value))
            )
    if ledger.check is not None and not problems:
        for check_key, problem in ledger.check(values):
            problems.append((check_key, problem.message))
    # Duplicates in the file and against the database
    row_problems: list[str] = []
    if existing is not None:
        first = seen_records.get(existing.id)
        if first is not None:
            row_problems.append(gettext("Same record as row {row}").format(row=first))
        else:
            seen_records[existing.id] = number
    else:
        for position, key_cols in enumerate(ledger.match_keys):
            key = tuple(map(values.get, key_cols))
            if None in key or "" in key:
                continue
            first = seen_keys[position].get(key)
            if first is not None:
                row_problems.append(gettext("Same person as row {row}").format(row=first))
            else:
                seen_keys[position][key] = number
            break
    for col_key in ledger.unique:
        value = values.get(col_key)
        if not value:
            continue
        first = seen_unique[col_key].get(value)
        if first is not None:
            header = ledger.column(col_key).header
            problems.append(
                (
                    col_key,
                    gettext("Duplicate {what}: also in row {row}").format(what=header, row=first),
                )
            )
        else:
            seen_unique[col_key][value] = number
        owner = index.unique[col_key].get(value)
        if owner is not None and (existing is None or owner != existing.id):
            header = ledger.column(col_key).header
            other = index.by_id[owner].values
            problems.append(
                (
                    col_key,
                    gettext("Duplicate {what}: already recorded for {name}").format(
                        what=header, name=other.get("name") or owner
                    ),
                )
            )
    label = _label(values, existing)
    if problems or row_problems:
        errors = [CellError(sheet, number, header_of.get(k, k), m) for k, m in problems]
        errors += [CellError(sheet, number, "", m) for m in row_problems]
        return PlanRow(
            number, ERROR, errors=errors, error_columns={k for k, _ in problems}, label=label
        )
    if existing is None:
        values.pop("id", None)
        return PlanRow(number, NEW, values=values, label=label)
    old = existing.values
    changed = tuple(k for k, v in values.items() if k != "id" and v != old.get(k))
    versions[existing.id] = existing.version
    if not changed:
        return PlanRow(number, UNCHANGED, record_id=existing.id, label=label)
    conflict = tuple(k for k in changed if k in ledger.confirm) if by_natural_key else ()
    return PlanRow(
        number,
        UPDATE,
        record_id=existing.id,
        values={k: values[k] for k in changed},
        changed=changed,
        label=_label(old, None) or label,
        before={k: old.get(k) for k in changed},
        conflict=conflict,
    )


def _label(values: dict[str, Any], existing: Existing | None) -> str:
    """Who or what a row is about, for the preview: its name (or the record's)."""
    for source in (values, existing.values if existing is not None else {}):
        for key in ("name", "resident_name", "number", "content"):
            value = source.get(key)
            if value:
                text = str(value)
                return text if len(text) <= 20 else text[:19] + "…"
    return ""
