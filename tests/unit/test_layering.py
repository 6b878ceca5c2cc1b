"""The dependency rule of DESIGN.md §1, checked on the import statements."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# package → packages it must never import
FORBIDDEN = {
    "desktop.models": (
        "desktop.services",
        "desktop.excel",
        "desktop.reports",
        "desktop.sync",
        "desktop.ui",
        "desktop.commands",
    ),
    "desktop.services": (
        "desktop.excel",
        "desktop.reports",
        "desktop.sync",
        "desktop.ui",
        "desktop.commands",
    ),
    "desktop.excel": ("desktop.ui", "desktop.commands"),
    "desktop.reports": ("desktop.ui", "desktop.commands"),
    "desktop.sync": ("desktop.ui", "desktop.commands"),
    "desktop.commands": ("desktop.ui",),
    "cityserver": ("desktop.ui",),
}


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def _module(path: Path) -> str:
    return ".".join(path.relative_to(ROOT).with_suffix("").parts)


def _python_files() -> list[Path]:
    return [p for top in ("desktop", "cityserver") for p in (ROOT / top).rglob("*.py")]


def test_only_desktop_ui_imports_qt() -> None:
    offenders = [
        f"{_module(p)} imports {name}"
        for p in _python_files()
        if not _module(p).startswith("desktop.ui")
        for name in _imports(p)
        if name.split(".")[0] in {"PySide6", "shiboken6"}
    ]
    assert offenders == []


def test_layers_import_only_downwards() -> None:
    offenders = []
    for path in _python_files():
        module = _module(path)
        for layer, forbidden in FORBIDDEN.items():
            if module == layer or module.startswith(layer + "."):
                offenders += [
                    f"{module} imports {name}"
                    for name in _imports(path)
                    if any(name == f or name.startswith(f + ".") for f in forbidden)
                ]
    assert offenders == []


def test_the_layering_check_sees_a_violation(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("from PySide6.QtWidgets import QWidget\nimport desktop.ui.app\n")
    assert {"PySide6.QtWidgets", "desktop.ui.app"} <= _imports(bad)
