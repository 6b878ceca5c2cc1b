"""The audit rows a pull writes (docs/sync-client.md, Pull): one chained ``sync.pulled``
row per applied change, or, while the PC is being restored, one per page listing every change
it applied. The canonical text is made by orjson where it gives audit.canonical_row's bytes
(checked per call), since a restore writes rows for hundreds of thousands of changes.
"""

from __future__ import annotations

from datetime import UTC
from operator import itemgetter
from typing import Any

import orjson

from desktop.models.base import json_value, utcnow
from desktop.services.audit import GENESIS, canonical_json, canonical_row, chain_hash
from desktop.services.permissions import SYSTEM_ACTOR


def _fast_json(value: Any) -> str:
    """canonical_json of plain values (str/int/bool/None, sorted keys), by orjson."""
    return orjson.dumps(value, option=orjson.OPT_SORT_KEYS).decode("utf-8")


def audit_changes(cursor: Any, changes: list[dict[str, Any]]) -> None:
    """One ``sync.pulled`` row per applied change, chained like audit.record's rows.

    The canonical text of each row is made with orjson (a restore writes hundreds of
    thousands); the first row of every call is also made by audit.canonical_row and the fast
    form is used only if the two agree, so the chain always verifies with audit.verify.
    """
    if not changes:
        return
    last = cursor.execute("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
    next_id = (int(last[0]) if last else 0) + 1
    prev = last[1] if last else GENESIS
    at = utcnow()
    at_text = at.astimezone(UTC).replace(tzinfo=None).strftime("%Y-%m-%d %H:%M:%S.%f")
    at_json = json_value(at)
    rows = []
    fast: bool | None = None
    for change in changes:
        after_value = {
            "version": change.get("version"),
            "deleted": bool(change.get("deleted")),
            "device": change.get("device_id"),
            "change": change.get("change_seq"),
        }
        username = str(change.get("by") or "")[:64]
        entity, eid = str(change["entity"]), str(change["entity_id"])
        reason = f"pulled from device {change.get('device_id') or '?'}"
        fields: dict[str, Any] = {
            "user_id": None,
            "username": username,
            "action": "sync.pulled",
            "entity": entity,
            "entity_id": eid,
            "before_json": None,
            "reason": reason,
        }
        if fast is None:
            after = canonical_json(after_value)
            slow = canonical_row(id=next_id, at=at, after_json=after, **fields)
            quick = _fast_row(next_id, at_json, _fast_json(after_value), fields)
            fast = quick == slow and _fast_json(after_value) == after
            text = slow
        elif fast:
            after = _fast_json(after_value)
            text = _fast_row(next_id, at_json, after, fields)
        else:
            after = canonical_json(after_value)
            text = canonical_row(id=next_id, at=at, after_json=after, **fields)
        digest = chain_hash(prev, text)
        rows.append(
            (
                next_id,
                at_text,
                None,
                username,
                "sync.pulled",
                entity,
                eid,
                None,
                after,
                reason,
                prev,
                digest,
            )
        )
        prev = digest
        next_id += 1
    cursor.executemany(
        "INSERT INTO audit_log (id, at, user_id, username, action, entity, entity_id,"
        " before_json, after_json, reason, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
        rows,
    )


#: The columns of each change listed by a restore page's audit row.
PAGE_AUDIT_FIELDS = ("entity", "entity_id", "version", "deleted", "device", "change", "by")

_PAGE_PICK = itemgetter(
    "entity", "entity_id", "version", "deleted", "device_id", "change_seq", "by"
)


def audit_page(cursor: Any, changes: list[dict[str, Any]], page: tuple[int, int]) -> None:
    """One chained ``sync.pulled`` row for a restored page: entity ``sync_pull``, id
    ``after-next``, and in ``after_json`` every applied change (entity, id, version, deleted,
    the device and the person it came from, its change number), in the order applied."""
    if not changes:
        return
    try:  # the server's changes carry every key: one C call per change
        listed: list[Any] = [_PAGE_PICK(c) for c in changes]
        if not all(
            type(e) is str
            and type(i) is str
            and type(d) is bool
            and type(b) is str
            and len(b) <= 64
            for e, i, _v, d, _dev, _c, b in listed
        ):
            raise TypeError("not as the server sends them")
    except (KeyError, TypeError):
        listed = [
            (
                str(c["entity"]),
                str(c["entity_id"]),
                c.get("version"),
                bool(c.get("deleted")),
                c.get("device_id"),
                c.get("change_seq"),
                str(c.get("by") or "")[:64],
            )
            for c in changes
        ]
    devices = sorted({str(item[4] or "?") for item in listed})
    after_value = {
        "after": page[0],
        "next": page[1],
        "count": len(listed),
        "fields": list(PAGE_AUDIT_FIELDS),
        "changes": listed,
    }
    last = cursor.execute("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
    row_id = (int(last[0]) if last else 0) + 1
    prev = last[1] if last else GENESIS
    at = utcnow()
    # orjson gives canonical_json's bytes for these plain values; checked on the first change.
    after = _fast_json(after_value)
    sample = {**after_value, "count": 1, "changes": listed[:1]}
    if _fast_json(sample) != canonical_json(sample):
        after = canonical_json(after_value)
    fields: dict[str, Any] = {
        "user_id": None,
        "username": SYSTEM_ACTOR.username,
        "action": "sync.pulled",
        "entity": "sync_pull",
        "entity_id": f"{page[0]}-{page[1]}",
        "before_json": None,
        "reason": f"restored from the server: {len(listed)} changes from device(s) "
        + ", ".join(devices),
    }
    digest = chain_hash(prev, canonical_row(id=row_id, at=at, after_json=after, **fields))
    cursor.execute(
        "INSERT INTO audit_log (id, at, user_id, username, action, entity, entity_id,"
        " before_json, after_json, reason, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
        (
            row_id,
            at.astimezone(UTC).replace(tzinfo=None).strftime("%Y-%m-%d %H:%M:%S.%f"),
            None,
            fields["username"],
            "sync.pulled",
            fields["entity"],
            fields["entity_id"],
            None,
            after,
            fields["reason"],
            prev,
            digest,
        ),
    )


def _fast_row(row_id: int, at_json: Any, after: str, fields: dict[str, Any]) -> str:
    return _fast_json(
        {
            "id": row_id,
            "at": at_json,
            "user_id": fields["user_id"],
            "username": fields["username"],
            "action": fields["action"],
            "entity": fields["entity"],
            "entity_id": fields["entity_id"],
            "before": fields["before_json"],
            "after": after,
            "reason": fields["reason"],
        }
    )
