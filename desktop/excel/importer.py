"""Import = read → validate every row → preview → commit in one transaction; undo whole.

plan = importer.prepare(session, actor, "representatives", path)   # reads and validates
plan.counts            # {"new": …, "update": …, "unchanged": …, "error": …}
plan.errors            # [CellError(sheet, row, column, message), …]
result = importer.commit(session, actor, plan, valid_only=False)  # inside db.transaction()
importer.undo(session, actor, result.batch_id)                     # inside db.transaction()
importer.write_annotated(plan, "errors.xlsx")                      # a marked-up copy
"""

from __future__ import annotations

import gc
import hashlib
import json
from collections import Counter
from collections.abc import Callable, Collection, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.errors import ConflictError, NotFound, ValidationError
from desktop.excel import adapter as registry
from desktop.excel import headers as header_names
from desktop.excel.adapter import Existing, LedgerAdapter
from desktop.excel.dates import MonthDate
from desktop.excel.reader import SheetRows, open_sheet, read_grid
from desktop.excel.spec import CellProblem, Column, Ledger, format_cell, mask, parse_cell
from desktop.excel.writer import save_book
from desktop.i18n import N_, gettext
from desktop.models.base import utcnow
from desktop.models.bulk import executemany
from desktop.models.imports import ImportBatch, ImportItem
from desktop.models.outbox import row_data
from desktop.models.settings import Setting
from desktop.services import audit, privacy
from desktop.services.permissions import Actor

#: Larger files are refused (after reading only this many rows): split them.
MAX_ROWS = 200_000

Progress = Callable[[int, int, str], None]

NEW, UPDATE, UNCHANGED, ERROR = "new", "update", "unchanged", "error"
_MEMO_KINDS = frozenset({"choice", "ref", "date", "bool", "text", "int"})
_MEMO_LIMIT = 5000
_MISS = object()
_FORMULA_OR_ERROR = frozenset({"f", "e"})
_SYSTEM_COLUMNS = frozenset({"id", "version", "created_at", "updated_at", "street_code"})


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
        with _gc_paused():
            plan = _build_plan(session, actor, adapter, path, sheet, progress, max_rows)
    finally:
        sheet.close()
    plan.mapping = dict(mapping or {})
    plan.unmasked = privacy.may_export_unmasked(actor)
    return plan


# ----------------------------------------------------------------------------- mappings

_MAPPING_PREFIX = "import.mapping."


def _mapping_key(kind: str, file_headers: tuple[str, ...] | list[str]) -> str:
    digest = hashlib.sha1(
        header_names.signature(file_headers).encode("utf-8"), usedforsecurity=False
    ).hexdigest()
    return f"{_MAPPING_PREFIX}{kind}.{digest[:20]}"


def remembered_mapping(
    session: Session, kind: str, file_headers: tuple[str, ...] | list[str]
) -> dict[str, str | None]:
    """The mapping last used for a file of this ledger with exactly these headers."""
    if not file_headers:
        return {}
    row = session.get(Setting, _mapping_key(kind, file_headers))
    if row is None:
        return {}
    try:
        stored = json.loads(row.value_json)
    except ValueError:
        return {}
    keys = set(registry.get(kind).ledger.keys)
    return {
        str(h): (k if k in keys else None)
        for h, k in dict(stored.get("mapping", {})).items()
        if k is None or k in keys
    }


def remember_mapping(
    session: Session, kind: str, file_headers: tuple[str, ...], mapping: dict[str, str | None]
) -> None:
    """Store ``mapping`` for the next file of this ledger with the same headers."""
    if not file_headers or not mapping:
        return
    key = _mapping_key(kind, file_headers)
    value = json.dumps(
        {"headers": list(file_headers), "mapping": mapping}, ensure_ascii=False, sort_keys=True
    )
    row = session.get(Setting, key)
    if row is None:
        session.add(Setting(key=key, value_json=value))
    else:
        row.value_json = value


def parse_mapping(kind: str, pairs: list[str]) -> dict[str, str | None]:
    """``["出生年月=出生日期", "备用电话="]`` → header → column key (empty: ignore).

    The right side is the ledger's header (or its column key)."""
    ledger = registry.get(kind).ledger
    by_header = {header_names.normalise(c.header): c.key for c in ledger.columns}
    out: dict[str, str | None] = {}
    for pair in pairs:
        left, sep, right = pair.partition("=")
        if not sep or not left.strip():
            raise ValidationError(
                N_("Write the mapping as file column=ledger column: {value}"),
                field="map",
                value=pair,
            )
        target = right.strip()
        if not target:
            out[left.strip()] = None
            continue
        key = by_header.get(header_names.normalise(target))
        if key is None and target in ledger.keys:
            key = target
        if key is None:
            raise ValidationError(
                N_("The ledger has no column '{column}'. The columns are: {expected}"),
                field="map",
                column=target,
                expected="、".join(c.header for c in ledger.columns),
            )
        out[left.strip()] = key
    return out


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


# ----------------------------------------------------------------------------- commit


def commit(
    session: Session,
    actor: Actor,
    plan: ImportPlan,
    *,
    valid_only: bool = False,
    progress: Progress | None = None,
    accept: bool | Collection[int] = False,
) -> ImportResult:
    """Write the plan in the caller's transaction. Any error row refuses the whole import
    unless ``valid_only``; records changed since the preview refuse it too.

    A conflict (a row that would rename the person whose ID number it carries) is written
    only when confirmed: ``accept=True`` confirms every one, a collection confirms those
    sheet rows. Unconfirmed conflicts refuse the import, or are skipped with ``valid_only``.
    The mapping the plan used is remembered for the next file with the same headers."""
    adapter = registry.get(plan.kind)
    actor.require(adapter.permission)
    if plan.file_errors:
        raise ValidationError(
            N_("The file cannot be imported: {problem}"),
            field="file",
            problem=plan.file_errors[0].message,
        )
    counts = plan.counts
    if counts[ERROR] and not valid_only:
        raise ValidationError(
            N_(
                "{count} rows have errors; nothing was imported. Fix them, or import the valid rows only."
            ),
            field="file",
            count=counts[ERROR],
        )
    unconfirmed = [
        r for r in plan.conflicts if not (accept is True or (accept and r.row in accept))
    ]
    if unconfirmed and not valid_only:
        first = unconfirmed[0]
        raise ValidationError(
            N_(
                "{count} rows carry the ID number of a person with another name (first: row "
                "{row}, {old} → {new}); nothing was imported. Confirm the renames, or correct "
                "the file."
            ),
            field="file",
            count=len(unconfirmed),
            row=first.row,
            old=(first.before or {}).get("name", ""),
            new=(first.values or {}).get("name", ""),
        )
    skipped = {r.row for r in unconfirmed}
    new_rows = [r for r in plan.rows if r.status == NEW]
    upd_rows = [r for r in plan.rows if r.status == UPDATE and r.row not in skipped]
    if plan.mapping:
        remember_mapping(session, plan.kind, plan.file_headers, plan.mapping)
    if not new_rows and not upd_rows:
        return ImportResult(None, 0, 0, counts[UNCHANGED], counts[ERROR], len(skipped))
    model = adapter.model
    ids = [r.record_id for r in upd_rows if r.record_id]
    current: dict[str, int] = (
        dict(session.execute(select(model.id, model.version).where(model.id.in_(ids))).all())
        if len(ids) < 30_000
        else dict(session.execute(select(model.id, model.version)).all())
    )
    stale = [i for i in ids if current.get(i) != plan.versions.get(i)]
    if stale:
        raise ConflictError(
            N_("{count} records were changed by someone else since the preview; preview again."),
            count=len(stale),
        )
    with _page_cache(session, IMPORT_CACHE_KIB), _gc_paused():
        result = _write(session, actor, adapter, plan, new_rows, upd_rows, ids, counts, progress)
    return ImportResult(
        result.batch_id,
        result.created,
        result.updated,
        result.unchanged,
        result.skipped_errors,
        len(skipped),
    )


#: SQLite page cache while an import is written (KiB). The default 2 MB cannot hold the
#: pages 50,000 new rows dirty in the table, its indexes, the outbox and the search index,
#: so SQLite spills them mid-transaction; memory only, durability is unchanged.
IMPORT_CACHE_KIB = 64 * 1024


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Python's cyclic garbage collector paused while an import builds its rows: tens of
    thousands of dicts and tuples are created and kept (none of them garbage), and every
    collection walked them all again (0.1-0.25 s of CPU for 50,000 rows). Reference
    counting still frees everything as usual; cycles wait for the next collection."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@contextmanager
def _page_cache(session: Session, kib: int) -> Iterator[None]:
    connection = session.connection()
    before = connection.exec_driver_sql("PRAGMA cache_size").scalar()
    connection.exec_driver_sql(f"PRAGMA cache_size=-{int(kib)}")
    yield
    # Not in a finally: a failing PRAGMA must not hide the import's own error. After an
    # error the connection keeps the larger cache, which only costs memory.
    connection.exec_driver_sql(f"PRAGMA cache_size={int(before or -2000)}")


def _write(
    session: Session,
    actor: Actor,
    adapter: LedgerAdapter,
    plan: ImportPlan,
    new_rows: list[PlanRow],
    upd_rows: list[PlanRow],
    ids: list[str],
    counts: dict[str, int],
    progress: Progress | None,
) -> ImportResult:
    model = adapter.model
    audit.acting(session, actor)  # the outbox rows of the new records name the actor as written
    batch = ImportBatch(
        kind=plan.kind,
        file_name=plan.path.name,
        file_sha256=plan.file_sha256,
        username=actor.username,
        created_at=utcnow(),
        created_count=len(new_rows),
        updated_count=len(upd_rows),
        unchanged_count=counts[UNCHANGED],
        error_count=counts[ERROR],
        status="committed",
    )
    session.add(batch)
    session.flush()
    items: list[dict[str, Any]] = []
    befores: dict[str, str] = {}
    if upd_rows:
        for start in range(0, len(ids), 900):
            chunk = ids[start : start + 900]
            for obj in session.scalars(select(model).where(model.id.in_(chunk))):
                befores[obj.id] = json.dumps(row_data(obj), ensure_ascii=False, sort_keys=True)
    if progress is not None:
        progress(0, len(new_rows) + len(upd_rows), "")
    created = adapter.create(session, actor, [r.values or {} for r in new_rows])
    adapter.update(session, actor, [(r.record_id or "", r.values or {}) for r in upd_rows])
    session.flush()
    after_versions: dict[str, int] = {}
    for start in range(0, len(ids), 900):
        chunk = ids[start : start + 900]
        after_versions.update(
            session.execute(select(model.id, model.version).where(model.id.in_(chunk))).all()
        )
    entity = model.__tablename__
    items.extend(
        {
            "batch_id": batch.id,
            "entity": entity,
            "entity_id": i,
            "op": "create",
            "version_after": 1,
            "before_json": None,
        }
        for i in created
    )
    items.extend(
        {
            "batch_id": batch.id,
            "entity": entity,
            "entity_id": i,
            "op": "update",
            "version_after": after_versions[i],
            "before_json": befores[i],
        }
        for i in ids
    )
    item_table = ImportItem.__table__
    executemany(session, item_table, [c.key for c in item_table.columns if c.key != "id"], items)
    adapter.after_write(session, created, ids)
    audit.record(
        session,
        actor,
        "import.commit",
        "import_batch",
        batch.id,
        after={
            "kind": plan.kind,
            "file": plan.path.name,
            "sha256": plan.file_sha256,
            "created": len(created),
            "updated": len(ids),
            "unchanged": counts[UNCHANGED],
            "skipped_errors": counts[ERROR],
            "renames": [
                {
                    "row": r.row,
                    "old": (r.before or {}).get("name"),
                    "new": (r.values or {}).get("name"),
                }
                for r in upd_rows
                if r.conflict
            ],
            "mapping": plan.mapping,
        },
    )
    return ImportResult(batch.id, len(created), len(ids), counts[UNCHANGED], counts[ERROR])


# ----------------------------------------------------------------------------- undo


@dataclass(frozen=True)
class BatchInfo:
    id: str
    kind: str
    file_name: str
    username: str
    created_at: Any
    created: int
    updated: int
    status: str


def batches(session: Session, kind: str | None = None, limit: int = 50) -> list[BatchInfo]:
    query = select(ImportBatch).order_by(ImportBatch.created_at.desc()).limit(limit)
    if kind:
        query = query.where(ImportBatch.kind == kind)
    return [
        BatchInfo(
            b.id,
            b.kind,
            b.file_name,
            b.username,
            b.created_at,
            b.created_count,
            b.updated_count,
            b.status,
        )
        for b in session.scalars(query)
    ]


def undo(session: Session, actor: Actor, batch_id: str) -> BatchInfo:
    """Undo a committed import as a whole: its new records are retired (soft-deleted) and its
    updated records get their old values back. Refused if any of them changed since."""
    batch = session.get(ImportBatch, batch_id)
    if batch is None:
        raise NotFound(N_("No such import: {id}"), id=batch_id)
    adapter = registry.get(batch.kind)
    actor.require(adapter.permission)
    if batch.status != "committed":
        raise ConflictError(N_("This import has already been undone."))
    model = adapter.model
    items = list(session.scalars(select(ImportItem).where(ImportItem.batch_id == batch_id)))
    objects: dict[str, Any] = {}
    all_ids = [i.entity_id for i in items]
    for start in range(0, len(all_ids), 900):
        for obj in session.scalars(select(model).where(model.id.in_(all_ids[start : start + 900]))):
            objects[obj.id] = obj
    changed = [
        i
        for i in items
        if i.entity_id not in objects
        or objects[i.entity_id].version != i.version_after
        or (i.op == "create" and objects[i.entity_id].deleted_at is not None)
    ]
    if changed:
        raise ConflictError(
            N_(
                "{count} of the imported records were changed after the import; it cannot be undone as a whole."
            ),
            count=len(changed),
        )
    now = utcnow()
    columns = {c.key for c in model.__table__.columns} - _SYSTEM_COLUMNS
    table_columns = {c.key: c for c in model.__table__.columns}
    for item in items:
        obj = objects[item.entity_id]
        if item.op == "create":
            obj.deleted_at = now
        else:
            before = json.loads(item.before_json or "{}")
            for key in columns:
                if key in before:
                    setattr(obj, key, _from_json(table_columns[key], before[key]))
    batch.status = "undone"
    batch.undone_at = now
    session.flush()
    adapter.after_write(session, [], all_ids)
    audit.record(
        session,
        actor,
        "import.undo",
        "import_batch",
        batch.id,
        after={"kind": batch.kind, "file": batch.file_name, "records": len(items)},
    )
    return BatchInfo(
        batch.id,
        batch.kind,
        batch.file_name,
        batch.username,
        batch.created_at,
        batch.created_count,
        batch.updated_count,
        batch.status,
    )


def _from_json(column: Any, value: Any) -> Any:
    from datetime import date, datetime

    if value is None:
        return None
    python_type = None
    try:
        python_type = column.type.python_type
    except NotImplementedError:
        python_type = None
    if python_type is date and isinstance(value, str):
        return date.fromisoformat(value)
    if python_type is datetime and isinstance(value, str):
        from datetime import UTC

        return datetime.fromisoformat(value.rstrip("Z")).replace(tzinfo=UTC)
    return value


# ----------------------------------------------------------------------------- annotate


def write_annotated(plan: ImportPlan, target: Path | str) -> Path:
    """A copy of the imported sheet with every error cell filled red and commented, and the
    row's problems in an extra last column (streamed: fine for large files)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.comments import Comment
    from openpyxl.styles import Font, PatternFill

    target = Path(target)
    red = PatternFill("solid", fgColor="FFC7CE")
    by_row: dict[int, PlanRow] = {r.row: r for r in plan.rows if r.errors}
    file_by_row: dict[int, list[CellError]] = {}
    for err in plan.file_errors:
        file_by_row.setdefault(err.row, []).append(err)
    grid = read_grid(plan.path, plan.sheet)
    out = Workbook(write_only=True)
    ws = out.create_sheet(plan.sheet)
    header_cols: dict[str, int] = {}
    adapter = registry.get(plan.kind)
    headers_by_key = {c.key: c.header for c in adapter.ledger.columns}
    width = 0
    for number, raw_row in enumerate(grid, start=1):
        row = [None if v == "" else v for v in raw_row]
        width = max(width, len(row))
        cells: list[Any] = []
        prow = by_row.get(number)
        messages: list[str] = []
        if number == plan.header_row:
            for i, value in enumerate(row, start=1):
                header_cols[str(value or "")] = i
        bad_cols: dict[int, list[str]] = {}
        errs = list(prow.errors) if prow else []
        errs += file_by_row.get(number, [])
        for err in errs:
            messages.append(f"{err.column}: {err.message}" if err.column else err.message)
            col_index = header_cols.get(err.column)
            if col_index is None:
                for key, hdr in headers_by_key.items():
                    if hdr == err.column or key == err.column:
                        col_index = header_cols.get(hdr) or header_cols.get(hdr + "*")
            if col_index:
                bad_cols.setdefault(col_index, []).append(err.message)
        for i, value in enumerate(row, start=1):
            cell = WriteOnlyCell(ws, value=value)
            if i in bad_cols:
                cell.fill = red
                cell.comment = Comment("\n".join(bad_cols[i]), "议事通")
            cells.append(cell)
        if number == plan.header_row:
            note = WriteOnlyCell(ws, value=gettext("Problems found"))
            note.font = Font(bold=True, color="9C0006")
            cells.extend([None] * (width - len(row)))
            cells.append(note)
        elif messages:
            cells.extend([None] * (width - len(row)))
            note = WriteOnlyCell(ws, value="；".join(messages))
            note.font = Font(color="9C0006")
            cells.append(note)
        ws.append(cells)
    save_book(out, target)
    return target


# ----------------------------------------------------------------------------- preview


def field_label(kind: str, key: str) -> str:
    """A column's Chinese header (the label the sheet and the preview use)."""
    try:
        return registry.get(kind).ledger.column(key).header
    except KeyError:
        return key


def shown_value(plan: ImportPlan, key: str, value: Any) -> str:
    """A sheet value as the preview shows it: labels for codes, 是/否, dates, masked
    personal data for users who may not see it."""
    if value is None or value == "":
        return gettext(N_("(empty)"))
    try:
        col = registry.get(plan.kind).ledger.column(key)
    except KeyError:
        return str(value)
    shown = format_cell(col, value)
    if not plan.unmasked:
        shown = mask(col, shown)
    if hasattr(shown, "isoformat"):
        return str(shown.isoformat())
    return str(shown)


def changes(plan: ImportPlan, row: PlanRow) -> list[tuple[str, str, str]]:
    """(column label, old, new) per value the row writes (old is "" for a new record)."""
    out: list[tuple[str, str, str]] = []
    if row.status == NEW:
        for key, value in (row.values or {}).items():
            if value is None or value == "":
                continue
            out.append((field_label(plan.kind, key), "", shown_value(plan, key, value)))
    elif row.status == UPDATE:
        before = row.before or {}
        for key in row.changed:
            out.append(
                (
                    field_label(plan.kind, key),
                    shown_value(plan, key, before.get(key)),
                    shown_value(plan, key, (row.values or {}).get(key)),
                )
            )
    return out


def describe(plan: ImportPlan, row: PlanRow) -> str:
    """One line for the preview: 姓名：王五 → 赵六；所属社区：… → …."""
    if row.errors:
        return "；".join(f"{e.column}：{e.message}" if e.column else e.message for e in row.errors)
    parts = []
    for label, old, new in changes(plan, row):
        parts.append(f"{label}：{old} → {new}" if old else f"{label}：{new}")
    return "；".join(parts)
