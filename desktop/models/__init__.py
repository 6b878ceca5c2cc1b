"""All models, imported so that Base.metadata knows every table.

One module per area; add the import of a new area's module here (one line).
"""

from desktop.models import (
    accounts,
    activities,
    archives,
    audit,
    followup,
    imports,
    meetings,
    opinions,
    outbox,
    pairing,
    polls,
    projects,
    roster,
    settings,
    street,
    sync,
)
from desktop.models.base import Base, SyncedMixin, new_id, synced_models, utcnow

__all__ = [
    "Base",
    "SyncedMixin",
    "accounts",
    "activities",
    "archives",
    "audit",
    "followup",
    "imports",
    "meetings",
    "new_id",
    "opinions",
    "outbox",
    "pairing",
    "polls",
    "projects",
    "roster",
    "settings",
    "street",
    "sync",
    "synced_models",
    "utcnow",
]
