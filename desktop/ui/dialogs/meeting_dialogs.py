"""Forms of the meetings page: a meeting, an agenda item, a resolution (keyboard-first)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import QDate, QDateTime, QTime
from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)

from desktop.i18n import gettext
from desktop.services.choices import AGENDA_KINDS, RESOLUTION_RESULTS
from desktop.services.meetings import MeetingInfo
from desktop.services.meetings.agenda import KIND_LABELS, AgendaItemRow
from desktop.services.meetings.minutes import RESULT_LABELS, ResolutionRow
from desktop.services.meetings.township import KIND_LABELS as MEETING_KIND_LABELS


class _Form(QDialog):
    def __init__(self, title: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(560)
        self.form = QFormLayout(self)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

    def finish(self) -> None:
        self.form.addRow(self.buttons)


def _text(value: str = "", height: int = 90) -> QPlainTextEdit:
    edit = QPlainTextEdit(value)
    edit.setTabChangesFocus(True)
    edit.setMinimumHeight(height)
    return edit


class MeetingDialog(_Form):
    def __init__(
        self,
        meeting: MeetingInfo | None,
        default_title: str,
        parent: QWidget | None = None,
        kinds: tuple[str, ...] = (),
    ) -> None:
        super().__init__(self.tr("Meeting") if meeting else self.tr("New meeting"), parent)
        #: A township's new meeting: 议事代表会议 or 乡镇人代会 (deputies vote).
        self.kind: QComboBox | None = None
        if meeting is None and len(kinds) > 1:
            self.kind = QComboBox()
            self.kind.setObjectName("meeting_kind")
            for kind in kinds:
                self.kind.addItem(gettext(MEETING_KIND_LABELS[kind]), kind)
            self.form.addRow(self.tr("Meeting kind"), self.kind)
        self.title = QLineEdit(meeting.title if meeting else default_title)
        self.number = QSpinBox()
        self.number.setRange(0, 999)
        self.number.setSpecialValueText(self.tr("next"))
        self.number.setValue(meeting.number if meeting else 0)
        self.starts = QDateTimeEdit()
        self.starts.setCalendarPopup(True)
        self.starts.setDisplayFormat("yyyy-MM-dd HH:mm")
        if meeting:
            self.starts.setDateTime(
                QDateTime.fromSecsSinceEpoch(int(meeting.starts_at.timestamp()))
            )
        else:
            self.starts.setDateTime(QDateTime(QDate.currentDate().addDays(7), QTime(9, 30)))
        self.venue = QLineEdit(meeting.venue if meeting else "")
        self.convener = QLineEdit(meeting.convener if meeting else "")
        self.presiding = QLineEdit(meeting.presiding if meeting else "")
        self.minute_taker = QLineEdit(meeting.minute_taker if meeting else "")
        self.notice = _text(meeting.notice_text if meeting else "")
        self.notice.setPlaceholderText(self.tr("Leave empty for the standard notice text"))
        self.form.addRow(self.tr("Title"), self.title)
        self.form.addRow(self.tr("Number in the term"), self.number)
        self.form.addRow(self.tr("Date and time"), self.starts)
        self.form.addRow(self.tr("Venue"), self.venue)
        self.form.addRow(self.tr("Convener"), self.convener)
        self.form.addRow(self.tr("Presiding"), self.presiding)
        self.form.addRow(self.tr("Minute-taker"), self.minute_taker)
        self.form.addRow(self.tr("Notice text"), self.notice)
        self.finish()

    def values(self) -> dict[str, Any]:
        starts = datetime.fromtimestamp(self.starts.dateTime().toSecsSinceEpoch(), tz=UTC)
        values: dict[str, Any] = {
            "title": self.title.text(),
            "starts_at": starts,
            "venue": self.venue.text(),
            "convener": self.convener.text(),
            "presiding": self.presiding.text(),
            "minute_taker": self.minute_taker.text(),
            "notice_text": self.notice.toPlainText(),
        }
        if self.number.value() > 0:
            values["number"] = self.number.value()
        if self.kind is not None:
            values["kind"] = str(self.kind.currentData())
        return values


class AgendaItemDialog(_Form):
    def __init__(self, item: AgendaItemRow | None, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Agenda item"), parent)
        self.kind = QComboBox()
        for kind in AGENDA_KINDS:
            self.kind.addItem(gettext(KIND_LABELS[kind]), kind)
        if item:
            self.kind.setCurrentIndex(AGENDA_KINDS.index(item.kind))
        self.title = QLineEdit(item.title if item else "")
        self.department = QLineEdit(item.department if item else "")
        self.reporter = QLineEdit(item.reporter if item else "")
        self.summary = _text(item.summary if item else "", 70)
        self.minutes_text = _text(item.minutes_text if item else "", 130)
        self.minutes_text.setPlaceholderText(
            self.tr("What was said and decided under this item (for the minutes)")
        )
        self.form.addRow(self.tr("Agenda kind"), self.kind)
        self.form.addRow(self.tr("Item"), self.title)
        self.form.addRow(self.tr("Reporting department"), self.department)
        self.form.addRow(self.tr("Reporting person"), self.reporter)
        self.form.addRow(self.tr("Summary"), self.summary)
        self.form.addRow(self.tr("Minutes text"), self.minutes_text)
        self.finish()

    def values(self) -> dict[str, Any]:
        return {
            "kind": self.kind.currentData(),
            "title": self.title.text(),
            "department": self.department.text(),
            "reporter": self.reporter.text(),
            "summary": self.summary.toPlainText(),
            "minutes_text": self.minutes_text.toPlainText(),
        }


class ResolutionDialog(_Form):
    def __init__(
        self, res: ResolutionRow | None, items: list[AgendaItemRow], parent: QWidget | None = None
    ) -> None:
        super().__init__(self.tr("Resolution"), parent)
        self.title = QLineEdit(res.title if res else "")
        self.item = QComboBox()
        self.item.addItem(self.tr("(not tied to an agenda item)"), None)
        for it in items:
            self.item.addItem(f"{it.position}. {it.title}", it.id)
            if res and res.agenda_item_id == it.id:
                self.item.setCurrentIndex(self.item.count() - 1)
        self.result_box = QComboBox()
        for result in RESOLUTION_RESULTS:
            self.result_box.addItem(gettext(RESULT_LABELS[result]), result)
        if res:
            self.result_box.setCurrentIndex(RESOLUTION_RESULTS.index(res.result))
        self.votes = QLineEdit(res.votes_summary if res else "")
        self.votes.setPlaceholderText(self.tr("e.g. 28 for, 1 against, 2 abstaining"))
        self.text = _text(res.text if res else "", 110)
        self.form.addRow(self.tr("Resolution"), self.title)
        self.form.addRow(self.tr("Agenda item"), self.item)
        self.form.addRow(self.tr("Result"), self.result_box)
        self.form.addRow(self.tr("Votes"), self.votes)
        self.form.addRow(self.tr("Text"), self.text)
        self.finish()

    def values(self) -> dict[str, Any]:
        return {
            "title": self.title.text(),
            "agenda_item_id": self.item.currentData(),
            "result": self.result_box.currentData(),
            "votes_summary": self.votes.text(),
            "text": self.text.toPlainText(),
        }
