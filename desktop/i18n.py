"""Qt-free translation lookup for services and the CLI.

The single source of truth for Chinese text is the catalogue
``desktop/resources/translations/zh_CN/*.json`` (English source → Chinese). ``tools/i18n.py``
builds the Qt ``.ts``/``.qm`` for ``tr()`` strings from the same catalogue, so the UI and the
CLI never disagree. Service code marks English templates with :func:`N_` so the extractor
finds them.
"""

from __future__ import annotations

import json
import os
from functools import cache
from pathlib import Path

TRANSLATIONS_DIR = Path(__file__).resolve().parent / "resources" / "translations"
DEFAULT_LANGUAGE = "zh_CN"


def N_(text: str) -> str:
    """Mark an English template for the catalogue; returns it unchanged."""
    return text


def current_language() -> str:
    return os.environ.get("YISHI_LANG", DEFAULT_LANGUAGE)


@cache
def catalogue(language: str) -> dict[str, str]:
    folder = TRANSLATIONS_DIR / language
    merged: dict[str, str] = {}
    if folder.is_dir():
        for path in sorted(folder.glob("*.json")):
            merged.update(json.loads(path.read_text(encoding="utf-8")))
    return merged


def gettext(text: str) -> str:
    language = current_language()
    if language == "en":
        return text
    return catalogue(language).get(text, text)


def _(text: str) -> str:
    """Translate now (CLI output)."""
    return gettext(text)
