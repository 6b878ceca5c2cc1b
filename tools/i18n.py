"""Build the zh_CN translation from the catalogue, and check that nothing is untranslated.

One source of truth: ``desktop/resources/translations/zh_CN/*.json`` ({English: 中文}).
- ``tr()`` strings in desktop/ui are extracted by ``pyside6-lupdate`` into
  ``yishi_zh_CN.ts``, filled from the catalogue and compiled by ``pyside6-lrelease`` to
  ``yishi_zh_CN.qm`` (loaded by the app through QTranslator).
- ``N_()`` templates anywhere in desktop/ (service errors, CLI messages, labels) are found by
  walking the AST; the CLI and services translate them through the catalogue, without Qt.

Usage: ``python tools/i18n.py`` (update .ts/.qm) or ``python tools/i18n.py --check``
(exit 1 listing every English string without Chinese, or a stale .ts).
"""

from __future__ import annotations

import argparse
import ast
import json
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PKG = ROOT / "desktop"
TRANSLATIONS = PKG / "resources" / "translations"
LANG = "zh_CN"
TS = TRANSLATIONS / f"yishi_{LANG}.ts"
QM = TRANSLATIONS / f"yishi_{LANG}.qm"


def catalogue() -> dict[str, str]:
    merged: dict[str, str] = {}
    for path in sorted((TRANSLATIONS / LANG).glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        for key, value in data.items():
            if key in merged and merged[key] != value:
                print(
                    f"warning: {path.name}: {key!r} translated differently elsewhere",
                    file=sys.stderr,
                )
            merged[key] = value
    return merged


def _tool(name: str) -> str:
    exe = Path(sys.executable).parent / f"pyside6-{name}"
    if exe.exists():
        return str(exe)
    found = shutil.which(f"pyside6-{name}")
    if not found:
        raise SystemExit(f"pyside6-{name} not found (pip install PySide6-Essentials)")
    return found


def ui_sources() -> list[Path]:
    return sorted(p for p in (PKG / "ui").rglob("*.py") if p.name != "__init__.py")


def extract_ts(target: Path) -> None:
    files = [str(p.relative_to(ROOT)) for p in ui_sources()]
    subprocess.run(
        [
            _tool("lupdate"),
            *files,
            "-no-obsolete",
            "-locations",
            "none",
            "-source-language",
            "en",
            "-target-language",
            LANG,
            "-ts",
            str(target),
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )


def n_templates() -> set[str]:
    """Every string literal passed to N_() anywhere in desktop/."""
    found: set[str] = set()
    for path in PKG.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "N_"
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                found.add(node.args[0].value)
    return found


def fill(ts_path: Path, cat: dict[str, str]) -> list[tuple[str, str]]:
    """Fill translations in place; return (context, source) pairs still missing."""
    tree = ET.parse(ts_path)
    missing: list[tuple[str, str]] = []
    for context in tree.getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            source = message.findtext("source") or ""
            translation = message.find("translation")
            if translation is None:
                translation = ET.SubElement(message, "translation")
            text = cat.get(source)
            if text is None:
                translation.text = None
                translation.set("type", "unfinished")
                missing.append((name, source))
            else:
                translation.text = text
                translation.attrib.pop("type", None)
    ET.indent(tree)
    tree.write(ts_path, encoding="utf-8", xml_declaration=True)
    return missing


def build(check: bool) -> int:
    cat = catalogue()
    with tempfile.TemporaryDirectory() as tmp:
        ts_new = Path(tmp) / TS.name
        extract_ts(ts_new)
        missing = fill(ts_new, cat)
        missing += [("N_", s) for s in sorted(n_templates()) if s not in cat]
        if missing:
            print(f"{len(missing)} string(s) without a zh_CN translation:", file=sys.stderr)
            for context, source in missing:
                print(f"  [{context}] {source}", file=sys.stderr)
        if check:
            stale = not TS.exists() or TS.read_bytes() != ts_new.read_bytes() or not QM.exists()
            if stale:
                print(f"{TS.relative_to(ROOT)} is stale: run `make i18n`", file=sys.stderr)
            return 1 if missing or stale else 0
        shutil.copyfile(ts_new, TS)
    subprocess.run([_tool("lrelease"), str(TS), "-qm", str(QM)], check=True, capture_output=True)
    print(f"wrote {TS.relative_to(ROOT)} and {QM.relative_to(ROOT)}")
    return 1 if missing else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true")
    return build(parser.parse_args().check)


if __name__ == "__main__":
    sys.exit(main())
