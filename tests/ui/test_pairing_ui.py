"""结对联系 from the deputy: tick representatives in the pairing dialog, save; the deputy's
and the representative's forms list the pairs."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from desktop.config import Paths
from desktop.db import Database
from desktop.services.permissions import Actor
from desktop.services.roster import pairing
from desktop.ui.context import AppContext
from desktop.ui.dialogs.pairing_dialog import PairingDialog
from desktop.ui.dialogs.roster_forms import DeputyDialog, RepresentativeDialog
from desktop.ui.i18n import install_translators
from tests.unit.meetings.fixtures import make_roster


@pytest.fixture(autouse=True)
def _chinese(qapp: QApplication) -> None:
    install_translators(qapp)


def test_pair_from_the_deputy_and_see_both_sides(
    qtbot: QtBot, db: Database, clerk: Actor, paths: Paths
) -> None:
    roster = make_roster(db, count=4, deputies=1)
    r, (deng,) = roster.representative_ids, roster.deputy_ids
    ctx = AppContext(db=db, actor=clerk, paths=paths)
    dialog = PairingDialog(ctx, deng, "邓建华")
    qtbot.addWidget(dialog)
    assert dialog.list.count() == 4
    for i in range(dialog.list.count()):
        item = dialog.list.item(i)
        if item.data(Qt.ItemDataRole.UserRole) in (r[0], r[2]):
            item.setCheckState(Qt.CheckState.Checked)
    dialog.filter.setText(roster.names[r[2]])
    assert sum(not dialog.list.item(i).isHidden() for i in range(4)) == 1
    dialog.save()
    assert dialog.result() == PairingDialog.DialogCode.Accepted
    with db.session() as s:
        assert {p.representative_id for p in pairing.pairs_of_deputy(s, clerk, deng)} == {
            r[0],
            r[2],
        }
    dep_form = DeputyDialog(ctx, deng)
    qtbot.addWidget(dep_form)
    text = dep_form.findChild(QLabel, "pairs").text()
    assert roster.names[r[0]] in text and roster.names[r[2]] in text
    rep_form = RepresentativeDialog(ctx, r[0])
    qtbot.addWidget(rep_form)
    assert rep_form.findChild(QLabel, "pairs").text() == "邓建华（区人大代表）"
