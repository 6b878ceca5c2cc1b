"""The opinion category tree (admin): categories and one level of subcategories, renamed in
place, added, reordered, removed while unused. Codes stay fixed so the ledger, the statistics
and synced rows keep pointing at the same category after a rename."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.db import Database
from desktop.services import opinions as svc
from desktop.services.permissions import Actor
from desktop.ui.actions import run_action
from desktop.ui.screen_fit import fit_to_screen

CODE = Qt.ItemDataRole.UserRole


class CategoryDialog(QDialog):
    def __init__(self, db: Database, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.actor = db, actor
        self.setWindowTitle(self.tr("Opinion categories"))
        fit_to_screen(self, 520, 560)
        self.tree = QTreeWidget()
        self.tree.setObjectName("categoryTree")
        self.tree.setColumnCount(2)
        self.tree.setHeaderLabels([self.tr("Category"), self.tr("Opinions")])
        self.tree.header().setStretchLastSection(False)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.tree.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.tree.currentItemChanged.connect(lambda *_: self._update_buttons())

        self.add_top = QPushButton(self.tr("Add category"))
        self.add_child = QPushButton(self.tr("Add subcategory"))
        self.rename = QPushButton(self.tr("Rename"))
        self.up = QPushButton(self.tr("Move up"))
        self.down = QPushButton(self.tr("Move down"))
        self.remove = QPushButton(self.tr("Remove"))
        self.add_top.clicked.connect(lambda: self.add_category(None))
        self.add_child.clicked.connect(self._add_child_here)
        self.rename.clicked.connect(self._rename_current)
        self.up.clicked.connect(lambda: self.move_current(-1))
        self.down.clicked.connect(lambda: self.move_current(1))
        self.remove.clicked.connect(self.remove_current)
        side = QVBoxLayout()
        for button in (self.add_top, self.add_child, self.rename, self.up, self.down):
            side.addWidget(button)
        side.addStretch(1)
        side.addWidget(self.remove)

        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setStyleSheet("color: #c62828;")
        self.error.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        body = QHBoxLayout()
        body.addWidget(self.tree, 1)
        body.addLayout(side)
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(
                self.tr(
                    "Double-click a name to rename it. A category that opinions still use "
                    "can be renamed but not removed."
                )
            )
        )
        layout.addLayout(body, 1)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

        with db.session() as s:
            tree = svc.category_tree(s)
            self.usage = svc.category_usage(s)
        for node in tree:
            top = self._item(None, str(node["code"]), str(node["label"]))
            for child in node.get("children", []) or []:
                self._item(top, str(child["code"]), str(child["label"]))
        self.tree.expandAll()
        tops = self._tops()
        if tops:
            self.tree.setCurrentItem(tops[0])
        self._update_buttons()

    # ------------------------------------------------------------------ items
    def _item(self, parent: QTreeWidgetItem | None, code: str, label: str) -> QTreeWidgetItem:
        item = QTreeWidgetItem([label, ""])
        item.setData(0, CODE, code)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
        used = self.usage.get(code, 0)
        item.setText(1, str(used) if used else "")
        item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if parent is None:
            self.tree.addTopLevelItem(item)
        else:
            parent.addChild(item)
        return item

    def _tops(self) -> list[QTreeWidgetItem]:
        items = (self.tree.topLevelItem(i) for i in range(self.tree.topLevelItemCount()))
        return [item for item in items if item is not None]

    @staticmethod
    def _children(item: QTreeWidgetItem) -> list[QTreeWidgetItem]:
        items = (item.child(j) for j in range(item.childCount()))
        return [child for child in items if child is not None]

    def _codes(self) -> set[str]:
        codes: set[str] = set()
        for top in self._tops():
            codes.add(top.data(0, CODE))
            codes.update(child.data(0, CODE) for child in self._children(top))
        return codes

    def _new_code(self, parent_code: str) -> str:
        taken, n = self._codes(), 1
        prefix = f"{parent_code}." if parent_code else ""
        while f"{prefix}c{n}" in taken:
            n += 1
        return f"{prefix}c{n}"

    def _in_use(self, item: QTreeWidgetItem) -> int:
        own: int = self.usage.get(item.data(0, CODE), 0)
        return own + sum(self._in_use(child) for child in self._children(item))

    def _update_buttons(self) -> None:
        item = self.tree.currentItem()
        for button in (self.add_child, self.rename, self.up, self.down, self.remove):
            button.setEnabled(item is not None)
        if item is not None:
            self.remove.setEnabled(self._in_use(item) == 0)

    # ------------------------------------------------------------------ actions
    def add_category(self, parent: QTreeWidgetItem | None, label: str = "") -> QTreeWidgetItem:
        code = self._new_code(parent.data(0, CODE) if parent else "")
        item = self._item(parent, code, label or self.tr("New category"))
        if parent is not None:
            parent.setExpanded(True)
        self.tree.setCurrentItem(item)
        if not label:
            self.tree.editItem(item, 0)
        return item

    def _add_child_here(self) -> None:
        item = self.tree.currentItem()
        if item is not None:
            self.add_category(item.parent() or item)  # one level of subcategories

    def _rename_current(self) -> None:
        item = self.tree.currentItem()
        if item is not None:
            self.tree.editItem(item, 0)

    def move_current(self, step: int) -> None:
        item = self.tree.currentItem()
        if item is None:
            return
        parent = item.parent()
        index = parent.indexOfChild(item) if parent else self.tree.indexOfTopLevelItem(item)
        count = parent.childCount() if parent else self.tree.topLevelItemCount()
        target = index + step
        if not 0 <= target < count:
            return
        expanded = item.isExpanded()
        if parent is None:
            self.tree.takeTopLevelItem(index)
            self.tree.insertTopLevelItem(target, item)
        else:
            parent.takeChild(index)
            parent.insertChild(target, item)
        item.setExpanded(expanded)
        self.tree.setCurrentItem(item)

    def remove_current(self) -> None:
        item = self.tree.currentItem()
        if item is None or self._in_use(item):
            return
        parent = item.parent()
        if parent is None:
            self.tree.takeTopLevelItem(self.tree.indexOfTopLevelItem(item))
        else:
            parent.removeChild(item)
        self._update_buttons()

    def tree_value(self) -> list[dict[str, Any]]:
        result: list[dict[str, Any]] = []
        for top in self._tops():
            children = [
                {"code": child.data(0, CODE), "label": child.text(0).strip()}
                for child in self._children(top)
            ]
            result.append(
                {"code": top.data(0, CODE), "label": top.text(0).strip(), "children": children}
            )
        return result

    def save(self) -> None:
        tree = self.tree_value()
        run_action(
            self,
            self.db,
            lambda s: svc.save_category_tree(s, self.actor, tree),
            success=lambda _r: self.accept(),
            failure=lambda err: self.error.setText(str(err)),
        )
