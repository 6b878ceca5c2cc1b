"""The home page's figures: the cards of :mod:`desktop.services.home_cards` (one SQL question
each — the one place a new area adds its card), plus any provider an area registers that
needs more than one SQL statement. Sorted so that what a clerk must act on comes first."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.i18n import N_
from desktop.models.accounts import User
from desktop.services import audit
from desktop.services.home_cards import CARDS, Card, Figure, card, evaluate

__all__ = ["CARDS", "Card", "Figure", "card", "figures", "register", "system_figures"]

FigureProvider = Callable[[Session], list[Figure]]

FIGURE_PROVIDERS: list[FigureProvider] = []


def register(provider: FigureProvider) -> FigureProvider:
    if provider not in FIGURE_PROVIDERS:
        FIGURE_PROVIDERS.append(provider)
    return provider


def figures(session: Session) -> list[Figure]:
    from desktop.services import extensions

    extensions.load()
    conn = session.connection()

    def ask(sql: str, params: dict[str, str]) -> Any:
        return conn.exec_driver_sql(sql, params).scalar()

    result = evaluate(ask)
    seen = {f.key for f in result}
    for provider in FIGURE_PROVIDERS:
        result.extend(f for f in provider(session) if f.key not in seen)
    return sorted(result, key=lambda f: f.priority)


def system_figures(session: Session) -> list[Figure]:
    """For the settings page (administrators), not the home page: accounts and audit log."""
    users = session.scalar(select(func.count()).select_from(User).where(User.active)) or 0
    return [
        Figure("users", N_("Active accounts"), int(users), "system"),
        Figure("audit", N_("Audit log entries"), audit.count(session), "system"),
    ]
