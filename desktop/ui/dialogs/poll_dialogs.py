"""Dialogs of the 表决计票 page: new poll, print ballots, certify, decide a mismatch, correct
a certified ballot. Each returns plain values; the page calls the services."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import N_, gettext
from desktop.services import polls
from desktop.services.polls import Mismatch, OptionInput, PollView
from desktop.ui.screen_fit import fit_to_screen


def _buttons(dialog: QDialog) -> QDialogButtonBox:
    box = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    box.accepted.connect(dialog.accept)
    box.rejected.connect(dialog.reject)
    return box


@dataclass(frozen=True)
class NewPollValues:
    title: str
    kind: str
    options: list[OptionInput]
    quota: int | None
    levels: list[str]
    positive_levels: list[str]
    threshold_base: str | None
    threshold_ratio: str
    threshold_strict: bool
    meeting_id: str | None
    agenda_item_id: str | None
    members_total: int
    present: int
    double_entry: bool


def parse_option_lines(text: str) -> list[OptionInput]:
    """One option per line: ``名称｜实施单位｜估算投资（万元）｜说明`` (only the name needed;
    ``|`` or ``｜`` separate the fields)."""
    options = []
    for line in text.splitlines():
        parts = [p.strip() for p in line.replace("｜", "|").split("|")]
        if not parts[0]:
            continue
        cost = None
        if len(parts) > 2 and parts[2]:
            try:
                cost = round(float(parts[2]) * 10000)
            except ValueError:
                cost = None
        options.append(
            OptionInput(
                parts[0],
                description=parts[3] if len(parts) > 3 else "",
                estimated_cost=cost,
                department=parts[1] if len(parts) > 1 else "",
            )
        )
    return options


class NewPollDialog(QDialog):
    def __init__(
        self,
        meetings: list[tuple[str, str]],
        agenda_items: dict[str, list[tuple[str, str]]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("New poll"))
        fit_to_screen(self, 620, 640)
        self.agenda_items = agenda_items
        self.title = QLineEdit()
        self.kind = QComboBox()
        for kind in ("selection", "motion", "rating"):
            self.kind.addItem(gettext(polls.KIND_LABELS[kind]), kind)
        self.meeting = QComboBox()
        self.meeting.addItem(self.tr("(standalone)"), None)
        for meeting_id, title in meetings:
            self.meeting.addItem(title, meeting_id)
        self.agenda = QComboBox()
        self.meeting.currentIndexChanged.connect(self._fill_agenda)
        self.quota = QSpinBox()
        self.quota.setRange(1, 40)
        self.quota.setValue(10)
        self.base = QComboBox()
        for base in ("present", "members_total", "returned", "valid"):
            self.base.addItem(polls.BASE_WORDS[base], base)
        self.ratio = QComboBox()
        self.ratio.addItem("二分之一 (1/2)", "1/2")
        self.ratio.addItem("三分之二 (2/3)", "2/3")
        self.strict = QCheckBox(self.tr("More than (过半数); unticked: at least"))
        self.strict.setChecked(True)
        self.members_total = QSpinBox()
        self.members_total.setRange(0, 10000)
        self.present = QSpinBox()
        self.present.setRange(0, 10000)
        self.double_entry = QCheckBox(self.tr("Double entry by two clerks"))
        self.levels = QLineEdit("满意,基本满意,不满意")
        self.positive = QLineEdit("满意,基本满意")
        self.options = QPlainTextEdit()
        self.options.setPlaceholderText(
            self.tr(
                "One option per line: name | department | estimated cost (10k yuan) | description"
            )
        )
        form = QFormLayout()
        form.addRow(self.tr("Poll title"), self.title)
        form.addRow(self.tr("Kind"), self.kind)
        form.addRow(self.tr("Meeting"), self.meeting)
        form.addRow(self.tr("Agenda item"), self.agenda)
        form.addRow(self.tr("Quota K (selection)"), self.quota)
        form.addRow(self.tr("Threshold base"), self.base)
        form.addRow(self.tr("Ratio"), self.ratio)
        form.addRow("", self.strict)
        form.addRow(self.tr("Members (standalone poll)"), self.members_total)
        form.addRow(self.tr("Present (standalone poll)"), self.present)
        form.addRow(self.tr("Rating levels"), self.levels)
        form.addRow(self.tr("Positive levels"), self.positive)
        form.addRow("", self.double_entry)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel(self.tr("Options")))
        layout.addWidget(self.options, 1)
        layout.addWidget(_buttons(self))
        self._fill_agenda()

    def _fill_agenda(self) -> None:
        self.agenda.clear()
        self.agenda.addItem(self.tr("(none)"), None)
        for item_id, title in self.agenda_items.get(self.meeting.currentData() or "", []):
            self.agenda.addItem(title, item_id)

    def values(self) -> NewPollValues:
        kind = self.kind.currentData()
        split = [s.strip() for s in self.levels.text().replace("，", ",").split(",") if s.strip()]
        positive = [
            s.strip() for s in self.positive.text().replace("，", ",").split(",") if s.strip()
        ]
        return NewPollValues(
            title=self.title.text().strip(),
            kind=kind,
            options=parse_option_lines(self.options.toPlainText()),
            quota=self.quota.value() if kind == "selection" else None,
            levels=split if kind == "rating" else [],
            positive_levels=positive if kind == "rating" else [],
            threshold_base=None if kind == "rating" else self.base.currentData(),
            threshold_ratio=self.ratio.currentData(),
            threshold_strict=self.strict.isChecked(),
            meeting_id=self.meeting.currentData(),
            agenda_item_id=self.agenda.currentData(),
            members_total=self.members_total.value(),
            present=self.present.value(),
            double_entry=self.double_entry.isChecked(),
        )


class PrintDialog(QDialog):
    def __init__(
        self, poll: PollView, parent: QWidget | None = None, default_count: int | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Print ballots"))
        self.count = QSpinBox()
        self.count.setRange(1, 5000)
        # One per voter (services.polls.ballots_to_print), not 1.
        self.count.setValue(default_count or max(poll.present, poll.members_total, 1))
        self.layout_box = QComboBox()
        self.layout_box.addItem(self.tr("A4, one ballot per page"), "a4")
        self.layout_box.addItem(self.tr("A5 two-up on A4, with cut marks"), "a5x2")
        form = QFormLayout(self)
        form.addRow(
            QLabel(
                self.tr("Serials continue after %1 already printed.").replace(
                    "%1", str(poll.printed)
                )
            )
        )
        form.addRow(self.tr("Number of ballots"), self.count)
        form.addRow(self.tr("Layout"), self.layout_box)
        form.addRow(_buttons(self))


class CertifyDialog(QDialog):
    def __init__(self, summary: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Certify the result"))
        self.counters = QLineEdit()
        self.scrutineers = QLineEdit()
        self.chief = QLineEdit()
        form = QFormLayout(self)
        label = QLabel(summary)
        label.setWordWrap(True)
        form.addRow(label)
        form.addRow(self.tr("Counters (计票人)"), self.counters)
        form.addRow(self.tr("Scrutineers (监票人)"), self.scrutineers)
        form.addRow(self.tr("Chief scrutineer (总监票人)"), self.chief)
        form.addRow(
            QLabel(
                self.tr("Certification locks the poll. Later corrections need an administrator.")
            )
        )
        form.addRow(_buttons(self))


def _marks_text(poll: PollView, record: object) -> str:
    if record is None:
        return gettext(N_("(not entered in this pass)"))
    void = getattr(record, "void", False)
    marks: dict[int, str] = getattr(record, "marks", {})
    if void:
        return "废票"
    words = polls.MARK_WORDS
    return "、".join(f"{no}号{words.get(m, m)}" for no, m in sorted(marks.items())) or "空白"


class DecideDialog(QDialog):
    """A scrutineer settles one mismatch: take pass 1, pass 2, or withdraw the serial."""

    def __init__(self, poll: PollView, mismatch: Mismatch, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Decide ballot %1").replace("%1", str(mismatch.serial)))
        self.choice = QComboBox()
        if mismatch.first is not None:
            self.choice.addItem(
                self.tr("Pass 1 (%1): %2")
                .replace("%1", mismatch.first_by)
                .replace("%2", _marks_text(poll, mismatch.first)),
                "first",
            )
        if mismatch.second is not None:
            self.choice.addItem(
                self.tr("Pass 2 (%1): %2")
                .replace("%1", mismatch.second_by)
                .replace("%2", _marks_text(poll, mismatch.second)),
                "second",
            )
        self.choice.addItem(self.tr("Withdraw this serial from both passes"), "withdraw")
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(self.tr("e.g. checked against the paper ballot"))
        form = QFormLayout(self)
        form.addRow(self.tr("Decision"), self.choice)
        form.addRow(self.tr("Reason for the decision"), self.reason)
        form.addRow(_buttons(self))


class CorrectDialog(QDialog):
    """Admin correction of one ballot of a certified poll."""

    def __init__(self, poll: PollView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.poll = poll
        self.setWindowTitle(self.tr("Correct a certified result"))
        self.serial = QSpinBox()
        self.serial.setRange(1, max(poll.printed, 1))
        self.void = QCheckBox(self.tr("Void ballot"))
        self.void_reason = QLineEdit()
        self.reason = QLineEdit()
        values = list(poll.levels) if poll.kind == "rating" else ["for", "against"]
        self.table = QTableWidget(len(poll.options), 2)
        self.table.setHorizontalHeaderLabels([self.tr("Option"), self.tr("Mark")])
        self.combos: list[QComboBox] = []
        for row, option in enumerate(poll.options):
            self.table.setCellWidget(row, 0, QLabel(f"{option.no}. {option.title}"))
            combo = QComboBox()
            combo.addItem("弃权", "abstain")
            for value in values:
                combo.addItem(polls.MARK_WORDS.get(value, value), value)
            self.table.setCellWidget(row, 1, combo)
            self.combos.append(combo)
        self.table.resizeColumnsToContents()
        form = QFormLayout(self)
        form.addRow(self.tr("Serial"), self.serial)
        form.addRow(self.table)
        form.addRow("", self.void)
        form.addRow(self.tr("Void reason"), self.void_reason)
        form.addRow(self.tr("Reason for the correction"), self.reason)
        form.addRow(_buttons(self))

    def marks(self) -> dict[int, str]:
        return {
            option.no: combo.currentData()
            for option, combo in zip(self.poll.options, self.combos, strict=True)
            if combo.currentData() != "abstain"
        }
