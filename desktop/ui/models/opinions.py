"""The opinions ledger (群众意见建议台账): one line per opinion, overdue ones in red."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QCoreApplication

from desktop.ui.widgets.table_model import Column


def day(value: Any) -> str:
    return value.strftime("%Y-%m-%d") if isinstance(value, date) else ""


def ledger_columns() -> list[Column]:
    return [
        Column("number", QCoreApplication.translate("OpinionColumns", "Number")),
        Column("received_on", QCoreApplication.translate("OpinionColumns", "Received"), format=day),
        Column(
            "status_label", QCoreApplication.translate("OpinionColumns", "Status"), sortable=False
        ),
        Column(
            "due_on",
            QCoreApplication.translate("OpinionColumns", "Due"),
            format=day,
            warn=lambda r: r.days_overdue > 0,
        ),
        Column(
            "days_overdue",
            QCoreApplication.translate("OpinionColumns", "Overdue"),
            format=lambda v: str(v) if v else "",
            align_right=True,
            warn=lambda r: r.days_overdue > 0,
        ),
        Column("department", QCoreApplication.translate("OpinionColumns", "Department")),
        Column("handler", QCoreApplication.translate("OpinionColumns", "Staff")),
        Column("community_name", QCoreApplication.translate("OpinionColumns", "Community")),
        Column(
            "category_label",
            QCoreApplication.translate("OpinionColumns", "Category"),
            sortable=False,
        ),
        Column("resident_name", QCoreApplication.translate("OpinionColumns", "Resident")),
        Column(
            "resident_phone", QCoreApplication.translate("OpinionColumns", "Phone"), sortable=False
        ),
        Column(
            "satisfaction_label",
            QCoreApplication.translate("OpinionColumns", "Satisfaction"),
            sortable=False,
        ),
        Column("content", QCoreApplication.translate("OpinionColumns", "Content"), sortable=False),
    ]
