"""File-level database work that needs only the sqlite3 module: revisions, integrity, backups.

Kept apart from :mod:`desktop.db` (SQLAlchemy, Alembic) so that start-up can decide whether a
file is usable, and show the window, before the ORM is imported.
"""

from __future__ import annotations

import re
import sqlite3
from datetime import datetime
from functools import cache
from pathlib import Path

from desktop.errors import DatabaseError
from desktop.fileio import atomic_path
from desktop.i18n import N_

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def read_only_uri(path: Path) -> str:
    """A read-only SQLite URI; Path.as_uri() escapes '#', '?' and Windows drive letters."""
    return Path(path).resolve().as_uri() + "?mode=ro"


BACKUPS_KEPT = 10


_REVISION_RE = re.compile(r"^revision\s*=\s*['\"]([^'\"]+)['\"]", re.MULTILINE)
_DOWN_RE = re.compile(r"^down_revision\s*=\s*(.+)$", re.MULTILINE)


@cache
def _revision_graph() -> dict[str, tuple[str, ...]]:
    """revision → its parents, read from the version files as text.

    Start-up only needs to know whether the file is current; importing Alembic for that costs
    ~100 ms, so the graph is read with two regular expressions. Alembic itself runs only when an
    upgrade is actually due (and a test checks both readings agree).
    """
    graph: dict[str, tuple[str, ...]] = {}
    for path in (MIGRATIONS_DIR / "versions").glob("*.py"):
        text = path.read_text(encoding="utf-8")
        rev = _REVISION_RE.search(text)
        if rev is None:
            continue
        down = _DOWN_RE.search(text)
        parents = tuple(re.findall(r"['\"]([^'\"]+)['\"]", down.group(1))) if down else ()
        graph[rev.group(1)] = parents
    return graph


def known_revisions() -> set[str]:
    return set(_revision_graph())


def script_heads() -> set[str]:
    graph = _revision_graph()
    parents = {p for ps in graph.values() for p in ps}
    return set(graph) - parents


def stored_revisions(path: Path) -> set[str]:
    """The revisions recorded in a database file, read without migrating anything."""
    con = sqlite3.connect(read_only_uri(path), uri=True)
    try:
        has = con.execute(
            "SELECT 1 FROM sqlite_master WHERE type='table' AND name='alembic_version'"
        ).fetchone()
        if not has:
            return set()
        return {row[0] for row in con.execute("SELECT version_num FROM alembic_version")}
    except sqlite3.DatabaseError as exc:
        raise DatabaseError(
            N_("The file is not a Yishi database: {error}"), error=str(exc)
        ) from exc
    finally:
        con.close()


def check_revision(path: Path) -> str:
    """'current', 'empty', 'older' — or raises when the file comes from a newer Yishi."""
    stored = stored_revisions(path)
    if not stored:
        return "empty"
    unknown = stored - known_revisions()
    if unknown:
        raise DatabaseError(
            N_(
                "This database was written by a newer version of Yishi (revision {revision}). "
                "Install the newer version; the file has not been changed."
            ),
            revision=", ".join(sorted(unknown)),
        )
    return "current" if stored == script_heads() else "older"


# ---------------------------------------------------------------------------- backups


def backup_file(source: Path, target: Path) -> Path:
    """Consistent copy through SQLite's online backup API (safe while others read/write)."""
    with atomic_path(target) as tmp:
        src = sqlite3.connect(str(source))
        dst = sqlite3.connect(str(tmp))
        try:
            src.backup(dst)
        finally:
            dst.close()
            src.close()
    return target


def rotate_backups(folder: Path, keep: int = BACKUPS_KEPT) -> None:
    files = sorted(folder.glob("yishi-*.sqlite3"), key=lambda p: p.stat().st_mtime)
    for old in files[:-keep] if keep > 0 else files:
        old.unlink(missing_ok=True)


def backup_to_folder(source: Path, folder: Path, reason: str, keep: int = BACKUPS_KEPT) -> Path:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    target = folder / f"yishi-{stamp}-{reason}.sqlite3"
    backup_file(source, target)
    rotate_backups(folder, keep)
    return target


def integrity_ok(path: Path) -> tuple[bool, str]:
    try:
        con = sqlite3.connect(read_only_uri(path), uri=True)
        try:
            rows = [r[0] for r in con.execute("PRAGMA integrity_check")]
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        return False, str(exc)
    return rows == ["ok"], "; ".join(rows[:5])
