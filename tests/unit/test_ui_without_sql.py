"""The UI runs no SQL of its own: it gets its lists and choices from the services as plain
dataclasses (issue 19 found ``select(Community)`` … in the opinion form and the ledger page).
So ``desktop/ui`` imports nothing from SQLAlchemy, the ORM models or the database module —
except the few names below, each with the reason it is there.
"""

from __future__ import annotations

import ast
from pathlib import Path

UI = Path(__file__).resolve().parents[2] / "desktop" / "ui"

FORBIDDEN = ("sqlalchemy", "desktop.models", "desktop.db", "sqlite3")

#: (module of desktop/ui or "*" for any, imported module, imported name) → why it is allowed.
ALLOWED: dict[tuple[str, str, str], str] = {
    ("*", "desktop.db", "Database"): (
        "the handle the UI opens one session or transaction on per user action and hands to "
        "a service (one transaction per user action); it builds no query"
    ),
    ("pages/projects.py", "sqlalchemy.orm", "Session"): (
        "type of the session handed to the project services (type checking only)"
    ),
    ("app.py", "desktop.db", "open_database"): "start-up opens (and migrates) the file",
    ("app.py", "desktop.db", "DamagedDatabase"): "start-up offers a damaged file's recovery",
    ("db_health.py", "desktop.db", "restore"): (
        "the damaged-database dialog restores the newest good backup file"
    ),
    ("pages/settings.py", "desktop.db", "backup_to_folder"): "the 'Back up now' button",
}


def _forbidden(module: str) -> bool:
    return any(module == f or module.startswith(f + ".") for f in FORBIDDEN)


def _offending_imports(name: str, tree: ast.Module) -> list[str]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [f"import {a.name}" for a in node.names if _forbidden(a.name)]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if not _forbidden(node.module):
                continue
            for alias in node.names:
                key = (node.module, alias.name)
                if (name, *key) in ALLOWED or ("*", *key) in ALLOWED:
                    continue
                found.append(f"from {node.module} import {alias.name}")
    return found


def test_ui_imports_no_sqlalchemy_models_or_database_module() -> None:
    offenders = {}
    for path in sorted(UI.rglob("*.py")):
        name = path.relative_to(UI).as_posix()
        found = _offending_imports(name, ast.parse(path.read_text(encoding="utf-8")))
        if found:
            offenders[name] = found
    assert offenders == {}, "ask a service (e.g. desktop.services.choices) instead"


def test_every_allowed_import_is_still_used() -> None:
    """An allow-list entry nobody needs any more is removed, so the list stays honest."""
    seen: set[tuple[str, str, str]] = set()
    for path in sorted(UI.rglob("*.py")):
        name = path.relative_to(UI).as_posix()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                for alias in node.names:
                    seen.add((name, node.module, alias.name))
                    seen.add(("*", node.module, alias.name))
    assert set(ALLOWED) - seen == set()


def test_the_guard_sees_a_query_in_the_ui() -> None:
    source = (
        "from sqlalchemy import select\n"
        "from desktop.models.roster import Community\n"
        "import desktop.models\n"
    )
    assert len(_offending_imports("pages/x.py", ast.parse(source))) == 3
