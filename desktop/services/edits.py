"""One way to edit a record: check the version, apply the change, write the audit diff.

Two shapes, both in the caller's transaction:

* :func:`apply_changes` — a form sends field → value; only the fields that differ are set,
  and the audit row holds just those (before and after). Nothing differs → no audit row.
  (Agenda items, resolutions, meetings.)
* :func:`recorded` — a ``with`` block around code that changes the object (several fields,
  derived values); the audit row holds the whole snapshot before and after. (Roster records,
  opinions' details.)

Both refuse a stale edit first when the caller passes the version its form was read at
(:func:`check_version`): someone else saved the record meanwhile, so the form is reloaded
rather than overwriting their change.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any, Protocol, TypeVar

from sqlalchemy.orm import Session

from desktop.errors import ConflictError
from desktop.i18n import N_
from desktop.models.outbox import row_data
from desktop.services import audit
from desktop.services.permissions import Actor

STALE = N_("Someone else changed this record meanwhile; reopen it and edit again.")


class Record(Protocol):
    """A synced row: it has an id and a version (``SyncedMixin``)."""

    @property
    def id(self) -> Any: ...

    @property
    def version(self) -> int: ...


R = TypeVar("R", bound=Record)


def entity_of(obj: object) -> str:
    """The audit log's entity name of a row: its table name (``deputy_contact``)."""
    table = getattr(type(obj), "__tablename__", None)
    if not table:
        raise TypeError(f"not a table row: {obj!r}")
    return str(table)


def check_version(
    obj: Record, expected_version: int | None, message: str = STALE, **params: Any
) -> None:
    """Refuse the edit if the record's version is not the one the form was read at
    (``None``: the caller does not know it; nothing to check)."""
    if expected_version is not None and obj.version != expected_version:
        raise ConflictError(message, **params)


def apply_changes(
    session: Session,
    actor: Actor,
    obj: Record,
    changes: Mapping[str, Any],
    *,
    action: str,
    entity: str = "",
    reason: str = "",
    expected_version: int | None = None,
) -> dict[str, Any]:
    """Set the fields of ``changes`` that differ and write one audit row with the diff.
    Returns the fields that changed (empty: nothing changed, no audit row)."""
    check_version(obj, expected_version)
    changed = {k: v for k, v in changes.items() if getattr(obj, k) != v}
    if not changed:
        return {}
    before = {k: getattr(obj, k) for k in changed}
    for key, value in changed.items():
        setattr(obj, key, value)
    session.flush()
    audit.record(
        session,
        actor,
        action,
        entity or entity_of(obj),
        obj.id,
        before=before,
        after=changed,
        reason=reason,
    )
    return changed


@contextmanager
def recorded(
    session: Session,
    actor: Actor,
    obj: R,
    action: str,
    *,
    entity: str = "",
    reason: str = "",
    expected_version: int | None = None,
    snapshot: Callable[[R], Mapping[str, Any]] = row_data,
    only_if_changed: bool = False,
) -> Iterator[R]:
    """``with recorded(session, actor, rep, "representative.retire", reason=…): rep.status = …``
    — the version check before, the snapshot before and after, the flush and the audit row
    after the block. ``only_if_changed``: no audit row when the snapshot did not change."""
    check_version(obj, expected_version)
    before = dict(snapshot(obj))
    yield obj
    if only_if_changed and dict(snapshot(obj)) == before:
        return
    session.flush()  # stamps version and updated_at, which the snapshot after shows
    audit.record(
        session,
        actor,
        action,
        entity or entity_of(obj),
        obj.id,
        before=before,
        after=dict(snapshot(obj)),
        reason=reason,
    )
