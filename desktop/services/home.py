"""The home page's figures. Each area registers a provider; the home page shows them all."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.i18n import N_
from desktop.models.accounts import User
from desktop.models.outbox import SyncOutbox
from desktop.services import audit


@dataclass(frozen=True)
class Figure:
    key: str
    label: str  # English template (translate with desktop.i18n.gettext)
    value: int | str
    group: str = "general"
    warn: bool = False


FigureProvider = Callable[[Session], list[Figure]]


def _core(session: Session) -> list[Figure]:
    users = session.scalar(select(func.count()).select_from(User).where(User.active)) or 0
    outbox = session.scalar(select(func.count()).select_from(SyncOutbox)) or 0
    return [
        Figure("users", N_("Active accounts"), int(users), "system"),
        Figure("audit", N_("Audit log entries"), audit.count(session), "system"),
        Figure("outbox", N_("Changes waiting to sync"), int(outbox), "system"),
    ]


FIGURE_PROVIDERS: list[FigureProvider] = [_core]


def register(provider: FigureProvider) -> FigureProvider:
    FIGURE_PROVIDERS.append(provider)
    return provider


def figures(session: Session) -> list[Figure]:
    from desktop.services import extensions

    extensions.load()
    result: list[Figure] = []
    for provider in FIGURE_PROVIDERS:
        result.extend(provider(session))
    return result
