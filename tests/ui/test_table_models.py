"""The main lists' table models, tested without any widget (as Vorta tests its models):
rows are plain dataclasses, the "service" is a fetch function, and the checks go through the
Qt model API a view would use — rowCount, data per role, headerData, sort, paging, and a new
filter (a new fetch). Only the application object exists; no QWidget is made.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QModelIndex, Qt
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import QApplication

from desktop.i18n import gettext
from desktop.services import polls as poll_service
from desktop.ui.models.opinions import ledger_columns
from desktop.ui.models.polls import poll_columns
from desktop.ui.models.roster import deputy_columns, representative_columns
from desktop.ui.widgets.table_model import Column, PagedTableModel, Sort

MODELS = Path(__file__).resolve().parents[2] / "desktop" / "ui" / "models"
DISPLAY = Qt.ItemDataRole.DisplayRole


@dataclass(frozen=True)
class Rep:
    name: str
    gender: str = "female"
    community: str = "较场口社区"
    sector: str = "resident"
    workplace: str = ""
    position: str = ""
    phone: str = "138****8000"
    joined_on: date | None = date(2022, 1, 1)
    status: str = "active"
    left_on: date | None = None


@dataclass(frozen=True)
class Dep:
    name: str
    contacts: int
    short_of_contacts: bool
    level: str = "district"
    election: str = "direct"
    constituency: str = "第3选区"
    unit: str = ""
    position: str = ""
    station: str = "解放碑代表联络站"
    attends_street_meetings: bool = True
    phone: str = ""
    status: str = "active"


@dataclass(frozen=True)
class Opinion:
    number: str
    received_on: date
    due_on: date | None
    days_overdue: int
    status_label: str = "已交办"
    department: str = "城管科"
    handler: str = "李晓梅"
    community_name: str = "七星岗社区"
    category_label: str = "市容环境"
    resident_name: str = "王**"
    resident_phone: str = "139****0001"
    satisfaction_label: str = ""
    content: str = "路灯不亮"


@dataclass(frozen=True)
class Poll:
    title: str
    kind: str
    status: str
    entered: int
    meeting_title: str = ""


class FakeService:
    """A ledger query: filters, sorts and pages plain rows; records what was asked."""

    def __init__(self, rows: list[Any], keep: Any = None) -> None:
        self.rows = rows
        self.keep = keep
        self.calls: list[tuple[int, int, Sort]] = []

    def fetch(self, offset: int, limit: int, sort: Sort) -> list[Any]:
        self.calls.append((offset, limit, sort))
        rows = [r for r in self.rows if self.keep is None or self.keep(r)]
        if sort is not None:
            key, descending = sort
            rows.sort(key=lambda r: getattr(r, key), reverse=descending)
        return rows[offset : offset + limit]


@pytest.fixture(autouse=True)
def chinese(qapp: QApplication) -> Iterator[None]:
    from desktop.ui.i18n import install_translators

    before = len(qapp.allWidgets())
    install_translators(qapp)
    yield
    assert len(qapp.allWidgets()) == before, "a table model test created a widget"


def _texts(model: PagedTableModel, column: str) -> list[str]:
    col = [c.key for c in model.columns].index(column)
    return [model.index(r, col).data(DISPLAY) for r in range(model.rowCount())]


def _headers(model: PagedTableModel) -> list[str]:
    return [
        model.headerData(c, Qt.Orientation.Horizontal, DISPLAY) for c in range(model.columnCount())
    ]


def test_the_models_import_no_widgets() -> None:
    for path in MODELS.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        modules = {
            n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module
        } | {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
        assert not any("QtWidgets" in m or m.startswith("desktop.ui.pages") for m in modules)


def test_representatives_list_shows_labels_dates_and_chinese_headers() -> None:
    service = FakeService(
        [
            Rep("张伟强", gender="male", sector="party_government", joined_on=date(2022, 1, 5)),
            Rep("李晓梅", status="retired", left_on=date(2024, 6, 30)),
        ]
    )
    model = PagedTableModel(representative_columns(), service.fetch, page_size=50)
    model.reload()
    assert model.rowCount() == 2 and model.columnCount() == 10
    assert _headers(model)[:3] == ["姓名", "性别", "社区"]
    assert _texts(model, "gender") == ["男", "女"]
    assert _texts(model, "sector") == ["党政机关", "居民"]
    assert _texts(model, "joined_on") == ["2022-01-05", "2022-01-01"]
    assert _texts(model, "status") == ["在任", "离任"]
    assert _texts(model, "left_on") == ["", "2024-06-30"]
    # The whole row object rides along for the detail form.
    assert model.index(1, 0).data(Qt.ItemDataRole.UserRole) == service.rows[1]
    # No rows under an item: a flat list.
    assert model.rowCount(model.index(0, 0)) == 0


def test_sorting_asks_the_service_and_unsortable_columns_do_nothing() -> None:
    service = FakeService(
        [Dep("张伟强", 3, False), Dep("陈志强", 1, True), Dep("李晓梅", 2, False)]
    )
    model = PagedTableModel(deputy_columns(), service.fetch)
    model.reload()
    name = [c.key for c in model.columns].index("name")
    model.sort(name, Qt.SortOrder.DescendingOrder)
    assert model.sort_key == ("name", True)
    assert service.calls[-1] == (0, model.page_size, ("name", True))
    assert _texts(model, "name") == sorted(["张伟强", "陈志强", "李晓梅"], reverse=True)
    calls = len(service.calls)
    model.sort([c.key for c in model.columns].index("station"))  # not sortable
    assert len(service.calls) == calls and model.sort_key == ("name", True)


def test_a_deputy_short_of_contacts_is_painted_as_a_warning() -> None:
    service = FakeService([Dep("张伟强", 3, False), Dep("陈志强", 1, True)])
    model = PagedTableModel(deputy_columns(), service.fetch)
    model.reload()
    col = [c.key for c in model.columns].index("contacts")
    assert model.index(0, col).data(Qt.ItemDataRole.BackgroundRole) is None
    assert isinstance(model.index(1, col).data(Qt.ItemDataRole.BackgroundRole), QBrush)
    align = model.index(1, col).data(Qt.ItemDataRole.TextAlignmentRole)
    assert align & int(Qt.AlignmentFlag.AlignRight)
    attends = [c.key for c in model.columns].index("attends_street_meetings")
    assert model.index(0, attends).data(DISPLAY) == "✓"


def test_ledger_pages_in_as_the_view_scrolls_and_a_filter_starts_over() -> None:
    rows = [
        Opinion(f"2026-{i:04d}", date(2026, 3, 1), date(2026, 3, 15), i % 2 * 4)
        for i in range(1, 251)
    ]
    service = FakeService(rows)
    model = PagedTableModel(ledger_columns(), service.fetch, page_size=100)
    model.reload()
    assert model.rowCount() == 100 and model.canFetchMore(QModelIndex())
    model.fetchMore(QModelIndex())
    model.fetchMore(QModelIndex())
    assert model.rowCount() == 250 and not model.canFetchMore(QModelIndex())
    assert [c[0] for c in service.calls] == [0, 100, 200]
    # 只看超期: a new filter is a new fetch; the model starts over from its first page.
    overdue = FakeService(rows, keep=lambda r: r.days_overdue > 0)
    resets: list[bool] = []
    model.modelReset.connect(lambda: resets.append(True))
    model.reload(overdue.fetch)
    assert resets and model.rowCount() == 100
    assert set(_texts(model, "days_overdue")) == {"4"}
    due = [c.key for c in model.columns].index("due_on")
    assert model.index(0, due).data(DISPLAY) == "2026-03-15"
    assert isinstance(model.index(0, due).data(Qt.ItemDataRole.BackgroundRole), QBrush)
    assert _headers(model)[:4] == ["编号", "登记日期", "状态", "答复期限"]
    # Export what is shown: every filtered row, in chunks, without loading them into the view.
    assert sum(1 for _ in model.iter_all(chunk=60)) == 125


def test_polls_list_words_kind_and_status_and_right_aligns_the_count() -> None:
    service = FakeService([Poll("关于老旧小区加装电梯的表决", "motion", "open", 12, "第三次会议")])
    model = PagedTableModel(poll_columns(), service.fetch)
    model.reload()
    assert _headers(model)[0] == "票决" and _headers(model)[3] == "已录入"
    assert _texts(model, "kind") == [gettext(poll_service.KIND_LABELS["motion"])]
    assert _texts(model, "status") == [gettext(poll_service.STATUS_LABELS["open"])]
    assert _texts(model, "entered") == ["12"]
    entered = [c.key for c in model.columns].index("entered")
    assert model.index(0, entered).data(Qt.ItemDataRole.TextAlignmentRole) & int(
        Qt.AlignmentFlag.AlignRight
    )
    assert model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole) is None  # roles not offered


def test_column_text_rules() -> None:
    @dataclass
    class Row:
        value: Any

    column = Column("value", "值")
    assert column.text(Row(None)) == ""
    assert column.text(Row(True)) == "✓" and column.text(Row(False)) == ""
    assert column.text(Row(3)) == "3"
    assert QCoreApplication.translate("RosterColumns", "Full name") == "姓名"
