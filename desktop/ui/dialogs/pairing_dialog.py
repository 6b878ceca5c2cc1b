"""结对联系 of one deputy: tick the representatives the deputy is paired with; saving sets
exactly those pairs in one action (desktop.services.roster.pairing.set_pairs)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.services.roster import pairing
from desktop.ui.actions import run_action
from desktop.ui.context import AppContext


class PairingDialog(QDialog):
    def __init__(
        self, ctx: AppContext, deputy_id: str, deputy_name: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.deputy_id = deputy_id
        self.setWindowTitle(self.tr("Pairing of %1").replace("%1", deputy_name))
        self.setMinimumSize(420, 480)
        with ctx.db.session() as s:
            current = pairing.pairs_of_deputy(s, ctx.actor, deputy_id)
            choices = pairing.representative_choices(s, ctx.actor)
        paired = {p.representative_id for p in current}
        self.filter = QLineEdit()
        self.filter.setPlaceholderText(self.tr("Filter by name or community"))
        self.filter.textChanged.connect(self._filter)
        self.list = QListWidget()
        self.list.setObjectName("pairing_list")
        for c in choices:
            item = QListWidgetItem(f"{c.name}（{c.community or '—'}）")
            item.setData(Qt.ItemDataRole.UserRole, c.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if c.id in paired else Qt.CheckState.Unchecked)
            self.list.addItem(item)
        # Pairs with representatives who have left stay until they are unticked here.
        for p in current:
            if p.representative_left:
                item = QListWidgetItem(
                    self.tr("%1 (%2, left)")
                    .replace("%1", p.representative_name)
                    .replace("%2", p.community or "—")
                )
                item.setData(Qt.ItemDataRole.UserRole, p.representative_id)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Checked)
                self.list.addItem(item)
        first = next(
            (
                self.list.item(i)
                for i in range(self.list.count())
                if self.list.item(i).checkState() == Qt.CheckState.Checked
            ),
            None,
        )
        if first is not None:
            self.list.scrollToItem(first)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #c62828")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Representatives this deputy is paired with (结对联系):")))
        layout.addWidget(self.filter)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def _filter(self, text: str) -> None:
        needle = text.strip()
        for i in range(self.list.count()):
            item = self.list.item(i)
            item.setHidden(bool(needle) and needle not in item.text())

    def checked_ids(self) -> list[str]:
        return [
            str(self.list.item(i).data(Qt.ItemDataRole.UserRole))
            for i in range(self.list.count())
            if self.list.item(i).checkState() == Qt.CheckState.Checked
        ]

    def save(self) -> None:
        chosen = self.checked_ids()
        run_action(
            self,
            self.ctx.db,
            lambda s: pairing.set_pairs(
                s, self.ctx.actor, self.deputy_id, chosen, since=date.today()
            ),
            success=lambda _r: self.accept(),
            failure=lambda err: self.error.setText(str(err)),
        )


def pairs_text_for_deputy(ctx: AppContext, deputy_id: str) -> str:
    """李霞（七星岗社区）、王芳（较场口社区）, or 无."""
    with ctx.db.session() as s:
        views = pairing.pairs_of_deputy(s, ctx.actor, deputy_id)
    return "、".join(f"{v.representative_name}（{v.community or '—'}）" for v in views) or "无"


def pairs_text_for_representative(ctx: AppContext, representative_id: str) -> str:
    """邓建华（区人大代表）, or 无."""
    with ctx.db.session() as s:
        views = pairing.pairs_of_representative(s, ctx.actor, representative_id)
    return "、".join(f"{v.deputy_name}（{v.deputy_level}）" for v in views) or "无"
