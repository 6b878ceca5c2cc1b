"""Dashboard sign-in: reader accounts with Argon2id passwords, lock-out, expiring sessions, CSRF.

A reader (``reader_tokens`` row) keeps its API token and may also get a password; the
district admin (``is_admin``) sees every street, any other reader only the streets listed in
``reader_streets`` — on the pages and through the API alike (:func:`visible_streets`).
"""

from __future__ import annotations

import contextlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from cityserver.auth import token_hash
from cityserver.models import (
    DownloadAudit,
    ReaderStreet,
    ReaderToken,
    Street,
    WebSession,
    utcnow,
)

#: Consecutive wrong passwords before the account is locked, and for how long.
MAX_FAILURES = 5
LOCK_FOR = timedelta(minutes=15)
#: A session ends after this long without a request, and in any case after ``SESSION_MAX``.
SESSION_IDLE = timedelta(minutes=30)
SESSION_MAX = timedelta(hours=8)
MIN_PASSWORD = 10

_HASHER = PasswordHasher()  # argon2-cffi's default: Argon2id, RFC 9106 low-memory profile
_DUMMY_HASH = _HASHER.hash("yishi-dummy-password")


class SignInError(Exception):
    """A sign-in refused; ``message`` is the Chinese text shown on the form."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Viewer:
    """The signed-in reader of one request."""

    name: str
    is_admin: bool
    streets: frozenset[str] | None  # None: every street
    csrf_token: str = ""

    def may_see(self, street_code: str) -> bool:
        return self.streets is None or street_code in self.streets


def hash_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise ValueError(f"密码至少 {MIN_PASSWORD} 个字符")
    return _HASHER.hash(password)


def set_password(session: Session, name: str, password: str) -> None:
    reader = session.get(ReaderToken, name)
    if reader is None:
        raise ValueError(f"没有名为 {name!r} 的只读账号")
    reader.password_hash = hash_password(password)
    reader.failed_logins = 0
    reader.locked_until = None
    session.execute(delete(WebSession).where(WebSession.reader_name == name))


def assign_streets(session: Session, name: str, codes: list[str], admin: bool) -> None:
    reader = session.get(ReaderToken, name)
    if reader is None:
        raise ValueError(f"没有名为 {name!r} 的只读账号")
    for code in codes:
        if session.get(Street, code) is None:
            session.add(Street(code=code, created_at=utcnow()))
            session.flush()
    reader.is_admin = admin
    session.execute(delete(ReaderStreet).where(ReaderStreet.reader_name == name))
    session.add_all(ReaderStreet(reader_name=name, street_code=c) for c in sorted(set(codes)))


def visible_streets(session: Session, name: str) -> frozenset[str] | None:
    """The streets reader ``name`` may see; ``None`` for an admin (every street)."""
    reader = session.get(ReaderToken, name)
    if reader is None or reader.revoked_at is not None:
        return frozenset()
    if reader.is_admin:
        return None
    return frozenset(
        session.scalars(select(ReaderStreet.street_code).where(ReaderStreet.reader_name == name))
    )


def audit(
    session: Session,
    reader: str,
    action: str,
    what: str = "",
    streets: list[str] | None = None,
    rows: int = 0,
    client: str = "",
) -> None:
    session.add(
        DownloadAudit(
            at=utcnow(),
            reader_name=reader[:100],
            action=action,
            what=what[:200],
            streets=",".join(streets or [])[:4000],
            rows=rows,
            client=client[:64],
        )
    )


def sign_in(
    session: Session, name: str, password: str, client: str = "", now: datetime | None = None
) -> str:
    """Check the password; return a new session id (the cookie value). Raises SignInError.

    Every answer for an unknown name, a revoked account or a wrong password is the same
    message, and an unknown name still costs one Argon2 verification (no name probing).
    """
    now = now or utcnow()
    refused = SignInError("用户名或密码不正确")
    reader = session.get(ReaderToken, name) if name else None
    if reader is None or reader.revoked_at is not None or not reader.password_hash:
        with contextlib.suppress(VerificationError):
            _HASHER.verify(_DUMMY_HASH, password + "x")
        audit(session, name or "?", "sign_in_failed", "unknown", client=client)
        raise refused
    if reader.locked_until is not None and reader.locked_until > now:
        audit(session, name, "sign_in_locked", client=client)
        minutes = max(1, int((reader.locked_until - now).total_seconds() // 60) + 1)
        raise SignInError(f"连续输错密码次数过多，账号已锁定，请 {minutes} 分钟后再试")
    try:
        _HASHER.verify(reader.password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        reader.failed_logins = (reader.failed_logins or 0) + 1
        if reader.failed_logins >= MAX_FAILURES:
            reader.locked_until = now + LOCK_FOR
            reader.failed_logins = 0
            audit(session, name, "locked", client=client)
        audit(session, name, "sign_in_failed", client=client)
        raise refused from None
    if _HASHER.check_needs_rehash(reader.password_hash):
        reader.password_hash = _HASHER.hash(password)
    reader.failed_logins = 0
    reader.locked_until = None
    sid = secrets.token_urlsafe(32)
    session.add(
        WebSession(
            id_hash=token_hash(sid),
            reader_name=name,
            csrf_token=secrets.token_urlsafe(24),
            created_at=now,
            last_seen_at=now,
            expires_at=now + SESSION_MAX,
        )
    )
    audit(session, name, "sign_in", client=client)
    return sid


def viewer_for_session(
    session: Session, sid: str | None, now: datetime | None = None
) -> Viewer | None:
    """The reader of a session cookie, or None (unknown, idle too long, past its end)."""
    if not sid:
        return None
    now = now or utcnow()
    row = session.get(WebSession, token_hash(sid))
    if row is None:
        return None
    if row.expires_at <= now or row.last_seen_at + SESSION_IDLE <= now:
        session.delete(row)
        return None
    reader = session.get(ReaderToken, row.reader_name)
    if reader is None or reader.revoked_at is not None:
        session.delete(row)
        return None
    if now - row.last_seen_at > timedelta(minutes=1):
        row.last_seen_at = now
    return Viewer(
        name=reader.name,
        is_admin=reader.is_admin,
        streets=visible_streets(session, reader.name),
        csrf_token=row.csrf_token,
    )


def sign_out(session: Session, sid: str | None) -> None:
    if sid:
        session.execute(delete(WebSession).where(WebSession.id_hash == token_hash(sid)))


def csrf_ok(expected: str, given: str | None) -> bool:
    return bool(expected) and given is not None and hmac.compare_digest(expected, given)
