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

from desktop.errors import AppError, DatabaseError
from desktop.fileio import atomic_path
from desktop.i18n import N_, gettext

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
        if "malformed" in str(exc):  # a database whose pages are damaged, not another file
            raise damaged_error(path, str(exc)) from exc
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


def list_backups(folder: Path) -> list[Path]:
    """The backups in ``folder``, newest first (by the time in the name, then the file's)."""
    if not folder.is_dir():
        return []
    files = [p for p in folder.glob("yishi-*.sqlite3") if p.is_file()]
    return sorted(files, key=lambda p: (p.name, p.stat().st_mtime), reverse=True)


def newest_good_backup(folder: Path) -> Path | None:
    """The newest backup that is whole and holds Yishi data (a damaged one is skipped)."""
    for candidate in list_backups(folder):
        ok, _ = integrity_ok(candidate)
        try:
            if ok and check_revision(candidate) != "empty":
                return candidate
        except DatabaseError:
            continue
    return None


SQLITE_MAGIC = b"SQLite format 3\x00"
#: Why a file is damaged, in words for the user (translated where shown).
DAMAGE_EMPTY = N_("the file is empty (0 bytes)")
DAMAGE_TRUNCATED = N_("the file is cut short ({size} of {expected} bytes)")
DAMAGE_PAGES = N_("its pages are damaged ({detail})")


def file_damage(path: Path, backups: Path | None) -> tuple[str, dict[str, object]] | None:
    """Why the database file at ``path`` cannot be whole — a template and its parameters — or
    None. Read from the file's size and its 100-byte header only, so it is cheap at start-up.

    A 0-byte file is damage when a backup exists (a database was there before); with no
    backup it is a database whose creation was interrupted, and is started afresh. A file
    that is not SQLite at all is not damage: it is "not a Yishi database".
    """
    if not path.is_file():
        return None
    size = path.stat().st_size
    if size == 0:
        return (DAMAGE_EMPTY, {}) if backups is not None and list_backups(backups) else None
    with path.open("rb") as f:
        header = f.read(100)
    if not header.startswith(SQLITE_MAGIC[: min(len(header), len(SQLITE_MAGIC))]):
        return None
    if len(header) < 100:
        return DAMAGE_TRUNCATED, {"size": size, "expected": "≥ 100"}
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    counted = pages > 0 and header[24:28] == header[92:96]  # the in-header size is valid
    expected = pages * page_size if counted else 0
    if page_size and (size % page_size or size < expected):
        return DAMAGE_TRUNCATED, {"size": size, "expected": max(expected, size + 1)}
    return None


class DamagedDatabase(DatabaseError):
    """The database file is damaged (empty where one existed, cut short, or pages broken)."""


def damaged_error(path: Path, detail: str = "", backups: Path | None = None) -> DamagedDatabase:
    """ "Damaged, restore from backups/" — with the way out in the user's words."""
    template, params = file_damage(path, backups) or (DAMAGE_PAGES, {"detail": detail})
    return DamagedDatabase(
        N_(
            "The database {path} is damaged: {problem}. Restore it from a backup in "
            "{folder} (yishi db restore FILE, or start Yishi and choose Restore)."
        ),
        path=str(path),
        problem=gettext(template).format(**params),
        folder=str(path.parent / "backups"),
    )


def set_damaged_file_aside(path: Path, backups: Path) -> Path:
    """Move a damaged database (and its -wal/-shm) into ``backups`` under a name the backup
    rotation never deletes or offers for restore; returns where it went."""
    backups.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    target = backups / f"damaged-{stamp}-{path.name}"
    path.replace(target)
    for suffix in ("-wal", "-shm"):
        side = path.with_name(path.name + suffix)
        if side.exists():
            side.replace(target.with_name(target.name + suffix))
    return target


def quick_check(path: Path) -> tuple[bool, str]:
    """SQLite's ``quick_check`` (the page structure, not every index entry): fast enough to
    run in the background after every start."""
    try:
        con = sqlite3.connect(read_only_uri(path), uri=True)
        try:
            rows = [r[0] for r in con.execute("PRAGMA quick_check")]
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        return False, str(exc)
    return rows == ["ok"], "; ".join(rows[:5])


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


def demo_shell_facts(path: Path, username: str) -> tuple[str, str, str] | None:
    """For the fast start (desktop.ui.startup): the street's name and ``username``'s display
    name and role, read with sqlite3 before the ORM is imported — only from a demo database
    at the current revision; ``None`` whenever anything needs the normal path."""
    if not path.exists():
        return None
    try:
        if check_revision(path) != "current":
            return None
        con = sqlite3.connect(read_only_uri(path), uri=True)
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
    return str(street[0]), str(user[0]), str(user[1])
