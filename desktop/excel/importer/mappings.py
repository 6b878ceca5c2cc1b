"""Column mappings: header text → ledger column, remembered per ledger and set of headers."""

from __future__ import annotations

import hashlib
import json

from sqlalchemy.orm import Session

from desktop.errors import ValidationError
from desktop.excel import adapter as registry
from desktop.excel import headers as header_names
from desktop.i18n import N_
from desktop.models.settings import Setting

_MAPPING_PREFIX = "import.mapping."


def _mapping_key(kind: str, file_headers: tuple[str, ...] | list[str]) -> str:
    digest = hashlib.sha1(
        header_names.signature(file_headers).encode("utf-8"), usedforsecurity=False
    ).hexdigest()
    return f"{_MAPPING_PREFIX}{kind}.{digest[:20]}"


def remembered_mapping(
    session: Session, kind: str, file_headers: tuple[str, ...] | list[str]
) -> dict[str, str | None]:
    """The mapping last used for a file of this ledger with exactly these headers."""
    if not file_headers:
        return {}
    row = session.get(Setting, _mapping_key(kind, file_headers))
    if row is None:
        return {}
    try:
        stored = json.loads(row.value_json)
    except ValueError:
        return {}
    keys = set(registry.get(kind).ledger.keys)
    return {
        str(h): (k if k in keys else None)
        for h, k in dict(stored.get("mapping", {})).items()
        if k is None or k in keys
    }


def remember_mapping(
    session: Session, kind: str, file_headers: tuple[str, ...], mapping: dict[str, str | None]
) -> None:
    """Store ``mapping`` for the next file of this ledger with the same headers."""
    if not file_headers or not mapping:
        return
    key = _mapping_key(kind, file_headers)
    value = json.dumps(
        {"headers": list(file_headers), "mapping": mapping}, ensure_ascii=False, sort_keys=True
    )
    row = session.get(Setting, key)
    if row is None:
        session.add(Setting(key=key, value_json=value))
    else:
        row.value_json = value


def parse_mapping(kind: str, pairs: list[str]) -> dict[str, str | None]:
    """``["出生年月=出生日期", "备用电话="]`` → header → column key (empty: ignore).

    The right side is the ledger's header (or its column key)."""
    ledger = registry.get(kind).ledger
    by_header = {header_names.normalise(c.header): c.key for c in ledger.columns}
    out: dict[str, str | None] = {}
    for pair in pairs:
        left, sep, right = pair.partition("=")
        if not sep or not left.strip():
            raise ValidationError(
                N_("Write the mapping as file column=ledger column: {value}"),
                field="map",
                value=pair,
            )
        target = right.strip()
        if not target:
            out[left.strip()] = None
            continue
        key = by_header.get(header_names.normalise(target))
        if key is None and target in ledger.keys:
            key = target
        if key is None:
            raise ValidationError(
                N_("The ledger has no column '{column}'. The columns are: {expected}"),
                field="map",
                column=target,
                expected="、".join(c.header for c in ledger.columns),
            )
        out[left.strip()] = key
    return out
