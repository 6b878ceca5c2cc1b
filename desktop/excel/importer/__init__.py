"""Import = read → validate every row → preview → commit in one transaction; undo whole.

plan = importer.prepare(session, actor, "representatives", path)   # reads and validates
plan.counts            # {"new": …, "update": …, "unchanged": …, "error": …}
plan.errors            # [CellError(sheet, row, column, message), …]
result = importer.commit(session, actor, plan, valid_only=False)  # inside db.transaction()
importer.undo(session, actor, result.batch_id)                     # inside db.transaction()
importer.write_annotated(plan, "errors.xlsx")                      # a marked-up copy

One module per step: ``checks`` (read and validate: the plan), ``commit`` (write it),
``undo``, ``mappings`` (remembered column mappings), ``preview`` and ``annotate`` (how the
plan is shown). This package exports what callers use.
"""

from desktop.excel.importer.annotate import write_annotated
from desktop.excel.importer.checks import prepare
from desktop.excel.importer.commit import commit
from desktop.excel.importer.mappings import parse_mapping
from desktop.excel.importer.plan import (
    ERROR,
    MAX_ROWS,
    NEW,
    UNCHANGED,
    UPDATE,
    CellError,
    ImportPlan,
    ImportResult,
    PlanRow,
    Progress,
)
from desktop.excel.importer.preview import changes, describe, field_label, shown_value
from desktop.excel.importer.undo import BatchInfo, batches, undo

__all__ = [
    "ERROR",
    "MAX_ROWS",
    "NEW",
    "UNCHANGED",
    "UPDATE",
    "BatchInfo",
    "CellError",
    "ImportPlan",
    "ImportResult",
    "PlanRow",
    "Progress",
    "batches",
    "changes",
    "commit",
    "describe",
    "field_label",
    "parse_mapping",
    "prepare",
    "shown_value",
    "undo",
    "write_annotated",
]
