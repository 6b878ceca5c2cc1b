"""Every action against every role (DESIGN.md §3's table), and refusals a clerk can read."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.orm import Session

from desktop.db import Database
from desktop.errors import AppError, PermissionDenied
from desktop.reports import cards
from desktop.services import accounts, opinions, polls, roster
from desktop.services import settings as settings_service
from desktop.services.permissions import (
    ACTION_LABELS,
    ACTION_ROLES,
    ROLE_PERMISSIONS,
    ROLES,
    Actor,
    Permission,
)
from tests.unit.polls.helpers import make_poll

P = Permission
# Transcribed from DESIGN.md §3 by hand (not computed from ACTION_ROLES), one row per action.
# "a" admin, "c" clerk, "s" scrutineer, "v" viewer.
EXPECTED: dict[Permission, str] = {
    P.VIEW: "acsv",  # view lists, reports, statistics (masked)
    P.EDIT_DATA: "ac",  # edit roster, stations, opinions; meetings, sign-in desk, minutes
    P.VIEW_PERSONAL_DATA: "ac",
    P.EXPORT_UNMASKED: "a",  # unmasked export (audited)
    P.MANAGE_USERS: "a",  # users
    P.MANAGE_SETTINGS: "a",  # settings, sync enrolment
    P.ENTER_BALLOTS: "acs",  # polls: enter ballots (own pass only)
    P.CERTIFY: "as",  # adjudicate mismatches, certify (admin kept: a one-account street)
    P.CORRECT_CERTIFIED: "a",  # correct a certified result
    P.SYNC: "ac",
    P.BACKUP: "ac",
    P.TERM_CHANGEOVER: "a",  # 换届, delete people
    P.PRINT_CARDS: "ac",  # 代表证 are sign-in credentials
    P.PRINT_BALLOTS: "acs",  # polls: print ballots
}
LETTER = {"admin": "a", "clerk": "c", "scrutineer": "s", "viewer": "v"}


def _actor(role: str) -> Actor:
    return Actor(user_id=None, username=role, display_name=role, role=role)


def test_the_table_covers_every_action_and_matches_the_design() -> None:
    assert set(ACTION_ROLES) == set(Permission) == set(EXPECTED) == set(ACTION_LABELS)
    for permission, letters in EXPECTED.items():
        assert {r for r in ROLES if LETTER[r] in letters} == ACTION_ROLES[permission], permission


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("permission", list(Permission))
def test_every_action_against_every_role(role: str, permission: Permission) -> None:
    actor = _actor(role)
    allowed = LETTER[role] in EXPECTED[permission]
    assert actor.can(permission) is allowed
    assert (permission in ROLE_PERMISSIONS[role]) is allowed
    if allowed:
        actor.require(permission)
    else:
        with pytest.raises(PermissionDenied):
            actor.require(permission)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("permission", list(Permission))
def test_refusals_are_chinese_without_internal_codes(role: str, permission: Permission) -> None:
    text = str(_actor(role).refusal(permission))
    assert not re.search(r"[A-Za-z_]", text), text
    assert permission.value not in text and role not in text


def test_the_viewers_refusal_reads_naturally() -> None:
    text = str(_actor("viewer").refusal(Permission.EDIT_DATA))
    assert text == "查看者无权录入或修改数据，请由有此权限的人员操作。"


# ---------------------------------------------------------------- the services check it


def _term_changeover(s: Session, actor: Actor, _tmp: Path, _db: Database) -> Any:
    return roster.changeover(s, actor, new_name="第二届", changeover_on=date(2027, 1, 5))


def _print_cards(s: Session, actor: Actor, tmp: Path, _db: Database) -> Any:
    return cards.write_cards(s, actor, "representatives", tmp / "cards.pdf")


def _log_ballot_print(s: Session, actor: Actor, _tmp: Path, db: Database) -> Any:
    poll_id = s.info["poll_id"]
    return polls.log_print(s, actor, poll_id, count=2, layout="a4")


def _edit_data(s: Session, actor: Actor, _tmp: Path, _db: Database) -> Any:
    return roster.save_community(s, actor, name="新社区")


def _settings(s: Session, actor: Actor, _tmp: Path, _db: Database) -> Any:
    return settings_service.update(s, actor, sync_interval_minutes=30)


def _users(s: Session, actor: Actor, _tmp: Path, _db: Database) -> Any:
    return accounts.create_user(s, actor, "newuser", "新用户", "viewer", "Secret-pass-2026")


def _unmasked(s: Session, actor: Actor, _tmp: Path, _db: Database) -> Any:
    return opinions.export_grant(s, actor, True, "ledger", rows=1)


SERVICE_CALLS: dict[Permission, Callable[[Session, Actor, Path, Database], Any]] = {
    P.TERM_CHANGEOVER: _term_changeover,
    P.PRINT_CARDS: _print_cards,
    P.PRINT_BALLOTS: _log_ballot_print,
    P.EDIT_DATA: _edit_data,
    P.MANAGE_SETTINGS: _settings,
    P.MANAGE_USERS: _users,
    P.EXPORT_UNMASKED: _unmasked,
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("permission", list(SERVICE_CALLS))
def test_services_refuse_exactly_what_the_table_refuses(
    db: Database, admin: Actor, tmp_path: Path, role: str, permission: Permission
) -> None:
    """The three found in the first week among them: the viewer printing ballots, the viewer
    and the scrutineer printing 代表证, a clerk opening 换届."""
    poll = make_poll(db, admin, printed=0, open_it=False)
    with db.transaction() as s:
        if roster.current_term(s) is None:
            roster.open_first_term(s, admin, name="第一届", started_on=date(2022, 1, 5))
    actor = _actor(role)
    allowed = LETTER[role] in EXPECTED[permission]
    with db.transaction() as s:
        s.info["poll_id"] = poll.id
        if allowed:  # may still fail for another reason (nobody to print a card for)
            try:
                SERVICE_CALLS[permission](s, actor, tmp_path, db)
            except AppError as err:
                assert not isinstance(err, PermissionDenied), err
        else:
            with pytest.raises(PermissionDenied):
                SERVICE_CALLS[permission](s, actor, tmp_path, db)
