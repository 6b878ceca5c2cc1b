"""A small form dialog for the 民生实事 page's steps (proposal, screening decision, feedback,
hand-over, progress report, supervision visit, vote quota): fields declared as data, values
kept when the service refuses them so nothing typed is lost."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)


@dataclass(frozen=True)
class Field:
    key: str
    label: str
    kind: str = "text"  # text | note | int | date | choice
    value: Any = None
    choices: tuple[tuple[str, Any], ...] = field(default_factory=tuple)  # (label, value)
    maximum: int = 2_000_000_000


class FormDialog(QDialog):
    def __init__(self, title: str, fields: list[Field], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(460)
        self.fields = fields
        self.widgets: dict[str, QWidget] = {}
        form = QFormLayout()
        for f in fields:
            widget: QWidget
            if f.kind == "note":
                note = QPlainTextEdit(str(f.value or ""))
                note.setFixedHeight(90)
                widget = note
            elif f.kind == "int":
                spin = QSpinBox()
                spin.setRange(0, f.maximum)
                spin.setGroupSeparatorShown(True)
                spin.setValue(int(f.value or 0))
                widget = spin
            elif f.kind == "date":
                edit = QDateEdit()
                edit.setCalendarPopup(True)
                edit.setDisplayFormat("yyyy-MM-dd")
                d = f.value or date.today()
                edit.setDate(QDate(d.year, d.month, d.day))
                widget = edit
            elif f.kind == "choice":
                combo = QComboBox()
                for label, value in f.choices:
                    combo.addItem(label, value)
                if f.value is not None:
                    combo.setCurrentIndex(max(0, combo.findData(f.value)))
                widget = combo
            else:
                widget = QLineEdit(str(f.value or ""))
            widget.setObjectName(f"field_{f.key}")
            self.widgets[f.key] = widget
            form.addRow(f.label, widget)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def values(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for f in self.fields:
            w = self.widgets[f.key]
            if isinstance(w, QPlainTextEdit):
                out[f.key] = w.toPlainText()
            elif isinstance(w, QSpinBox):
                out[f.key] = w.value()
            elif isinstance(w, QDateEdit):
                q = w.date()
                out[f.key] = date(q.year(), q.month(), q.day())
            elif isinstance(w, QComboBox):
                out[f.key] = w.currentData()
            elif isinstance(w, QLineEdit):
                out[f.key] = w.text()
        return out
