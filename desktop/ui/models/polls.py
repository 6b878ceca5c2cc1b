"""The list of polls (表决与选举): title, kind, status, ballots entered, meeting."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from desktop.i18n import gettext
from desktop.services import polls
from desktop.ui.widgets.table_model import Column


def poll_columns() -> list[Column]:
    return [
        Column("title", QCoreApplication.translate("PollColumns", "Poll")),
        Column(
            "kind",
            QCoreApplication.translate("PollColumns", "Kind"),
            format=lambda k: gettext(polls.KIND_LABELS.get(k, k)),
        ),
        Column(
            "status",
            QCoreApplication.translate("PollColumns", "Status"),
            format=lambda s: gettext(polls.STATUS_LABELS.get(s, s)),
        ),
        Column("entered", QCoreApplication.translate("PollColumns", "Entered"), align_right=True),
        Column("meeting_title", QCoreApplication.translate("PollColumns", "Meeting")),
    ]
