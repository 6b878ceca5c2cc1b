"""The UI enables exactly what the role × action table allows (never "enabled, then refused")."""

from __future__ import annotations

import re

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop.config import Paths
from desktop.db import Database
from desktop.services.permissions import ACTION_ROLES, ROLES, Actor, Permission
from desktop.ui.context import AppContext
from desktop.ui.i18n import install_translators
from desktop.ui.pages.polls import PollsPage
from desktop.ui.pages.roster import RosterPage


@pytest.fixture(autouse=True)
def _chinese(qapp: QApplication) -> None:
    install_translators(qapp)


def _actor(role: str) -> Actor:
    return Actor(user_id=None, username=role, display_name=role, role=role)


@pytest.mark.parametrize("role", ROLES)
def test_roster_buttons_follow_the_table(
    qtbot: QtBot, db: Database, paths: Paths, role: str
) -> None:
    page = RosterPage(AppContext(db=db, actor=_actor(role), paths=paths))
    qtbot.addWidget(page)
    reps, deputies = page.representatives, page.deputies
    may_print = role in ACTION_ROLES[Permission.PRINT_CARDS]
    assert reps.cards_button.isEnabled() is may_print
    assert deputies.cards_button.isEnabled() is may_print
    assert reps.changeover_button.isEnabled() is (role in ACTION_ROLES[Permission.TERM_CHANGEOVER])
    if not may_print:  # the reason is on the button, in Chinese, without codes
        tip = reps.cards_button.toolTip()
        assert "打印代表证" in tip and not re.search(r"[A-Za-z_]", tip)


@pytest.mark.parametrize("role", ROLES)
def test_ballot_printing_follows_the_table(
    qtbot: QtBot, db: Database, paths: Paths, role: str
) -> None:
    page = PollsPage(AppContext(db=db, actor=_actor(role), paths=paths))
    qtbot.addWidget(page)
    page._update_buttons()
    may = role in ACTION_ROLES[Permission.PRINT_BALLOTS]
    assert page.print_ballots_action.isEnabled() is may
    assert page.print_deck_action.isEnabled() is may
    assert page.correct_action.isEnabled() is (role in ACTION_ROLES[Permission.CORRECT_CERTIFIED])
    assert page.double_entry_action.isEnabled() is (role in ACTION_ROLES[Permission.EDIT_DATA])
