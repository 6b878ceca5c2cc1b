"""The opinions ledger page as a clerk and a viewer meet it: register, assign, queues,
masking in the list, statistics charts."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop.config import Paths
from desktop.db import Database
from desktop.services import opinions as svc
from desktop.services.permissions import Actor
from desktop.ui.context import AppContext
from desktop.ui.dialogs.opinion_dialogs import AssignDialog, FollowUpDialog, OpinionDialog
from desktop.ui.i18n import install_translators
from desktop.ui.pages.opinions import OpinionsPage

TODAY = date.today()


@pytest.fixture(autouse=True)
def _chinese(qapp: QApplication) -> None:
    install_translators(qapp)


def _page(qtbot: QtBot, db: Database, actor: Actor, paths: Paths) -> OpinionsPage:
    page = OpinionsPage(AppContext(db=db, actor=actor, paths=paths))
    qtbot.addWidget(page)
    page.resize(1200, 700)
    page.show()
    page.activate()
    return page


def test_register_assign_and_overdue_queue(
    qtbot: QtBot, db: Database, clerk: Actor, paths: Paths
) -> None:
    page = _page(qtbot, db, clerk, paths)
    assert page.tabs.tabText(0) == "台账" and page.new_button.text() == "登记…"
    assert page.model.rowCount() == 0

    dialog = OpinionDialog(db, clerk, page)
    qtbot.addWidget(dialog)
    dialog.received_on.setDate(dialog.received_on.date().addDays(-40))
    dialog.name.setText("张伟强")
    qtbot.keyClicks(dialog.phone, "13812345678")
    dialog.content.setPlainText("较场口夜市油烟扰民，希望规范经营时间")
    dialog._ok()
    assert dialog.result_row is not None, dialog.error.text()
    page.apply_filter()
    assert page.model.rowCount() == 1
    row = page.model.row_at(0)
    assert row.status == "received" and row.resident_phone == "13812345678"

    dialog2 = OpinionDialog(db, clerk, page)
    qtbot.addWidget(dialog2)
    dialog2.content.setPlainText("较场口夜市油烟扰民，希望规范时间")
    dialog2.check_duplicates()
    assert dialog2.duplicates.count() == 0  # received 40 days ago: outside the 30-day window
    dialog2.received_on.setDate(dialog2.received_on.date().addDays(-35))
    dialog2.check_duplicates()
    assert dialog2.duplicates.count() == 1 and row.number in dialog2.duplicates.item(0).text()

    page.table.selectRow(0)
    assert page.action_buttons["assign"].isEnabled()
    assert not page.action_buttons["answer"].isEnabled()
    assign = AssignDialog(db, clerk, row, page)
    qtbot.addWidget(assign)
    assert assign.fields.due_on.date() > assign.fields.assigned_on.date()
    assign.fields.department.setCurrentText("区生态环境局")
    assign.fields.assigned_on.setDate(assign.fields.assigned_on.date().addDays(-35))
    assign._ok()
    assert assign.result_row is not None, assign.error.text()
    assert assign.result_row.days_overdue > 0

    page.queue.setCurrentIndex(page.queue.findData("overdue"))
    assert page.model.rowCount() == 1
    assert page.queue.currentText().startswith("超期未答复 (1)")
    assert page.side.isVisible() and "区生态环境局" in page.groups.item(1).text()
    page.table.selectRow(0)
    assert "已超期" in page.detail.toPlainText()
    page.queue.setCurrentIndex(page.queue.findData("due_soon"))
    assert page.model.rowCount() == 0


def test_illegal_action_is_shown_in_the_dialog(
    qtbot: QtBot, db: Database, clerk: Actor, paths: Paths
) -> None:
    with db.transaction() as s:
        row = svc.register(
            s, clerk, svc.OpinionInput(received_on=TODAY, content="路灯不亮", resident_name="李四")
        )
    dialog = FollowUpDialog(db, clerk, row)
    qtbot.addWidget(dialog)
    dialog._ok()
    assert dialog.error.isVisibleTo(dialog) and "不能回访" in dialog.error.text()


def test_viewer_sees_masked_phone_and_no_edit_buttons(
    qtbot: QtBot, db: Database, clerk: Actor, viewer: Actor, paths: Paths
) -> None:
    with db.transaction() as s:
        svc.register(
            s,
            clerk,
            svc.OpinionInput(
                received_on=TODAY - timedelta(days=1),
                content="楼道灯坏了",
                resident_name="王芳",
                resident_phone="13912345678",
                resident_address="民族路1号3栋",
            ),
        )
    page = _page(qtbot, db, viewer, paths)
    assert page.model.rowCount() == 1
    phone_col = next(i for i, c in enumerate(page.model.columns) if c.key == "resident_phone")
    assert page.model.index(0, phone_col).data() == "139****5678"
    assert not page.new_button.isVisible()
    assert not page.action_buttons["assign"].isVisible()


def test_statistics_tab_draws_charts(
    qtbot: QtBot, db: Database, clerk: Actor, paths: Paths
) -> None:
    with db.transaction() as s:
        for i in range(3):
            svc.register(
                s,
                clerk,
                svc.OpinionInput(
                    received_on=TODAY, content=f"意见{i}", resident_name="甲", category="elderly"
                ),
            )
    page = _page(qtbot, db, clerk, paths)
    page.tabs.setCurrentIndex(1)
    assert page.stats.kpis["total"].text() == "3"
    assert ("养老", 3) in page.stats.by_category.data
    image = page.stats.by_category.grab().toImage()
    assert image.width() > 0  # painted without warnings


def test_admin_edits_the_holiday_calendar(qtbot: QtBot, db: Database, admin: Actor) -> None:
    from PySide6.QtCore import QDate

    from desktop.services import workdays
    from desktop.ui.dialogs.holiday_calendar import HolidayCalendarDialog

    dialog = HolidayCalendarDialog(db, admin)
    qtbot.addWidget(dialog)
    dialog.year.setValue(2025)
    texts = [dialog.table.item(i, 0).text() for i in range(dialog.table.rowCount())]
    assert "2025-01-26 周日" in texts  # 春节调休 (from the package)
    dialog.day.setDate(QDate(2025, 10, 13))
    dialog.name.setText("区内调整")
    dialog.save_day()
    assert dialog.error.text() == ""
    with db.session() as s:
        assert not workdays.load_calendar(s, {2025}).is_working_day(date(2025, 10, 13))
    row = next(i for i, d in enumerate(dialog.days) if d.day == date(2025, 10, 11))
    dialog.table.selectRow(row)
    dialog.clear_day()
    with db.session() as s:
        assert not workdays.load_calendar(s, {2025}).is_working_day(date(2025, 10, 11))


def test_clerk_cannot_edit_the_holiday_calendar(qtbot: QtBot, db: Database, clerk: Actor) -> None:
    from PySide6.QtCore import QDate
    from PySide6.QtWidgets import QPushButton

    from desktop.ui.dialogs.holiday_calendar import HolidayCalendarDialog

    dialog = HolidayCalendarDialog(db, clerk)
    qtbot.addWidget(dialog)
    dialog.day.setDate(QDate(2025, 10, 13))
    save = dialog.findChild(QPushButton, "saveDay")
    assert save is not None and not save.isEnabled()  # disabled, not "enabled, then refused"
    assert save.toolTip() == "工作人员无权修改系统设置，请由有此权限的人员操作。"
    dialog.save_day()  # and the service still refuses, in Chinese, without codes
    assert dialog.error.text() == save.toolTip()


def test_transfer_letter_and_monthly_report_open_in_the_preview(
    qtbot: QtBot, db: Database, clerk: Actor, paths: Paths
) -> None:
    import io

    from pypdf import PdfReader

    with db.transaction() as s:
        row = svc.register(
            s, clerk, svc.OpinionInput(received_on=TODAY, content="路灯不亮", resident_name="李四")
        )
        svc.assign(s, clerk, row.id, svc.Assignment(department="区城市管理局", assigned_on=TODAY))
    page = _page(qtbot, db, clerk, paths)
    shown: list[tuple[bytes, str, str]] = []
    page.preview_factory = lambda pdf, title, name: shown.append((pdf, title, name))
    page.table.selectRow(0)
    assert page.letter_action.isEnabled()
    page.print_letter()
    page.print_monthly()
    assert shown[0][2] == f"转办函-{row.number}.pdf"
    letter = "".join(p.extract_text() for p in PdfReader(io.BytesIO(shown[0][0])).pages)
    assert row.number in letter and "区城市管理局" in letter
    assert shown[1][0].startswith(b"%PDF") and shown[1][2].startswith("意见台账月报-")


def test_admin_edits_the_category_tree(
    qtbot: QtBot, db: Database, admin: Actor, paths: Paths
) -> None:
    from desktop.ui.dialogs.opinion_categories import CategoryDialog

    with db.transaction() as s:
        svc.register(
            s,
            admin,
            svc.OpinionInput(
                received_on=TODAY, content="路灯不亮", resident_name="王五", category="urban.roads"
            ),
        )
    page = _page(qtbot, db, admin, paths)
    dialog = CategoryDialog(db, admin, page)
    qtbot.addWidget(dialog)
    urban = dialog.tree.topLevelItem(0)
    assert urban.text(0) == "城建" and urban.text(1) == ""
    roads = urban.child(0)
    assert roads.text(0) == "道路设施" and roads.text(1) == "1"
    dialog.tree.setCurrentItem(urban)
    assert not dialog.remove.isEnabled()  # a subcategory is in use
    dialog.tree.setCurrentItem(roads)
    added = dialog.add_category(urban, "违章搭建")
    assert added.data(0, 256) == "urban.c1"
    assert urban.indexOfChild(added) == 4  # added last
    for _ in range(6):  # past the first place it stays first, under the same parent
        dialog.move_current(-1)
    assert urban.indexOfChild(added) == 0 and added.parent() is urban
    roads.setText(0, "道路与路灯")
    dialog.tree.setCurrentItem(urban.child(urban.childCount() - 1))  # 加装电梯, unused
    assert dialog.remove.isEnabled()
    dialog.remove_current()
    dialog.save()
    assert dialog.result() == dialog.DialogCode.Accepted
    with db.session() as s:
        labels = svc.category_labels(s)
    assert labels["urban.c1"] == "城建/违章搭建" and labels["urban.roads"] == "城建/道路与路灯"
    assert "urban.lifts" not in labels
    page._load_filter_choices()
    texts = [page.category.itemText(i) for i in range(page.category.count())]
    assert texts[:3] == ["全部分类", "城建", "　违章搭建"] and "　加装电梯" not in texts


def test_deputies_picked_by_pinyin_and_units_from_the_dictionary(
    qtbot: QtBot, db: Database, clerk: Actor, paths: Paths
) -> None:
    from desktop.models.roster import Deputy
    from desktop.services.opinions import units as opinion_units

    with db.transaction() as s:
        for name in ("黄磊", "王芳", "李秀英"):
            s.add(Deputy(name=name, name_initials="", level="district"))
        opinion_units.save_unit(s, clerk, None, name="区城市管理局", contact_person="刘明")
    page = _page(qtbot, db, clerk, paths)
    dialog = OpinionDialog(db, clerk, page)
    qtbot.addWidget(dialog)
    picker = dialog.deputies
    qtbot.keyClicks(picker.search, "huang")
    assert picker.visible_names() == ["黄磊"] and picker.empty.isHidden()
    picker.list.item(
        next(i for i in range(3) if picker.list.item(i).text() == "黄磊")
    ).setCheckState(Qt.CheckState.Checked)
    picker.search.setText("zzz")
    assert picker.visible_names() == [] and not picker.empty.isHidden()
    assert picker.empty.text() == "没有找到"
    picker.search.setText("wf")
    assert picker.visible_names() == ["王芳"]
    dialog.content.setPlainText("路灯不亮")
    dialog.name.setText("周建华")
    dialog._ok()
    assert dialog.result_row is not None, dialog.error.text()
    with db.session() as s:
        detail = svc.get(s, clerk, dialog.result_row.id)
    assert list(detail.deputy_names) == ["黄磊"]

    assign = AssignDialog(db, clerk, dialog.result_row, page)
    qtbot.addWidget(assign)
    assign.fields.department.setCurrentText("区城市管理局")
    assert assign.fields.contact.text() == "刘明"
