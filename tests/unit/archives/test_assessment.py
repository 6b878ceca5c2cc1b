"""年度履职考核: 自评 → 街道初评 → 区总评 → 审核, in order, each with who decided and when."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from desktop.db import Database
from desktop.errors import ConflictError, ValidationError
from desktop.models.audit import AuditEntry
from desktop.services.archives import assessment as A
from desktop.services.permissions import Actor
from tests.unit.archives.helpers import YEAR, build

TODAY = date(YEAR + 1, 2, 28)


def test_stages_in_order_with_who_and_when(db: Database, admin: Actor, clerk: Actor) -> None:
    ex = build(db, admin)
    plan = [
        ("self", "优秀", "周敏", date(YEAR + 1, 1, 5), clerk),
        ("street", "优秀", "街道人大工委主任会议", date(YEAR + 1, 1, 12), clerk),
        ("district", "称职", "区人大常委会代表工作委员会", date(YEAR + 1, 2, 1), admin),
        ("review", "称职", "区人大常委会主任会议", date(YEAR + 1, 2, 20), admin),
    ]
    for stage, grade, who, on, actor in plan:
        with db.transaction() as s:
            A.decide(
                s, actor, ex.zhou, YEAR, stage, grade, decided_by=who, decided_on=on, today=TODAY
            )
    with db.session() as s:
        rows = {r.name: r for r in A.list_year(s, YEAR)}
        audits = len(
            s.scalars(select(AuditEntry).where(AuditEntry.action == "assessment.decide")).all()
        )
    zhou = rows["周敏"]
    assert zhou.points == 67
    assert [
        (st.label, st.grade, st.decided_by, st.entered_by, st.decided_on) for st in zhou.stages
    ] == [
        ("代表自评", "优秀", "周敏", clerk.username, date(YEAR + 1, 1, 5)),
        ("街道初评", "优秀", "街道人大工委主任会议", clerk.username, date(YEAR + 1, 1, 12)),
        ("区总评", "称职", "区人大常委会代表工作委员会", admin.username, date(YEAR + 1, 2, 1)),
        ("审核确定", "称职", "区人大常委会主任会议", admin.username, date(YEAR + 1, 2, 20)),
    ]
    assert zhou.final_grade == "称职" and zhou.next_stage is None
    assert rows["王建华"].stages == () and rows["王建华"].next_stage == "self"
    assert audits == 4


def test_out_of_order_and_bad_decisions_are_refused(db: Database, admin: Actor) -> None:
    ex = build(db, admin)
    with db.transaction() as s, pytest.raises(ConflictError) as err:
        A.decide(
            s,
            admin,
            ex.li,
            YEAR,
            "street",
            "称职",
            decided_by="工委",
            decided_on=date(YEAR + 1, 1, 3),
            today=TODAY,
        )
    assert "代表自评" in str(err.value)
    with db.transaction() as s:
        A.decide(
            s,
            admin,
            ex.li,
            YEAR,
            "self",
            "称职",
            decided_by="李秀英",
            decided_on=date(YEAR + 1, 1, 10),
            today=TODAY,
        )
    for kwargs in (
        dict(grade="很好", decided_by="工委", decided_on=date(YEAR + 1, 1, 12)),
        dict(grade="称职", decided_by=" ", decided_on=date(YEAR + 1, 1, 12)),
        dict(grade="称职", decided_by="工委", decided_on=date(YEAR + 1, 1, 9)),
        dict(grade="称职", decided_by="工委", decided_on=date(YEAR + 1, 3, 1)),
    ):
        with db.transaction() as s, pytest.raises(ValidationError):
            A.decide(s, admin, ex.li, YEAR, "street", today=TODAY, **kwargs)  # type: ignore[arg-type]
    with db.transaction() as s, pytest.raises(ConflictError):
        A.decide(
            s,
            admin,
            ex.li,
            YEAR,
            "self",
            "优秀",
            decided_by="李秀英",
            decided_on=date(YEAR + 1, 1, 11),
            today=TODAY,
        )
    with db.session() as s:
        li = next(r for r in A.list_year(s, YEAR) if r.deputy_id == ex.li)
    assert [st.stage for st in li.stages] == ["self"]
