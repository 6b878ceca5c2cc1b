"""Helpers shared by the subcommands (stdlib-only at import time)."""

from __future__ import annotations

import sys
from typing import Any


def say(text: str) -> None:
    print(text, flush=True)


def t(template: str, **params: Any) -> str:
    """Translate an English template and fill in its parameters."""
    from desktop.i18n import gettext

    text = gettext(template)
    return text.format(**params) if params else text


def fail(template: str, code: int = 2, **params: Any) -> int:
    """Print a translated error message to stderr and return the exit code."""
    from desktop.i18n import gettext

    message = gettext(template)
    print(message.format(**params) if params else message, file=sys.stderr, flush=True)
    return code


def open_db(*, migrate: bool = True) -> Any:
    """Open the database of the current data dir (migrating unless told not to)."""
    from desktop.config import paths
    from desktop.db import open_database

    p = paths().ensure()
    return open_database(p.database, backups=p.backups, migrate=migrate)
