"""Modules that register hooks (home-page figures, minutes sections, demo steps …).

Each area lists its service module here (one line). ``load()`` imports them once; code that
reads a registry calls it first, so a hook is never missed because nobody imported its module.
"""

from __future__ import annotations

import importlib
from functools import cache

MODULES: list[str] = [
    "desktop.services.home",
    "desktop.services.meetings",
    "desktop.services.polls",
    "desktop.services.roster",
    "desktop.services.roster.deputies",
    "desktop.services.opinions",
    "desktop.services.activities.home_card",
    "desktop.services.projects.home_card",
]


@cache
def load() -> None:
    for name in MODULES:
        importlib.import_module(name)
