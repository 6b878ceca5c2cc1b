"""The import wizard on clerk sheets: the mapping step (remembered), the preview with its
filter and old → new values, a rename that must be ticked before it is written."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from desktop.config import Paths
from desktop.db import Database
from desktop.models.roster import Representative
from desktop.services.permissions import Actor
from desktop.ui.context import AppContext
from desktop.ui.dialogs.import_wizard import CONFIRM_COLUMN, ImportWizard
from desktop.ui.i18n import install_translators
from tests.unit.roster.clerk_sheets import clerk_rows, write_clerk_sheet
from tests.unit.roster.helpers import id_number, setup_roster, write_xlsx

HEADERS = ["序号", "姓名", "社区", "身份证号码", "备用电话", "爱好"]


@pytest.fixture(autouse=True)
def _chinese(qapp: QApplication) -> None:
    install_translators(qapp)


@pytest.fixture
def ready(db: Database, admin: Actor) -> Database:
    setup_roster(db, admin)
    return db


def _wizard(qtbot: QtBot, db: Database, actor: Actor, paths: Paths, path: Path) -> ImportWizard:
    wizard = ImportWizard(AppContext(db=db, actor=actor, paths=paths), "representatives", path)
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitUntil(lambda: wizard.plan is not None, timeout=10_000)
    return wizard


def _lines(wizard: ImportWizard) -> list[list[str]]:
    model = wizard.table.model()
    return [
        [str(model.data(model.index(r, c)) or "") for c in range(4)]
        for r in range(model.rowCount())
    ]


def _shot(widget: ImportWizard, name: str) -> None:
    target = os.environ.get("YISHI_SCREENSHOTS")
    if target:
        widget.resize(1000, 560)
        QApplication.processEvents()
        widget.grab().save(str(Path(target) / name))


def test_mapping_step_then_preview_and_the_mapping_is_remembered(
    qtbot: QtBot, ready: Database, admin: Actor, paths: Paths, tmp_path: Path
) -> None:
    rows = [HEADERS, [1, "张三", "较场口社区", id_number(1), 13900139000, "钓鱼"]]
    wizard = _wizard(qtbot, ready, admin, paths, write_xlsx(tmp_path / "a.xlsx", rows))
    assert wizard.steps.currentWidget() is wizard.mapping_page
    assert not wizard.commit_button.isEnabled()
    names = [wizard.mapping_table.cellWidget(i, 0).text() for i in range(2)]
    assert names == ["备用电话", "爱好"]
    combo = wizard.mapping_table.cellWidget(0, 1)
    assert isinstance(combo, QComboBox) and combo.currentText() == "（忽略此列）"
    combo.setCurrentIndex(combo.findData("phone"))
    _shot(wizard, "import-mapping-step.png")
    wizard.apply_mapping()
    qtbot.waitUntil(lambda: wizard.plan is not None, timeout=10_000)
    assert wizard.steps.currentWidget() is wizard.preview_page
    assert "序号" in wizard.ignored.text() and "爱好" in wizard.ignored.text()
    [line] = _lines(wizard)
    assert line[1] == "新增" and line[2] == "张三" and "联系电话：13900139000" in line[3]
    wizard.commit()
    assert wizard.result_ is not None and wizard.result_.created == 1
    # The next file with the same columns goes straight to the preview, mapped.
    rows2 = [HEADERS, [1, "李四", "较场口社区", id_number(2), 13700137000, ""]]
    again = _wizard(qtbot, ready, admin, paths, write_xlsx(tmp_path / "b.xlsx", rows2))
    assert again.steps.currentWidget() is again.preview_page
    assert "联系电话：13700137000" in _lines(again)[0][3]


def test_a_rename_must_be_ticked_and_the_filter_shows_each_kind(
    qtbot: QtBot, ready: Database, admin: Actor, paths: Paths, tmp_path: Path
) -> None:
    wizard = _wizard(qtbot, ready, admin, paths, write_clerk_sheet(tmp_path / "a.xlsx"))
    wizard.commit()
    assert wizard.result_ is not None and wizard.result_.created == 3
    rows = clerk_rows(4)
    rows[0][1] = "代表甲"  # 代表1's ID number under another name
    rows[1][5] = "七星岗社区"  # 代表2 moves
    rows[3][5] = "火星社区"  # a new person in a community that does not exist
    wizard = _wizard(qtbot, ready, admin, paths, write_clerk_sheet(tmp_path / "b.xlsx", rows))
    text = wizard.summary.text()
    assert "0 行新增" in text or "新增 0" in text or "0 new" in text or "1 行" in text
    lines = _lines(wizard)
    assert lines[0][:3] == ["4", "改名？", "代表1"] and "姓名：代表1 → 代表甲" in lines[0][3]
    assert lines[1][1] == "更新" and "所属社区：较场口社区 → 七星岗社区" in lines[1][3]
    assert lines[2][1] == "未变" and lines[3][1] == "错误"
    wizard.filter.setCurrentIndex(wizard.filter.findData("unchanged"))
    assert [line[0] for line in _lines(wizard)] == ["6"]
    wizard.filter.setCurrentIndex(wizard.filter.findData("all"))
    wizard.valid_only.setChecked(True)
    _shot(wizard, "import-preview-conflict.png")
    model = wizard.table.model()
    box = model.index(0, CONFIRM_COLUMN)
    assert model.data(box, Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Unchecked
    # Not ticked: the rename is skipped, the move is written.
    wizard.commit()
    with ready.session() as s:
        names = set(s.scalars(select(Representative.name)))
        assert "代表甲" not in names and "代表1" in names
    wizard.undo()
    wizard = _wizard(qtbot, ready, admin, paths, write_clerk_sheet(tmp_path / "b.xlsx", rows))
    wizard.valid_only.setChecked(True)
    model = wizard.table.model()
    assert model.setData(
        model.index(0, CONFIRM_COLUMN), Qt.CheckState.Checked, Qt.ItemDataRole.CheckStateRole
    )
    wizard.commit()
    with ready.session() as s:
        assert "代表甲" in set(s.scalars(select(Representative.name)))


def test_closing_the_wizard_stops_the_file_being_read(
    qtbot: QtBot, ready: Database, admin: Actor, paths: Paths, tmp_path: Path
) -> None:
    from desktop.ui.tasks import app_tasks

    rows = [HEADERS[:4]] + [[i, f"张{i}", "较场口社区", id_number(i)] for i in range(1, 400)]
    wizard = ImportWizard(
        AppContext(db=ready, actor=admin, paths=paths),
        "representatives",
        write_xlsx(tmp_path / "big.xlsx", rows),
    )
    qtbot.addWidget(wizard)
    wizard.show()
    reading = wizard._reading
    assert reading is not None and not reading.cancelled
    wizard.reject()  # 取消 while the rows are being checked
    assert reading.cancelled
    assert app_tasks().wait(30_000)
    assert wizard.plan is None  # the read's result is dropped, nothing to commit
