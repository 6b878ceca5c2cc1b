"""Choose several people from a long list by typing: a search field (characters, pinyin
initials or full pinyin, see services.name_match), the matching names with check boxes, a
"nothing found" line, and the names chosen so far (which stay chosen while the filter
changes)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from desktop.services.roster.name_match import matches


class PersonPicker(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.search = QLineEdit()
        self.search.setObjectName("pickerSearch")
        self.search.setPlaceholderText(self.tr("Type a name, its pinyin or initials"))
        self.search.setClearButtonEnabled(True)
        self.list = QListWidget()
        self.list.setObjectName("pickerList")
        self.list.setMaximumHeight(110)
        self.empty = QLabel(self.tr("Nothing found"))
        self.empty.setObjectName("pickerEmpty")
        self.empty.setStyleSheet("color: #777777;")
        self.empty.hide()
        self.summary = QLabel()
        self.summary.setObjectName("pickerSummary")
        self.summary.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.search)
        layout.addWidget(self.list)
        layout.addWidget(self.empty)
        layout.addWidget(self.summary)
        self.search.textChanged.connect(self.apply_filter)
        self.list.itemChanged.connect(lambda _item: self._summarise())

    def set_people(self, people: list[tuple[str, str]], chosen: set[str]) -> None:
        self.list.blockSignals(True)
        self.list.clear()
        for person_id, name in people:
            item = QListWidgetItem(name)
            item.setData(Qt.ItemDataRole.UserRole, person_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(
                Qt.CheckState.Checked if person_id in chosen else Qt.CheckState.Unchecked
            )
            self.list.addItem(item)
        self.list.blockSignals(False)
        self.apply_filter(self.search.text())
        self._summarise()

    def apply_filter(self, text: str) -> None:
        shown = 0
        for i in range(self.list.count()):
            item = self.list.item(i)
            hide = not matches(item.text(), text)
            item.setHidden(hide)
            shown += not hide
        self.empty.setVisible(shown == 0 and self.list.count() > 0)

    def visible_names(self) -> list[str]:
        return [
            self.list.item(i).text()
            for i in range(self.list.count())
            if not self.list.item(i).isHidden()
        ]

    def chosen_ids(self) -> list[str]:
        return [
            str(self.list.item(i).data(Qt.ItemDataRole.UserRole))
            for i in range(self.list.count())
            if self.list.item(i).checkState() == Qt.CheckState.Checked
        ]

    def _summarise(self) -> None:
        names = [
            self.list.item(i).text()
            for i in range(self.list.count())
            if self.list.item(i).checkState() == Qt.CheckState.Checked
        ]
        self.summary.setText(self.tr("Chosen: %1").replace("%1", "、".join(names)) if names else "")
