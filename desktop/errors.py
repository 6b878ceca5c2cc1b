"""One error hierarchy for the whole application.

Services raise these; the UI shows ``str(err)`` (already in the user's language) and the log
keeps ``err.english``. Messages are English templates marked with :func:`desktop.i18n.N_` so
the catalogue (``resources/translations/zh_CN/*.json``) can translate them without Qt.
"""

from __future__ import annotations

from typing import Any

from desktop.i18n import N_


class AppError(Exception):
    """Base of every error fit to show a clerk."""

    def __init__(self, template: str, /, **params: Any) -> None:
        self.template = template
        self.params = params
        super().__init__(self.english)

    @property
    def english(self) -> str:
        return self.template.format(**self.params) if self.params else self.template

    @property
    def message(self) -> str:
        """The message in the user's language (zh_CN by default)."""
        from desktop.i18n import gettext

        text = gettext(self.template)
        return text.format(**self.params) if self.params else text

    def __str__(self) -> str:
        return self.message


class ValidationError(AppError):
    """Input breaks a rule; ``field`` names the offending field when there is one."""

    def __init__(self, template: str, /, field: str | None = None, **params: Any) -> None:
        self.field = field
        super().__init__(template, **params)


class PermissionDenied(AppError):
    """Its parameters are themselves catalogue entries (the role, the action): translated too."""

    @property
    def message(self) -> str:
        from desktop.i18n import gettext

        params = {k: gettext(v) if isinstance(v, str) else v for k, v in self.params.items()}
        return gettext(self.template).format(**params)


class NotFound(AppError):
    pass


class ConflictError(AppError):
    """The change collides with the current state (stale version, duplicate, locked record)."""


class AuthError(AppError):
    """Sign-in failed or the account is locked."""


class DatabaseError(AppError):
    """The database file cannot be used (newer version, corrupt, migration failed)."""


class SyncError(AppError):
    """Sync failure; ``kind`` is one of network, timeout, server, auth, rejected, protocol."""

    def __init__(self, template: str, /, kind: str = "network", **params: Any) -> None:
        self.kind = kind
        super().__init__(template, **params)


class DiskFull(AppError):
    """The disk (or the database's size limit) is full; the action was not saved."""


class FileInUse(AppError):
    """Windows refused to replace an output file another program has open (Excel, a PDF reader)."""


DISK_FULL_MESSAGE = N_(
    "The disk is full: this action was not saved and nothing was changed. "
    "Free some disk space (or save to another drive) and try again."
)


def as_app_error(exc: BaseException) -> AppError | None:
    """An error a clerk can act on, for the few OS / database failures that have one:
    a full disk (``ENOSPC``, SQLite's ``SQLITE_FULL``). ``None`` for anything else."""
    import errno

    if isinstance(exc, AppError):
        return exc
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:  # the cause chain, once each
        seen.add(id(current))
        if isinstance(current, OSError) and current.errno in (errno.ENOSPC, errno.EDQUOT):
            return DiskFull(DISK_FULL_MESSAGE)
        if getattr(current, "sqlite_errorcode", None) == 13:  # SQLITE_FULL
            return DiskFull(DISK_FULL_MESSAGE)
        if "database or disk is full" in str(current):
            return DiskFull(DISK_FULL_MESSAGE)
        current = getattr(current, "orig", None) or current.__cause__
    return None


class SelfTestFailure(AppError):
    """A check of ``yishi selftest`` failed. The self-test translates as it goes (its report
    shows which catalogue loaded), so the message is already in the user's language."""

    def __init__(self, message: str) -> None:
        super().__init__(message)

    @property
    def message(self) -> str:
        return self.template
