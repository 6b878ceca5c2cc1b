"""跟踪督办: the followed-up matters of every meeting in queues — overdue first, awaiting the
committee's review, awaiting the rating, everything not yet rated, all — with the same steps
as the meeting's follow-up tab."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from desktop.i18n import gettext
from desktop.services.followup import core
from desktop.services.followup.core import ItemRow
from desktop.ui.context import AppContext
from desktop.ui.pages.base import Page
from desktop.ui.widgets.followup_panel import MatterPanel


class FollowupPage(Page):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.queue = QComboBox()
        self.queue.setObjectName("followup_queue")
        for key in core.QUEUES:
            self.queue.addItem(gettext(core.QUEUE_LABELS[key]), key)
        self.count = QLabel()
        self.panel = MatterPanel(ctx, with_meeting=True)
        self.panel.loader = self._load
        self.queue.currentIndexChanged.connect(lambda _i: self.panel.reload())
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("Queue:")))
        bar.addWidget(self.queue)
        bar.addWidget(self.count, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.panel, 1)

    def _load(self, s: Any) -> list[ItemRow]:
        rows = core.queue(s, self.ctx.actor, str(self.queue.currentData()), self.panel.today())
        self.count.setText(self.tr("%1 matters").replace("%1", str(len(rows))))
        return rows

    def activate(self) -> None:
        self.panel.reload()
