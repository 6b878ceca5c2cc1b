"""The dependency rule of DESIGN.md §1 and docs/architecture.md, checked on the import
statements (top-level and lazy ones alike).

From the bottom up::

    leaf modules   errors ← i18n, config, fileio, dbfile, boundedzip, pinyin_order, cli_messages,
                   gc_pause
    models         SQLAlchemy models (+ change capture)
    db             engine, sessions, migrate-on-start — above the models it opens
    services       every rule
    excel · reports · sync       side by side: none imports another
    inspection_pack              the year's ledgers (excel) and papers (reports) in one folder
    demodata · demo · commands   the demo database; the CLI subcommands
    ui             everything Qt
    selftest · cli the whole program (they start the UI)
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

LEAVES = (
    "desktop.errors",
    "desktop.i18n",
    "desktop.config",
    "desktop.fileio",
    "desktop.dbfile",
    "desktop.boundedzip",
    "desktop.pinyin_order",
    "desktop.cli_messages",
    "desktop.gc_pause",
)
ABOVE_LEAVES = (
    "desktop.models",
    "desktop.db",
    "desktop.services",
    "desktop.excel",
    "desktop.reports",
    "desktop.sync",
    "desktop.inspection_pack",
    "desktop.demodata",
    "desktop.demo",
    "desktop.commands",
    "desktop.ui",
    "desktop.selftest",
    "desktop.cli",
)
TOP = ("desktop.ui", "desktop.selftest", "desktop.cli")
APPS = ("desktop.commands", "desktop.demo", "desktop.demodata", *TOP)

# package or module → what it must never import
FORBIDDEN: dict[str, tuple[str, ...]] = {
    **{leaf: ABOVE_LEAVES for leaf in LEAVES},
    "desktop.models": ABOVE_LEAVES[1:],  # not even db: db sits above the models
    "desktop.db": ABOVE_LEAVES[2:],
    "desktop.services": (
        "desktop.excel",
        "desktop.reports",
        "desktop.sync",
        "desktop.inspection_pack",
        *APPS,
    ),
    "desktop.excel": ("desktop.reports", "desktop.sync", "desktop.inspection_pack", *APPS),
    "desktop.reports": ("desktop.excel", "desktop.sync", "desktop.inspection_pack", *APPS),
    "desktop.sync": ("desktop.excel", "desktop.reports", "desktop.inspection_pack", *APPS),
    "desktop.inspection_pack": ("desktop.sync", *APPS),
    "desktop.demodata": ("desktop.reports", "desktop.sync", "desktop.commands", *TOP),
    "desktop.demo": ("desktop.reports", "desktop.sync", "desktop.commands", *TOP),
    "desktop.commands": TOP,
    "desktop.ui": ("desktop.commands", "desktop.cli"),
    "desktop.selftest": ("desktop.cli", "desktop.commands"),
    "desktop.cli": (),  # the entry point: it may start anything
    "cityserver": ("desktop.ui", "desktop.services", "desktop.models", "desktop.db"),
}
# The documented exceptions (docs/architecture.md): (importing module, imported module).
ALLOWED = {
    # Before a migration, db seals pending sync ops under the old schema revision: a lazy call,
    # so opening a current database never imports the sync package.
    ("desktop.db", "desktop.sync.schema"),
    # The district's ledgers label an opinion's category as the desktop writes it: the default
    # category tree is data only (no database, no rule), read from the one place it is defined.
    ("cityserver.ledgers", "desktop.services.opinions.vocabulary"),
}
# Not code of a layer: the package itself, the entry point, the migration scripts.
UNLAYERED = {"desktop.__init__", "desktop.__main__", "desktop.migrations", "desktop.resources"}


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            # `from desktop.sync import schema` imports desktop.sync.schema (a module), while
            # `from desktop.errors import NotFound` imports desktop.errors
            subs = {f"{node.module}.{a.name}" for a in node.names}
            modules = {name for name in subs if _is_module(name)}
            names.update(modules or {node.module})
            if len(modules) < len(subs):
                names.add(node.module)
    return names


def _is_module(name: str) -> bool:
    path = ROOT.joinpath(*name.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def _module(path: Path) -> str:
    return ".".join(path.relative_to(ROOT).with_suffix("").parts)


def _python_files() -> list[Path]:
    return [p for top in ("desktop", "cityserver") for p in (ROOT / top).rglob("*.py")]


def _within(name: str, package: str) -> bool:
    return name == package or name.startswith(package + ".")


def _offenders(files: list[tuple[str, Path]]) -> list[str]:
    offenders = []
    for module, path in files:
        for layer, forbidden in FORBIDDEN.items():
            if not _within(module, layer):
                continue
            for name in sorted(_imports(path)):
                if any(_within(name, f) for f in forbidden) and not any(
                    _within(module, src) and _within(name, dst) for src, dst in ALLOWED
                ):
                    offenders.append(f"{module} imports {name}")
    return offenders


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
    assert _offenders([(_module(p), p) for p in _python_files()]) == []


def test_every_desktop_module_has_a_layer() -> None:
    """A new top-level module or package must be placed in the table above."""
    tops = {
        f"desktop.{p.stem if p.is_file() else p.name}"
        for p in (ROOT / "desktop").iterdir()
        if (p.suffix == ".py" or (p.is_dir() and (p / "__init__.py").exists()))
    }
    assert tops - set(FORBIDDEN) - UNLAYERED == set()


def test_the_documented_exception_is_still_needed() -> None:
    """An allow-list entry nobody uses any more is removed, not kept as a hole."""
    used = {
        (src, dst)
        for src, dst in ALLOWED
        for path in _python_files()
        if _within(_module(path), src)
        for name in _imports(path)
        if _within(name, dst)
    }
    assert used == ALLOWED


def test_the_layering_check_sees_a_violation(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("from PySide6.QtWidgets import QWidget\nimport desktop.ui.app\n")
    assert {"PySide6.QtWidgets", "desktop.ui.app"} <= _imports(bad)
    probe = tmp_path / "probe.py"
    probe.write_text("from desktop.reports import fonts\nimport desktop.sync.schema\n")
    assert _offenders([("desktop.excel.probe", probe), ("desktop.db", probe)]) == [
        "desktop.excel.probe imports desktop.reports.fonts",
        "desktop.excel.probe imports desktop.sync.schema",
        "desktop.db imports desktop.reports.fonts",
    ]
