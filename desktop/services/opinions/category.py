"""Opinion categories (分类): the tree stored in settings, its flat list, labels and usage."""

from __future__ import annotations

import copy
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.errors import ValidationError
from desktop.i18n import N_
from desktop.models.opinions import (
    Opinion,
)
from desktop.models.settings import Setting
from desktop.services import audit
from desktop.services.opinions.vocabulary import CATEGORY_SETTING_KEY, DEFAULT_CATEGORIES
from desktop.services.permissions import Actor, Permission

# ---------------------------------------------------------------------------- categories


@dataclass(frozen=True)
class Category:
    code: str
    label: str
    parent: str  # "" for a top-level category

    @property
    def top(self) -> str:
        return self.code.split(".", 1)[0]


def _flatten(tree: Sequence[dict[str, Any]], parent: str = "") -> list[Category]:
    result: list[Category] = []
    for node in tree:
        code = str(node.get("code", "")).strip()
        label = str(node.get("label", "")).strip()
        if not code or not label:
            raise ValidationError(
                N_("Every category needs a code and a label."), field="categories"
            )
        result.append(Category(code, label, parent))
        result.extend(_flatten(node.get("children", []) or [], code))
    return result


def category_tree(session: Session) -> list[dict[str, Any]]:
    row = session.get(Setting, CATEGORY_SETTING_KEY)
    value = json.loads(row.value_json) if row is not None else None
    # A deep copy: callers (the category editor) change what they get.
    return list(value) if isinstance(value, list) else copy.deepcopy(DEFAULT_CATEGORIES)


def categories(session: Session) -> list[Category]:
    return _flatten(category_tree(session))


def category_labels(session: Session) -> dict[str, str]:
    """code → "城建/道路设施" (the full path, as the ledger shows it)."""
    flat = categories(session)
    by_code = {c.code: c for c in flat}
    labels: dict[str, str] = {}
    for c in flat:
        labels[c.code] = f"{by_code[c.parent].label}/{c.label}" if c.parent in by_code else c.label
    return labels


def category_usage(session: Session) -> dict[str, int]:
    """code → how many live opinions carry it (the category editor shows it)."""
    rows = session.execute(
        select(Opinion.category, func.count())
        .where(Opinion.deleted_at.is_(None))
        .group_by(Opinion.category)
    )
    return {code: int(n) for code, n in rows}


def save_category_tree(session: Session, actor: Actor, tree: list[dict[str, Any]]) -> None:
    """Replace the category tree (admin). Codes must be unique; children's codes start with
    their parent's code and a dot, so statistics can group by the top level."""
    actor.require(Permission.MANAGE_SETTINGS)
    flat = _flatten(tree)
    codes = [c.code for c in flat]
    if len(set(codes)) != len(codes):
        raise ValidationError(N_("Category codes must be unique."), field="categories")
    for c in flat:
        if c.parent and not c.code.startswith(c.parent + "."):
            raise ValidationError(
                N_("Category code {code} must start with {parent}."),
                field="categories",
                code=c.code,
                parent=c.parent + ".",
            )
    before = category_tree(session)
    # A category still on an opinion stays: removing it would leave rows with a bare code.
    removed = {c.code for c in _flatten(before)} - set(codes)
    if removed:
        in_use = session.execute(
            select(Opinion.category, func.count())
            .where(Opinion.category.in_(sorted(removed)), Opinion.deleted_at.is_(None))
            .group_by(Opinion.category)
            .order_by(Opinion.category)
        ).first()
        if in_use is not None:
            label = category_labels(session).get(in_use[0], in_use[0])
            raise ValidationError(
                N_("Category {label} is used by {count} opinion(s) and can't be removed."),
                field="categories",
                label=label,
                count=in_use[1],
            )
    encoded = json.dumps(tree, ensure_ascii=False)
    row = session.get(Setting, CATEGORY_SETTING_KEY)
    if row is None:
        session.add(Setting(key=CATEGORY_SETTING_KEY, value_json=encoded))
    else:
        row.value_json = encoded
    audit.record(
        session,
        actor,
        "opinion.categories",
        "setting",
        CATEGORY_SETTING_KEY,
        before={"tree": before},
        after={"tree": tree},
    )
