"""Fast start: what the window frame shows, read with sqlite3 before the ORM is imported.

Showing the main window needs only the street's name and the signed-in user; importing
SQLAlchemy and the models costs more than all of Qt's start-up. So the frame is drawn from a
read-only sqlite3 look-up, and the database is opened properly right after it is on screen.
Whenever the file needs any work first (missing, older revision, not a demo file), this
returns None and the normal path runs.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from desktop.dbfile import check_revision, read_only_uri
from desktop.errors import AppError


@dataclass(frozen=True)
class ShellInfo:
    street_name: str
    user_display: str
    role: str
    db_path: str
    demo: bool


def quick_demo_shell(database: Path, username: str = "admin") -> ShellInfo | None:
    if not database.exists():
        return None
    try:
        if check_revision(database) != "current":
            return None
        con = sqlite3.connect(read_only_uri(database), uri=True)
        try:
            flag = con.execute("SELECT 1 FROM setting WHERE key = 'demo_database'").fetchone()
            street = con.execute(
                "SELECT name FROM street WHERE deleted_at IS NULL LIMIT 1"
            ).fetchone()
            user = con.execute(
                "SELECT display_name, role FROM user_account WHERE username = ?", (username,)
            ).fetchone()
        finally:
            con.close()
    except (sqlite3.Error, AppError):
        return None
    if not flag or street is None or user is None:
        return None
    return ShellInfo(street[0], user[0], user[1], str(database), True)
