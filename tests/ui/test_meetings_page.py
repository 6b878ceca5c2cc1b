"""The sign-in desk driven as a USB scanner drives it: keyClicks of the card text + Enter."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter
from pytestqt.qtbot import QtBot

from desktop.config import Paths
from desktop.db import Database
from desktop.services import meetings
from desktop.services.cards import representative_card_text
from desktop.services.meetings import agenda
from desktop.services.permissions import Actor
from desktop.ui.context import AppContext
from desktop.ui.dialogs.pdf_preview import PdfPreviewDialog
from desktop.ui.pages.meetings import MeetingsPage
from tests.unit.meetings.fixtures import Roster, make_meeting, make_roster

STREET = "500103001000"
# The offscreen platform cannot propagate size hints of shown top-level widgets.
pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


@pytest.fixture
def roster(db: Database) -> Roster:
    return make_roster(db)


@pytest.fixture
def page(qtbot: QtBot, db: Database, clerk: Actor, paths: Paths, roster: Roster) -> MeetingsPage:
    meeting_id = make_meeting(db, clerk)
    with db.transaction() as s:
        meetings.open_meeting(s, clerk, meeting_id)
    widget = MeetingsPage(AppContext(db, clerk, paths))
    qtbot.addWidget(widget)
    widget.resize(1280, 800)
    widget.show()
    widget.activate()
    return widget


def scan(qtbot: QtBot, page: MeetingsPage, text: str) -> None:
    entry = page.desk.entry
    assert entry.isEnabled()
    qtbot.keyClicks(entry, text)
    qtbot.keyClick(entry, Qt.Key.Key_Return)


def counts(page: MeetingsPage) -> tuple[str, ...]:
    return tuple(
        page.desk.count_labels[k].text() for k in ("total", "present", "on_leave", "not_arrived")
    )


def test_scanner_sign_in_duplicate_and_unknown(
    qtbot: QtBot, page: MeetingsPage, roster: Roster
) -> None:
    desk = page.desk
    assert counts(page) == ("21", "0", "0", "21")
    # The moment the meeting starts, nobody is absent: they have not arrived yet.
    assert desk.count_labels["absent"].text() == "0"
    assert desk.quorum.property("quorate") is False
    scan(qtbot, page, representative_card_text(STREET, roster.representative_ids[0]))
    assert "张伟强" in desk.message.text() and desk.message.property("ok") is True
    assert counts(page) == ("21", "1", "0", "20")
    assert desk.entry.text() == ""  # ready for the next scan
    # the same card again: a clear refusal, nothing changes
    scan(qtbot, page, representative_card_text(STREET, roster.representative_ids[0]))
    assert desk.message.property("ok") is False
    assert "已签到" in desk.message.text() and "张伟强" in desk.message.text()
    assert counts(page) == ("21", "1", "0", "20")
    # an unknown card
    scan(qtbot, page, representative_card_text(STREET, "0190a1b2-0000-7000-8000-000000000000"))
    assert desk.message.property("ok") is False and "未知" in desk.message.text()
    assert counts(page) == ("21", "1", "0", "20")
    # ten more scans reach the quorum (11 of 21)
    for rep_id in roster.representative_ids[1:11]:
        scan(qtbot, page, representative_card_text(STREET, rep_id))
    assert counts(page) == ("21", "11", "0", "10")
    assert desk.quorum.property("quorate") is True
    assert "11" in desk.quorum.text()


def test_initials_and_choosing_among_several(qtbot: QtBot, page: MeetingsPage) -> None:
    desk = page.desk
    scan(qtbot, page, "zwq")
    assert "张伟强" in desk.message.text()
    scan(qtbot, page, "l")
    assert desk.candidates.isVisible() and desk.candidates.count() >= 4
    second = desk.candidates.item(1).text().split("　")[0]
    qtbot.keyClick(desk.candidates, Qt.Key.Key_Down)
    qtbot.keyClick(desk.candidates, Qt.Key.Key_Return)
    assert not desk.candidates.isVisible()
    assert second in desk.message.text()
    assert counts(page)[1] == "2"


def test_leave_from_the_table(qtbot: QtBot, page: MeetingsPage) -> None:
    desk = page.desk
    desk.reason_prompt = lambda _name: "出差"
    desk.table.selectRow(2)
    name = desk.selected_row().name  # type: ignore[union-attr]
    qtbot.keyClick(desk.table, Qt.Key.Key_F6)
    assert counts(page) == ("21", "0", "1", "20")
    assert name in desk.message.text()


def test_agenda_reorder_by_keyboard(
    qtbot: QtBot, page: MeetingsPage, db: Database, clerk: Actor
) -> None:
    assert page.current is not None
    with db.transaction() as s:
        for title in ("听取工作报告", "票决民生实事", "协商电梯加装"):
            agenda.add_item(s, clerk, page.current.id, kind="other", title=title)
    page.reload()
    page.tabs.setCurrentIndex(1)
    page.agenda_view.setFocus()
    page.agenda_view.selectRow(2)
    qtbot.keyClick(page.agenda_view, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)
    assert [i.title for i in page.items] == ["听取工作报告", "协商电梯加装", "票决民生实事"]
    qtbot.keyClick(page.agenda_view, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)
    assert [i.title for i in page.items] == ["协商电梯加装", "听取工作报告", "票决民生实事"]
    qtbot.keyClick(page.agenda_view, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    assert [i.position for i in page.items] == [1, 2, 3]
    assert [i.title for i in page.items] == ["听取工作报告", "协商电梯加装", "票决民生实事"]


def test_print_preview_print_and_save(qtbot: QtBot, page: MeetingsPage, tmp_path: Path) -> None:
    shown: list[PdfPreviewDialog] = []

    def preview(pdf: bytes, title: str, filename: str) -> PdfPreviewDialog:
        dialog = PdfPreviewDialog(pdf, title, filename, page)
        qtbot.addWidget(dialog)
        shown.append(dialog)
        return dialog

    page.preview_factory = preview
    page.print_paper("signin", "签到表")
    dialog = shown[0]
    assert dialog.page_count() >= 1
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    assert dialog.print_to(printer) == dialog.page_count()
    assert (tmp_path / "printed.pdf").stat().st_size > 1000
    saved = dialog.save_to(tmp_path / "saved")
    assert saved.suffix == ".pdf" and saved.read_bytes() == dialog.pdf_bytes


def test_closed_meeting_is_read_only_in_the_page(
    qtbot: QtBot, page: MeetingsPage, db: Database, clerk: Actor
) -> None:
    assert page.current is not None
    with db.transaction() as s:
        meetings.close_meeting(s, clerk, page.current.id)
    page.reload()
    assert not page.desk.entry.isEnabled()
    assert not page.add_item_button.isEnabled() and not page.edit_button.isEnabled()
    assert page.print_button.isEnabled()


def test_admin_corrects_a_closed_meeting_with_a_reason(
    qtbot: QtBot, db: Database, clerk: Actor, admin: Actor, paths: Paths, roster: Roster
) -> None:
    from sqlalchemy import select

    from desktop.models.audit import AuditEntry

    meeting_id = make_meeting(db, clerk)
    with db.transaction() as s:
        meetings.open_meeting(s, clerk, meeting_id)
        meetings.close_meeting(s, clerk, meeting_id)
    page = MeetingsPage(AppContext(db, admin, paths))
    qtbot.addWidget(page)
    page.activate()
    assert page.save_minutes_button.isEnabled()  # an administrator may correct
    page.minutes_edit.setPlainText("补记：会议期间收到书面意见3份。")
    page.reason_prompt = lambda: None  # cancelled: nothing changes
    page.save_minutes_text()
    with db.session() as s:
        assert meetings.get_meeting(s, admin, meeting_id).minutes_text == ""
    page.reason_prompt = lambda: "会后补记书面意见"
    page.save_minutes_text()
    with db.session() as s:
        assert meetings.get_meeting(s, admin, meeting_id).minutes_text.startswith("补记")
        entry = s.scalar(select(AuditEntry).where(AuditEntry.action == "meeting.correct"))
        assert entry is not None and entry.reason == "会后补记书面意见"


def test_a_scan_while_choosing_goes_back_to_the_field(
    qtbot: QtBot, page: MeetingsPage, roster: Roster
) -> None:
    desk = page.desk
    scan(qtbot, page, "l")
    assert desk.candidates.isVisible()
    qtbot.keyClicks(desk.candidates, representative_card_text(STREET, roster.representative_ids[4]))
    assert not desk.candidates.isVisible()
    qtbot.keyClick(desk.entry, Qt.Key.Key_Return)
    assert "陈静" in desk.message.text() and desk.message.property("ok") is True
    assert counts(page)[1] == "1"


def test_leave_asked_for_before_the_meeting(
    qtbot: QtBot, db: Database, clerk: Actor, paths: Paths, roster: Roster
) -> None:
    make_meeting(db, clerk)  # planned, not opened
    widget = MeetingsPage(AppContext(db, clerk, paths))
    qtbot.addWidget(widget)
    widget.resize(1280, 800)
    widget.show()
    widget.activate()
    desk = widget.desk
    assert desk.meeting_status == "planned" and not desk.entry.isEnabled()
    assert not desk.present_button.isEnabled() and desk.leave_button.isEnabled()
    desk.reason_prompt = lambda _name: "出差"
    widget.activateWindow()  # F6 is a window shortcut; nothing took the focus on a planned day
    qtbot.waitUntil(widget.isActiveWindow)
    desk.table.selectRow(4)
    name = desk.selected_row().name  # type: ignore[union-attr]
    qtbot.keyClick(desk.table, Qt.Key.Key_F6)
    assert counts(widget) == ("21", "0", "1", "–")
    assert name in desk.message.text() and "请假" in desk.message.text()
    row = next(r for r in desk.rows if r.name == name)
    assert (row.status, row.leave_reason) == ("on_leave", "出差")
    desk.table.selectRow(next(i for i, r in enumerate(desk.rows) if r.name == name))
    qtbot.keyClick(desk.table, Qt.Key.Key_F8)  # taken back
    assert counts(widget) == ("21", "0", "0", "–")


def test_not_arrived_filter_lists_phones_to_call(
    qtbot: QtBot, page: MeetingsPage, db: Database, roster: Roster
) -> None:
    from desktop.models.roster import Representative

    with db.transaction() as s:
        for n, rep_id in enumerate(roster.representative_ids):
            rep = s.get(Representative, rep_id)
            assert rep is not None
            rep.phone = f"1380000{n:04d}"
    page.desk.refresh()
    scan(qtbot, page, representative_card_text(STREET, roster.representative_ids[0]))
    desk = page.desk
    desk.filter.setCurrentIndex(desk.filter.findData("not_arrived"))
    shown = [desk.model.row_at(i) for i in range(desk.model.rowCount())]
    assert len(shown) == 20 + 2  # 20 representatives and the two deputies not signed in yet
    assert "张伟强" not in {r.name for r in shown}
    phone_col = next(i for i, c in enumerate(desk.model.columns) if c.key == "id")
    first = shown[0]
    n = roster.representative_ids.index(first.representative_id)
    assert desk.model.index(0, phone_col).data() == f"1380000{n:04d}"


def test_a_scan_of_someone_on_leave_asks_first(
    qtbot: QtBot, page: MeetingsPage, roster: Roster
) -> None:
    desk = page.desk
    desk.reason_prompt = lambda _name: "出差"
    desk.table.selectRow(0)
    name = desk.selected_row().name  # type: ignore[union-attr]
    rep_id = desk.selected_row().representative_id  # type: ignore[union-attr]
    qtbot.keyClick(desk.table, Qt.Key.Key_F6)
    assert counts(page) == ("21", "0", "1", "20")
    scan(qtbot, page, representative_card_text(STREET, rep_id or ""))
    # Asked, not signed in: still on leave, the message says so.
    assert counts(page) == ("21", "0", "1", "20")
    assert desk.message.property("ok") is False and "请假" in desk.message.text()
    assert name in desk.message.text()
    scan(qtbot, page, representative_card_text(STREET, rep_id or ""))  # confirmed
    assert counts(page) == ("21", "1", "0", "20")
