"""The UI has one task runner: background work goes through ``desktop.ui.tasks`` (the one
``TaskManager`` on ``ctx.tasks`` / ``app_tasks()``), and a page or dialog runs it through
``desktop.ui.actions`` (``run_action`` / ``run_task``). Issue 19 found six thread pools and
three hand-written ``_run`` helpers; a new one would again mean callbacks off the GUI thread
(the crash after enrolling, issue 18) and errors shown three different ways.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

UI = Path(__file__).resolve().parents[2] / "desktop" / "ui"

#: The only module that may start threads: the task manager itself.
THREAD_OWNER = "tasks.py"

THREAD_NAMES = {"QThreadPool", "QThread", "QRunnable", "Thread", "ThreadPoolExecutor", "Timer"}
THREAD_MODULES = {"threading", "concurrent.futures", "concurrent", "multiprocessing", "_thread"}


def _ui_modules() -> list[tuple[str, ast.Module]]:
    return [
        (path.relative_to(UI).as_posix(), ast.parse(path.read_text(encoding="utf-8")))
        for path in sorted(UI.rglob("*.py"))
    ]


def _thread_uses(tree: ast.Module) -> list[str]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [a.name for a in node.names if a.name.split(".")[0] in THREAD_MODULES]
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if module in THREAD_MODULES or module.split(".")[0] in THREAD_MODULES:
                found.append(module)
            elif module.startswith("PySide6"):
                names = {a.name for a in node.names} & {"QThreadPool", "QThread", "QRunnable"}
                found += sorted(names)
        elif (
            isinstance(node, ast.Attribute)
            and node.attr in THREAD_NAMES
            and isinstance(node.value, ast.Name)
            and node.value.id in {"threading", "QtCore", "futures"}
        ):
            found.append(f"{node.value.id}.{node.attr}")
    return found


def test_no_thread_pool_or_thread_outside_the_task_manager() -> None:
    offenders = {
        name: uses
        for name, tree in _ui_modules()
        if name != THREAD_OWNER and (uses := _thread_uses(tree))
    }
    assert offenders == {}, "run background work through desktop.ui.actions.run_task"


def test_the_guard_sees_a_new_thread_pool() -> None:
    for source in (
        "from PySide6.QtCore import QThreadPool\n",
        "import threading\nthreading.Thread(target=print).start()\n",
        "from concurrent.futures import ThreadPoolExecutor\n",
        "from PySide6 import QtCore\npool = QtCore.QThreadPool()\n",
    ):
        assert _thread_uses(ast.parse(source)), source


def test_no_page_or_dialog_writes_its_own_transaction_helper() -> None:
    """The ``_run`` helpers (try / transaction / except AppError) are gone: a change goes
    through ``run_action`` so every refusal reaches the user the same way."""
    offenders = []
    for path in sorted(UI.rglob("*.py")):
        name = path.relative_to(UI).as_posix()
        for no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.match(r"\s*def _run\(", line):
                offenders.append(f"{name}:{no}: {line.strip()}")
    assert offenders == [], "use Page.run_action / desktop.ui.actions.run_action"


def test_the_task_manager_is_the_only_thread_owner() -> None:
    modules = dict(_ui_modules())
    assert "threading" in _thread_uses(modules[THREAD_OWNER])
