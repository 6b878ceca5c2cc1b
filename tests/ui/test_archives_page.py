"""The 履职档案 page offscreen: the ranking with the rule behind it, a deputy's archive with
every section and count, the vulnerable-group flag toggled from the page, and the report-back
list with a rating below the line shaded as talk due."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop.config import Paths
from desktop.db import Database
from desktop.services.archives import archive
from desktop.services.permissions import Actor
from desktop.services.roster import deputies as rd
from desktop.ui.context import AppContext
from desktop.ui.i18n import install_translators
from desktop.ui.pages.archives import ArchivesPage
from tests.unit.archives.helpers import TODAY, YEAR, build


@pytest.fixture(autouse=True)
def _chinese(qapp: QApplication) -> None:
    install_translators(qapp)


def test_ranking_archive_and_vulnerable_flag(
    qtbot: QtBot, db: Database, admin: Actor, paths: Paths
) -> None:
    ex = build(db, admin)
    with db.transaction() as s:
        contact = rd.save_contact(
            s, admin, rd.ContactForm(deputy_id=ex.zhou, name="张桂兰", since=date(YEAR, 2, 1))
        )
    page = ArchivesPage(AppContext(db=db, actor=admin, paths=paths), today=TODAY)
    qtbot.addWidget(page)
    page.year.setValue(YEAR)
    page.activate()
    ranking = [
        (page.ranking.item(r, 1).text(), page.ranking.item(r, 3).text())  # type: ignore[union-attr]
        for r in range(page.ranking.rowCount())
    ]
    assert ranking == [("周敏", "67"), ("李秀英", "42"), ("王建华", "31")]
    assert "默认积分规则" in page.rule_label.text()
    assert "低于积分下限 20 分" in page.ranking_note.text()

    page.show_archive(ex.zhou)
    text = page.archive_view.toPlainText()
    assert "三、履职活动（共18次）" in text
    assert "二、固定联系选民（共1人，其中弱势群体0人；应联系5人，不足）" in text
    page.contacts.selectRow(0)
    page.toggle_vulnerable()
    assert "其中弱势群体1人" in page.archive_view.toPlainText()
    with db.session() as s:
        assert archive.build(s, ex.zhou, today=TODAY).contacts[0].id == contact.id
        assert archive.build(s, ex.zhou, today=TODAY).vulnerable_contacts == 1

    page.tabs.setCurrentIndex(2)
    assert page.rbs.rowCount() == 1
    assert page.rbs.item(0, 4).text() == "未测评"  # type: ignore[union-attr]
    assert "本届已述职代表 1 名，共 3 名" in page.coverage_label.text()


def test_assessment_tab_decides_stages_in_order(
    qtbot: QtBot, db: Database, admin: Actor, paths: Paths
) -> None:
    from desktop.ui.dialogs.archive_dialogs import AssessmentDialog

    build(db, admin)
    page = ArchivesPage(AppContext(db=db, actor=admin, paths=paths), today=date(YEAR + 1, 1, 20))
    qtbot.addWidget(page)
    page.assess_year.setValue(YEAR)
    page.activate()
    page.refresh_assessment()
    names = [page.assess.item(r, 0).text() for r in range(page.assess.rowCount())]  # type: ignore[union-attr]
    assert names == ["周敏", "李秀英", "王建华"]
    row = page.assessment_rows[0]
    dialog = AssessmentDialog(page.ctx, row, YEAR, page, today=date(YEAR + 1, 1, 20))
    assert dialog.decided_by.text() == "周敏"  # 自评 is the deputy's own
    dialog.save()
    page.refresh_assessment()
    assert page.assess.item(0, 2).text() == f"优秀　{YEAR + 1}-01-20\n周敏"  # type: ignore[union-attr]
    assert page.assessment_rows[0].next_stage == "street"
    dialog = AssessmentDialog(
        page.ctx, page.assessment_rows[0], YEAR, page, today=date(YEAR + 1, 1, 20)
    )
    dialog.decided_by.setText("")  # refused in Chinese, nothing written
    from unittest.mock import patch

    with patch("desktop.ui.dialogs.archive_dialogs.QMessageBox.warning") as warned:
        dialog.save()
    assert "评定人" in warned.call_args.args[2]
    page.refresh_assessment()
    assert page.assess.item(0, 3).text() == ""  # type: ignore[union-attr]


def test_rules_dialog_lists_whose_totals_move_then_saves(
    qtbot: QtBot, db: Database, admin: Actor, paths: Paths
) -> None:
    from unittest.mock import patch

    from PySide6.QtWidgets import QMessageBox

    from desktop.services.archives import rules as R
    from desktop.ui.dialogs.archive_dialogs import PointsRulesDialog

    build(db, admin)
    dialog = PointsRulesDialog(AppContext(db=db, actor=admin, paths=paths), YEAR)
    qtbot.addWidget(dialog)
    row = next(r for r in range(dialog.table.rowCount()) if dialog._cell(r, 0) == "视察")
    dialog.table.item(row, 2).setText("5")  # type: ignore[union-attr]  # 视察 · 参加
    dialog.note.setText("视察参加提高到5分")
    with patch.object(
        QMessageBox, "question", return_value=QMessageBox.StandardButton.Yes
    ) as asked:
        dialog.preview_and_save()
    assert "周敏：67 → 71" in asked.call_args.args[2]
    assert "王建华" not in asked.call_args.args[2]
    with db.session() as s:
        current = R.in_force(s, YEAR)
    assert current.revision == 1 and current.note == "视察参加提高到5分"
    assert current.rules.activity_points["视察"]["participant"] == 5

    bad = PointsRulesDialog(AppContext(db=db, actor=admin, paths=paths), YEAR)
    qtbot.addWidget(bad)
    bad.table.item(row, 1).setText("abc")  # type: ignore[union-attr]
    with patch("desktop.ui.dialogs.archive_dialogs.QMessageBox.warning") as warned:
        bad.preview_and_save()
    assert "视察（主持）的分值须为 0 至 100 之间的整数" in warned.call_args.args[2]
    with db.session() as s:
        assert R.in_force(s, YEAR).revision == 1
