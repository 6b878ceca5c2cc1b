"""Points computed from the records: the worked example of docs/points.md, exactly; a rule
change recomputes exactly the totals it moves and is stored as a new revision."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select

from desktop.db import Database
from desktop.errors import PermissionDenied, ValidationError
from desktop.models.audit import AuditEntry
from desktop.services.archives import points
from desktop.services.archives import rules as R
from desktop.services.permissions import Actor
from tests.unit.archives.helpers import YEAR, build

DOC = Path(__file__).resolve().parents[3] / "docs" / "points.md"


def _doc_totals() -> dict[str, int]:
    """The totals the hand-worked example in docs/points.md arrives at (its last table)."""
    text = DOC.read_text(encoding="utf-8")
    section = text.split("## Totals", 1)[1]
    return {
        m.group(1): int(m.group(2)) for m in re.finditer(r"^\| (\S+) \| (-?\d+) \|", section, re.M)
    }


def test_worked_example_matches_the_document(db: Database, admin: Actor) -> None:
    ex = build(db, admin)
    with db.session() as s:
        year = points.rank(s, YEAR)
    got = {row.name: row.score.total for row in year.rows}
    assert got == {"周敏": 67, "李秀英": 42, "王建华": 31}
    assert got == _doc_totals()
    assert [row.rank for row in year.rows] == [1, 2, 3]
    assert year.rule.revision == 0

    zhou = next(r for r in year.rows if r.deputy_id == ex.zhou)
    lines = {(ln.category, ln.detail): ln for ln in zhou.score.lines}
    reception = lines[("接待选民", "接待")]
    assert (reception.count, reception.each, reception.raw, reception.points) == (12, 3, 36, 30)
    assert lines[("training", "培训天数")].count == 3  # four sessions on three days
    assert lines[("report_back", "述职")].points == 5

    li = next(r for r in year.rows if r.deputy_id == ex.li)
    assert li.counts.meetings_leave == 1
    assert li.score.deducted == 4
    assert (li.counts.opinions_raised, li.counts.opinions_closed) == (25, 10)
    assert li.score.category_points()["opinions"] == 20
    assert ("视察", "主持") not in {(ln.category, ln.detail) for ln in li.score.lines}


def test_a_rule_change_moves_exactly_the_affected_totals(db: Database, admin: Actor) -> None:
    ex = build(db, admin)
    with db.session() as s:
        old = R.in_force(s, YEAR).rules
    inspections = {k: dict(v) for k, v in old.activity_points.items()}
    inspections["视察"]["participant"] = 5
    new = replace(old, activity_points=inspections)
    with db.session() as s:
        preview = points.preview(s, YEAR, new)
    assert [(c.deputy_id, c.old, c.new) for c in preview] == [(ex.zhou, 67, 71)]

    with db.transaction() as s:
        saved = points.save_rules(s, admin, YEAR, new, "视察参加提高到5分")
    assert saved.revision.revision == 1
    assert [(c.name, c.old, c.new) for c in saved.changes] == [("周敏", 67, 71)]

    stricter = replace(new, absence_deduction=3)
    with db.transaction() as s:
        saved = points.save_rules(s, admin, YEAR, stricter, "无故缺席每次扣3分")
    assert {(c.name, c.old, c.new) for c in saved.changes} == {
        ("王建华", 31, 30),
        ("李秀英", 42, 40),
    }
    with db.session() as s:
        year = points.rank(s, YEAR)
        assert {r.name: r.score.total for r in year.rows} == {
            "周敏": 71,
            "王建华": 30,
            "李秀英": 40,
        }
        assert year.rule.label() == f"{YEAR}年积分规则 第2版"
        assert [h.revision for h in R.history(s, YEAR)] == [2, 1]
        # The next year carries the rules forward until it has its own.
        assert R.in_force(s, YEAR + 1).revision == 2
        assert R.in_force(s, YEAR - 1).revision == 0
        audits = s.scalars(select(AuditEntry).where(AuditEntry.action == "points.rules")).all()
        assert len(audits) == 2


def test_only_an_administrator_changes_the_rules(db: Database, clerk: Actor) -> None:
    with db.transaction() as s, pytest.raises(PermissionDenied):
        points.save_rules(s, clerk, YEAR, R.PointsRules())


def test_bad_rules_are_refused_in_chinese(db: Database, admin: Actor) -> None:
    bad = replace(R.PointsRules(), meeting_attended=-1)
    with db.transaction() as s, pytest.raises(ValidationError) as err:
        points.save_rules(s, admin, YEAR, bad)
    assert str(err.value) == "出席一次会议的分值须为 0 至 100 之间的整数。"
    with db.session() as s:
        assert R.history(s, YEAR) == []


counts_st = st.builds(
    points.Counts,
    activities=st.dictionaries(
        st.tuples(
            st.sampled_from(["接待选民", "视察", "走访选民", "学习培训", "未知"]),
            st.sampled_from(["host", "participant", "receiver"]),
        ),
        st.integers(0, 40),
        max_size=6,
    ),
    training_days=st.integers(0, 10),
    meetings_attended=st.integers(0, 12),
    meetings_absent=st.integers(0, 12),
    opinions_raised=st.integers(0, 60),
    opinions_closed=st.integers(0, 60),
    report_backs=st.integers(0, 3),
)


@given(counts_st)
def test_caps_and_deductions_hold_for_any_counts(counts: points.Counts) -> None:
    rules = R.PointsRules()
    sc = points.score(rules, counts)
    per = sc.category_points()
    for category, cap in rules.caps.items():
        assert per.get(category, 0) <= cap
    assert sc.deducted == counts.meetings_absent * rules.absence_deduction
    assert sc.total == sc.earned - sc.deducted
    assert all(line.points <= line.raw for line in sc.lines if line.category != "deduction")
    uncapped = points.score(replace(rules, caps={}), counts)
    assert uncapped.total >= sc.total
