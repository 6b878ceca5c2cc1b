"""A township plans its people's congress from the meetings page's form; a street's form
has no such choice."""

from __future__ import annotations

from datetime import UTC

import pytest
from PySide6.QtWidgets import QApplication, QComboBox
from pytestqt.qtbot import QtBot

from desktop.ui.dialogs.meeting_dialogs import MeetingDialog
from desktop.ui.i18n import install_translators


@pytest.fixture(autouse=True)
def _chinese(qapp: QApplication) -> None:
    install_translators(qapp)


def test_kind_choice_only_for_a_township(qtbot: QtBot) -> None:
    street = MeetingDialog(None, "解放碑街道议事代表会议", kinds=("representatives",))
    qtbot.addWidget(street)
    assert street.findChild(QComboBox, "meeting_kind") is None
    assert "kind" not in street.values()
    town = MeetingDialog(None, "歇马镇人民代表大会", kinds=("representatives", "township_congress"))
    qtbot.addWidget(town)
    box = town.findChild(QComboBox, "meeting_kind")
    assert box is not None
    assert [box.itemText(i) for i in range(box.count())] == ["议事代表会议", "乡镇人民代表大会"]
    box.setCurrentIndex(1)
    values = town.values()
    assert values["kind"] == "township_congress"
    assert values["starts_at"].tzinfo is UTC
