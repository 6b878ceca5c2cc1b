"""The archives demo step on the full demo street: two years of points under their own rule
revisions, one report-back round with exactly one deputy below 80%, last year assessed."""

from __future__ import annotations

from datetime import date

from desktop.config import Paths
from desktop.demo import build_demo
from desktop.services.archives import assessment, points, reportbacks
from desktop.services.archives import rules as R

TODAY = date(2026, 11, 22)


def test_demo_two_years_and_a_report_back_round(paths: Paths) -> None:
    db = build_demo(paths, today=TODAY, replace=True)
    try:
        with db.session() as s:
            for year in (2025, 2026):
                ranked = points.rank(s, year)
                assert ranked.rule.year == year and ranked.rule.revision == 1
                assert sum(r.score.total for r in ranked.rows) > 0
            assert R.in_force(s, 2026).rules.training_day == 3
            views = reportbacks.list_report_backs(s, year=2026)
            assert len(views) == 6
            assert [v.rating.percent_text() for v in views if v.flagged and v.rating] == ["72.5%"]
            rows = assessment.list_year(s, 2025)
            assert any(r.final_grade for r in rows)
            assert any(r.stages and not r.final_grade for r in rows)
    finally:
        db.dispose()
