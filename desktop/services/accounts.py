"""Accounts: Argon2id passwords, sign-in with lock-out, and user management by admins."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.db import Database
from desktop.errors import AuthError, ConflictError, NotFound, ValidationError
from desktop.i18n import N_
from desktop.models.accounts import ROLES, User
from desktop.models.base import utcnow
from desktop.services import audit
from desktop.services.permissions import Actor, Permission

MAX_FAILED_ATTEMPTS = 5
LOCKOUT = timedelta(minutes=5)
MIN_PASSWORD_LENGTH = 8
USERNAME_RE = re.compile(r"^[A-Za-z0-9_.\-]{2,32}$")

_hasher = PasswordHasher()  # Argon2id with the library's current recommended parameters


@dataclass(frozen=True)
class UserInfo:
    id: int
    username: str
    display_name: str
    role: str
    active: bool
    locked_until: datetime | None
    last_login_at: datetime | None


def _info(user: User) -> UserInfo:
    return UserInfo(
        user.id,
        user.username,
        user.display_name,
        user.role,
        user.active,
        user.locked_until,
        user.last_login_at,
    )


def actor_for(user: User) -> Actor:
    return Actor(user.id, user.username, user.display_name, user.role)


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValidationError(
            N_("The password must have at least {n} characters."),
            field="password",
            n=MIN_PASSWORD_LENGTH,
        )
    if password.isdigit() or password.isalpha():
        raise ValidationError(
            N_("The password must mix letters with digits or symbols."), field="password"
        )


def _check_fields(username: str, display_name: str, role: str) -> None:
    if not USERNAME_RE.match(username):
        raise ValidationError(
            N_("The user name must be 2–32 letters, digits, '_', '.' or '-'."), field="username"
        )
    if not display_name.strip():
        raise ValidationError(N_("The display name is required."), field="display_name")
    if role not in ROLES:
        raise ValidationError(N_("Unknown role: {role}"), field="role", role=role)


def has_users(session: Session) -> bool:
    return bool(session.scalar(select(func.count()).select_from(User)))


def create_first_admin(
    session: Session, username: str, display_name: str, password: str
) -> UserInfo:
    """The first-run wizard's account. Refused once any account exists."""
    if has_users(session):
        raise ConflictError(N_("An administrator already exists."))
    _check_fields(username, display_name, "admin")
    _check_password(password)
    user = User(
        username=username,
        display_name=display_name.strip(),
        role="admin",
        password_hash=_hasher.hash(password),
    )
    session.add(user)
    session.flush()
    audit.record(
        session,
        actor_for(user),
        "user.create",
        "user_account",
        user.id,
        after={"username": username, "role": "admin"},
    )
    return _info(user)


def create_user(
    session: Session, actor: Actor, username: str, display_name: str, role: str, password: str
) -> UserInfo:
    actor.require(Permission.MANAGE_USERS)
    _check_fields(username, display_name, role)
    _check_password(password)
    if session.scalar(select(User.id).where(func.lower(User.username) == username.lower())):
        raise ConflictError(N_("The user name {username} is taken."), username=username)
    user = User(
        username=username,
        display_name=display_name.strip(),
        role=role,
        password_hash=_hasher.hash(password),
    )
    session.add(user)
    session.flush()
    audit.record(
        session,
        actor,
        "user.create",
        "user_account",
        user.id,
        after={"username": username, "display_name": display_name, "role": role},
    )
    return _info(user)


def _get(session: Session, user_id: int) -> User:
    user = session.get(User, user_id)
    if user is None:
        raise NotFound(N_("No such user."))
    return user


WRONG_CREDENTIALS = N_("Wrong user name or password.")

_dummy_hashes: dict[int, str] = {}


def _dummy_hash() -> str:
    """A hash made with the current hasher's parameters, for names that have no account: the
    verify costs what a real one costs, so the answer's timing does not tell them apart."""
    key = id(_hasher)
    if key not in _dummy_hashes:
        _dummy_hashes[key] = _hasher.hash("no account has this password")
    return _dummy_hashes[key]


def _verify(password_hash: str, password: str) -> bool:
    try:
        return bool(_hasher.verify(password_hash, password))
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def _attempt(session: Session, username: str, password: str, now: datetime) -> Actor | AuthError:
    """One sign-in attempt. Every path does one Argon2 verification, and every refusal reads
    "Wrong user name or password." unless the password was right: only then is the lock-out
    (or its remaining minutes) named, so nobody learns from an answer whether a name exists."""
    user = session.scalar(select(User).where(func.lower(User.username) == username.lower()))
    if user is None or not user.active:
        _verify(_dummy_hash(), password)  # same work as a real account
        return AuthError(WRONG_CREDENTIALS)
    correct = _verify(user.password_hash, password)
    if user.locked_until is not None and user.locked_until > now:
        if not correct:
            audit.record(session, actor_for(user), "user.signin_failed", "user_account", user.id)
            return AuthError(WRONG_CREDENTIALS)
        minutes = max(1, (int((user.locked_until - now).total_seconds()) + 59) // 60)
        return AuthError(
            N_("This account is locked after repeated failures; try again in {minutes} min."),
            minutes=minutes,
        )
    if not correct:
        user.failed_attempts += 1
        locked = user.failed_attempts >= MAX_FAILED_ATTEMPTS
        if locked:
            user.locked_until = now + LOCKOUT
            user.failed_attempts = 0
        audit.record(
            session,
            actor_for(user),
            "user.lockout" if locked else "user.signin_failed",
            "user_account",
            user.id,
        )
        # Even the attempt that locks the account says only this: "locked" would confirm
        # to whoever is guessing that the name exists. The lock is named once the right
        # password is given (above).
        return AuthError(WRONG_CREDENTIALS)
    user.failed_attempts = 0
    user.locked_until = None
    user.last_login_at = now
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = _hasher.hash(password)
    audit.record(session, actor_for(user), "user.signin", "user_account", user.id)
    return actor_for(user)


def sign_in(db: Database, username: str, password: str, *, now: datetime | None = None) -> Actor:
    """Sign in. Five wrong passwords in a row lock the account for five minutes.

    Takes the Database rather than a Session: a failed attempt must be committed (the counter
    and its audit row) even though the call then raises.
    """
    with db.transaction() as session:
        outcome = _attempt(session, username, password, now or utcnow())
    if isinstance(outcome, AuthError):
        raise outcome
    return outcome


def change_password(session: Session, actor: Actor, old_password: str, new_password: str) -> None:
    if actor.user_id is None:
        raise NotFound(N_("No such user."))
    user = _get(session, actor.user_id)
    try:
        _hasher.verify(user.password_hash, old_password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        raise AuthError(N_("The current password is wrong.")) from None
    if old_password == new_password:
        raise ValidationError(
            N_("The new password must differ from the current one."), field="password"
        )
    _check_password(new_password)
    user.password_hash = _hasher.hash(new_password)
    audit.record(session, actor, "user.change_password", "user_account", user.id)


def reset_password(session: Session, actor: Actor, user_id: int, new_password: str) -> None:
    actor.require(Permission.MANAGE_USERS)
    user = _get(session, user_id)
    _check_password(new_password)
    user.password_hash = _hasher.hash(new_password)
    user.failed_attempts = 0
    user.locked_until = None
    audit.record(session, actor, "user.reset_password", "user_account", user.id)


def update_user(
    session: Session,
    actor: Actor,
    user_id: int,
    *,
    display_name: str | None = None,
    role: str | None = None,
    active: bool | None = None,
) -> UserInfo:
    actor.require(Permission.MANAGE_USERS)
    user = _get(session, user_id)
    before = {"display_name": user.display_name, "role": user.role, "active": user.active}
    new_role = role if role is not None else user.role
    new_active = active if active is not None else user.active
    _check_fields(
        user.username, display_name if display_name is not None else user.display_name, new_role
    )
    demoting_admin = user.role == "admin" and (new_role != "admin" or not new_active)
    if demoting_admin and _active_admins(session) <= 1:
        raise ConflictError(N_("The last active administrator cannot be demoted or disabled."))
    if display_name is not None:
        user.display_name = display_name.strip()
    user.role = new_role
    user.active = new_active
    if active is True:
        user.locked_until = None
        user.failed_attempts = 0
    after = {"display_name": user.display_name, "role": user.role, "active": user.active}
    audit.record(session, actor, "user.update", "user_account", user.id, before=before, after=after)
    return _info(user)


def _active_admins(session: Session) -> int:
    return int(
        session.scalar(
            select(func.count()).select_from(User).where(User.role == "admin", User.active)
        )
        or 0
    )


def list_users(session: Session, actor: Actor) -> list[UserInfo]:
    actor.require(Permission.MANAGE_USERS)
    return [_info(u) for u in session.scalars(select(User).order_by(User.id))]


def get_user(session: Session, user_id: int) -> UserInfo:
    return _info(_get(session, user_id))
