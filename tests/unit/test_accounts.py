"""Accounts: sign-in, lock-out, passwords, and permission checks in the service layer."""

from __future__ import annotations

from datetime import timedelta

import pytest
from argon2 import PasswordHasher
from sqlalchemy import select

from desktop.config import Paths
from desktop.db import Database
from desktop.errors import AuthError, ConflictError, PermissionDenied, ValidationError
from desktop.models.accounts import User
from desktop.models.audit import AuditEntry
from desktop.models.base import utcnow
from desktop.services import accounts, settings
from desktop.services.permissions import Actor, Permission

PASSWORD = "test1234"


def test_sign_in_returns_the_actor(db: Database) -> None:
    actor = accounts.sign_in(db, "clerk", PASSWORD)
    assert actor.role == "clerk" and actor.display_name == "李晓梅"
    # user names are case-insensitive at the sign-in desk
    assert accounts.sign_in(db, "CLERK", PASSWORD).user_id == actor.user_id


def test_wrong_password_and_unknown_user_say_the_same(db: Database) -> None:
    with pytest.raises(AuthError) as a:
        accounts.sign_in(db, "clerk", "nope-1234")
    with pytest.raises(AuthError) as b:
        accounts.sign_in(db, "nobody", "nope-1234")
    assert str(a.value) == str(b.value) == "用户名或密码错误。"


def test_five_failures_lock_for_five_minutes(db: Database) -> None:
    now = utcnow()
    for _ in range(4):
        with pytest.raises(AuthError):
            accounts.sign_in(db, "clerk", "wrong-pass1", now=now)
    # the attempt that locks says no more than any wrong password (issue 15, item 8)
    with pytest.raises(AuthError, match=r"^用户名或密码错误。$"):
        accounts.sign_in(db, "clerk", "wrong-pass1", now=now)
    with pytest.raises(AuthError, match=r"^用户名或密码错误。$"):
        accounts.sign_in(db, "clerk", "wrong-pass1", now=now + timedelta(minutes=1))
    # the right password is refused while locked, and only it learns of the lock
    with pytest.raises(AuthError, match="已被锁定"):
        accounts.sign_in(db, "clerk", PASSWORD, now=now + timedelta(minutes=4))
    actor = accounts.sign_in(db, "clerk", PASSWORD, now=now + timedelta(minutes=5, seconds=1))
    assert actor.username == "clerk"
    with db.session() as s:
        actions = list(s.scalars(select(AuditEntry.action).where(AuditEntry.username == "clerk")))
    assert actions.count("user.signin_failed") == 5  # four before the lock, one during it
    assert actions.count("user.lockout") == 1


def test_success_resets_the_failure_counter(db: Database) -> None:
    for _ in range(4):
        with pytest.raises(AuthError):
            accounts.sign_in(db, "clerk", "wrong-pass1")
    accounts.sign_in(db, "clerk", PASSWORD)
    for _ in range(4):
        with pytest.raises(AuthError, match="用户名或密码错误"):
            accounts.sign_in(db, "clerk", "wrong-pass1")


def test_passwords_are_argon2id_hashes(db: Database) -> None:
    with db.session() as s:
        hashes = list(s.scalars(select(User.password_hash)))
    assert hashes and all(h.startswith("$argon2id$") for h in hashes)
    assert all(PASSWORD not in h for h in hashes)


def test_change_password(db: Database, clerk: Actor) -> None:
    with pytest.raises(AuthError), db.transaction() as s:
        accounts.change_password(s, clerk, "wrong-old1", "newpass99")
    with pytest.raises(ValidationError), db.transaction() as s:
        accounts.change_password(s, clerk, PASSWORD, "short1")
    with db.transaction() as s:
        accounts.change_password(s, clerk, PASSWORD, "newpass99")
    assert accounts.sign_in(db, "clerk", "newpass99").username == "clerk"


@pytest.mark.parametrize("role", ["clerk", "scrutineer", "viewer"])
def test_only_admins_manage_users(db: Database, role: str) -> None:
    actor = Actor(99, role, role, role)
    with pytest.raises(PermissionDenied), db.transaction() as s:
        accounts.create_user(s, actor, "newbie", "新人", "clerk", "secret123")
    with pytest.raises(PermissionDenied), db.transaction() as s:
        accounts.list_users(s, actor)


def test_viewer_cannot_change_settings(db: Database, viewer: Actor) -> None:
    with pytest.raises(PermissionDenied), db.transaction() as s:
        settings.update(s, viewer, quorum_rule="two_thirds")


def test_admin_creates_and_disables_users(db: Database, admin: Actor) -> None:
    with db.transaction() as s:
        info = accounts.create_user(s, admin, "newbie", "新人", "clerk", "secret123")
    with pytest.raises(ConflictError), db.transaction() as s:
        accounts.create_user(s, admin, "NEWBIE", "重复", "clerk", "secret123")
    with db.transaction() as s:
        accounts.update_user(s, admin, info.id, active=False)
    with pytest.raises(AuthError):
        accounts.sign_in(db, "newbie", "secret123")


def test_last_admin_cannot_be_demoted(db: Database, admin: Actor) -> None:
    assert admin.user_id is not None
    with pytest.raises(ConflictError), db.transaction() as s:
        accounts.update_user(s, admin, admin.user_id, role="clerk")
    with pytest.raises(ConflictError), db.transaction() as s:
        accounts.update_user(s, admin, admin.user_id, active=False)


def test_role_permissions_table() -> None:
    assert Actor(1, "a", "a", "admin").can(Permission.CORRECT_CERTIFIED)
    assert not Actor(1, "c", "c", "clerk").can(Permission.CERTIFY)
    assert Actor(1, "s", "s", "scrutineer").can(Permission.CERTIFY)
    assert not Actor(1, "v", "v", "viewer").can(Permission.EDIT_DATA)


def test_cli_adds_lists_and_resets_accounts(
    db: Database, paths: Paths, capsys: pytest.CaptureFixture[str]
) -> None:
    """Account recovery without the GUI: what a local admin types, answered in Chinese."""
    from desktop.cli import main

    base = ["--data-dir", str(paths.data_dir), "users"]
    assert main([*base, "add", "zhaomin", "赵敏", "clerk", "--password", "first-pass1"]) == 0
    assert "zhaomin" in capsys.readouterr().out
    assert main([*base, "list"]) == 0
    rows = [line.split("\t") for line in capsys.readouterr().out.splitlines()]
    assert ["zhaomin", "赵敏", "clerk（工作人员）", "启用"] in [r[1:] for r in rows]
    assert main([*base, "reset-password", "zhaomin", "--password", "second-pass2"]) == 0
    assert accounts.sign_in(db, "zhaomin", "second-pass2").role == "clerk"
    assert main([*base, "reset-password", "nobody", "--password", "second-pass2"]) == 2
    assert capsys.readouterr().err.strip()


class CountingHasher:
    """The suite's hasher, counting verifications (work, not timings)."""

    def __init__(self, inner: PasswordHasher) -> None:
        self.inner = inner
        self.verified = 0

    def verify(self, password_hash: str, password: str) -> bool:
        self.verified += 1
        return self.inner.verify(password_hash, password)

    def hash(self, password: str) -> str:
        return self.inner.hash(password)

    def check_needs_rehash(self, password_hash: str) -> bool:
        return self.inner.check_needs_rehash(password_hash)


@pytest.fixture
def counting(monkeypatch: pytest.MonkeyPatch) -> CountingHasher:
    hasher = CountingHasher(accounts._hasher)
    monkeypatch.setattr(accounts, "_hasher", hasher)
    accounts._dummy_hash()  # made once, before counting
    hasher.verified = 0
    return hasher


def test_unknown_names_cost_one_argon2_verification_like_known_ones(
    db: Database, counting: CountingHasher, admin: Actor
) -> None:
    with db.transaction() as s:
        info = accounts.create_user(s, admin, "gone", "离职人员", "clerk", "gone-pass1")
        accounts.update_user(s, admin, info.id, active=False)
    attempts = [
        ("nobody", "nope-1234"),  # no such name
        ("gone", "gone-pass1"),  # a disabled account, even with its password
        ("clerk", "nope-1234"),  # a real name, wrong password
        ("", ""),
    ]
    for username, password in attempts:
        before = counting.verified
        with pytest.raises(AuthError):
            accounts.sign_in(db, username, password)
        assert counting.verified == before + 1, username
    before = counting.verified
    accounts.sign_in(db, "clerk", PASSWORD)
    assert counting.verified == before + 1


def test_every_refusal_reads_the_same_until_the_password_is_right(db: Database) -> None:
    now = utcnow()
    messages = set()
    for n in range(8):  # guessing at a real name and at an unknown one, past the lock-out
        for name in ("clerk", "nobody"):
            with pytest.raises(AuthError) as err:
                accounts.sign_in(db, name, f"guess-{n}x", now=now)
            messages.add(str(err.value))
    with pytest.raises(AuthError) as err:
        accounts.sign_in(db, "viewer", "wrong-pass1", now=now)
    messages.add(str(err.value))
    assert messages == {"用户名或密码错误。"}
    # the account was locked all the same; its owner learns it with the right password
    with pytest.raises(AuthError, match="已被锁定"):
        accounts.sign_in(db, "clerk", PASSWORD, now=now)
    # an unknown name with any password never hears of a lock
    with pytest.raises(AuthError, match=r"^用户名或密码错误。$"):
        accounts.sign_in(db, "nobody", PASSWORD, now=now)
