"""意见统计: counts by month, category, community, channel and status; average days to
answer, on-time rate, satisfaction rate — drawn with QPainter bar charts."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import AppError
from desktop.services import opinions as svc
from desktop.ui.context import AppContext
from desktop.ui.widgets.bar_chart import BarChart

KPI_STYLE = """
QFrame#kpi { background: #ffffff; border: 1px solid #d8dde6; border-radius: 6px; }
QLabel#kpiValue { font-size: 18pt; font-weight: 600; color: #1f3a68; }
QLabel#kpiLabel { color: #555b66; }
"""


class OpinionStatsWidget(QWidget):
    def __init__(
        self, ctx: AppContext, parent: QWidget | None = None, today: date | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.today = today
        self.setStyleSheet(KPI_STYLE)
        self.period = QComboBox()
        self.period.setObjectName("statsPeriod")
        t = today or date.today()
        self.period.addItem(self.tr("Last 12 months"), (t.replace(day=1) - timedelta(days=335), t))
        self.period.addItem(self.tr("This year"), (date(t.year, 1, 1), t))
        self.period.addItem(
            self.tr("Last year"), (date(t.year - 1, 1, 1), date(t.year - 1, 12, 31))
        )
        self.period.addItem(self.tr("Last 24 months"), (t.replace(day=1) - timedelta(days=700), t))
        self.period.currentIndexChanged.connect(self.refresh)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("Period")))
        bar.addWidget(self.period)
        bar.addStretch(1)
        self.kpis: dict[str, QLabel] = {}
        kpi_row = QHBoxLayout()
        for key, label in (
            ("total", self.tr("Opinions received")),
            ("answered", self.tr("Answered")),
            ("avg", self.tr("Average days to answer")),
            ("ontime", self.tr("Answered on time")),
            ("satisfaction", self.tr("Satisfied or basically satisfied")),
        ):
            frame = QFrame()
            frame.setObjectName("kpi")
            v = QVBoxLayout(frame)
            value = QLabel("—")
            value.setObjectName("kpiValue")
            caption = QLabel(label)
            caption.setObjectName("kpiLabel")
            v.addWidget(value)
            v.addWidget(caption)
            self.kpis[key] = value
            kpi_row.addWidget(frame)
        self.by_month = BarChart(self.tr("Opinions per month"), horizontal=False)
        self.by_category = BarChart(self.tr("By category"))
        self.by_community = BarChart(self.tr("By community"))
        self.by_channel = BarChart(self.tr("By channel"))
        self.by_status = BarChart(self.tr("By status"))
        grid = QGridLayout()
        grid.addWidget(self.by_month, 0, 0, 1, 2)
        grid.addWidget(self.by_status, 0, 2)
        grid.addWidget(self.by_category, 1, 0)
        grid.addWidget(self.by_community, 1, 1)
        grid.addWidget(self.by_channel, 1, 2)
        self.error = QLabel()
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addLayout(kpi_row)
        layout.addLayout(grid, 1)
        layout.addWidget(self.error)

    def refresh(self) -> None:
        start, end = self.period.currentData()
        try:
            with self.ctx.db.session() as s:
                st = svc.statistics(s, self.ctx.actor, start, end, today=self.today)
        except AppError as err:
            self.error.setText(str(err))
            return
        self.error.clear()

        def pct(v: float | None) -> str:
            return "—" if v is None else f"{v * 100:.1f}%"

        self.kpis["total"].setText(str(st.total))
        self.kpis["answered"].setText(str(st.answered))
        self.kpis["avg"].setText(
            "—" if st.average_days_to_answer is None else f"{st.average_days_to_answer:.1f}"
        )
        self.kpis["ontime"].setText(pct(st.on_time_rate))
        self.kpis["satisfaction"].setText(pct(st.satisfaction_rate))
        self.by_month.set_data([(c.label, c.count) for c in st.by_month])
        self.by_category.set_data([(c.label, c.count) for c in st.by_category])
        self.by_community.set_data([(c.label, c.count) for c in st.by_community])
        self.by_channel.set_data([(c.label, c.count) for c in st.by_channel])
        self.by_status.set_data([(c.label, c.count) for c in st.by_status])
