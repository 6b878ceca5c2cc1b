"""Fast start: what the window frame shows, read with sqlite3 before the ORM is imported.

Showing the main window needs only the street's name and the signed-in user; importing
SQLAlchemy and the models costs more than all of Qt's start-up. So the frame is drawn from a
read-only sqlite3 look-up, and the database is opened properly right after it is on screen.
Whenever the file needs any work first (missing, older revision, not a demo file), this
returns None and the normal path runs.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from desktop.dbfile import demo_shell_facts


@dataclass(frozen=True)
class ShellInfo:
    street_name: str
    user_display: str
    role: str
    db_path: str
    demo: bool


def quick_demo_shell(database: Path, username: str = "admin") -> ShellInfo | None:
    facts = demo_shell_facts(database, username)
    if facts is None:
        return None
    street_name, user_display, role = facts
    return ShellInfo(street_name, user_display, role, str(database), True)
