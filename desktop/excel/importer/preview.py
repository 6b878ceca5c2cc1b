"""How the preview shows a plan's rows: Chinese labels and old → new values."""

from __future__ import annotations

from typing import Any

from desktop.excel import adapter as registry
from desktop.excel.importer.plan import NEW, UPDATE, ImportPlan, PlanRow
from desktop.excel.spec import format_cell, mask
from desktop.i18n import N_, gettext


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
