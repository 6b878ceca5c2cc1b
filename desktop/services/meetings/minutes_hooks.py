"""How other areas contribute sections to a meeting's minutes (e.g. vote results)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy.orm import Session

from desktop.services import extensions


@dataclass(frozen=True)
class VoteResultSection:
    """One vote's results as the minutes print them (plain Chinese lines)."""

    agenda_item_id: str | None
    title: str
    lines: tuple[str, ...]
    certified: bool


VoteResultProvider = Callable[[Session, str], list[VoteResultSection]]

VOTE_RESULT_PROVIDERS: list[VoteResultProvider] = []


def register_vote_results(provider: VoteResultProvider) -> VoteResultProvider:
    VOTE_RESULT_PROVIDERS.append(provider)
    return provider


def vote_sections(session: Session, meeting_id: str) -> list[VoteResultSection]:
    extensions.load()
    sections: list[VoteResultSection] = []
    for provider in VOTE_RESULT_PROVIDERS:
        sections.extend(provider(session, meeting_id))
    return sections
