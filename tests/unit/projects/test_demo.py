"""The projects demo step: two years through the five steps, one late project this year and
one dissatisfied evaluation last year, micro-projects accepted."""

from __future__ import annotations

import random
from datetime import date

from desktop.db import Database
from desktop.demo import DemoContext, _load_area_steps
from desktop.models.roster import Community
from desktop.services.permissions import Actor
from desktop.services.projects import views, voting

TODAY = date(2026, 11, 22)


def test_two_years_with_a_late_project_and_a_dissatisfied_one(db: Database, admin: Actor) -> None:
    _load_area_steps()  # keep DEMO_STEPS in name order for later build_demo() calls
    from desktop.demodata import d60_projects

    with db.transaction() as s:
        coms = [Community(name=n, street_code="500103001000") for n in ("较场口社区", "七星岗社区")]
        s.add_all(coms)
        s.flush()
        ctx = DemoContext(s, random.Random(5), "500103001000", admin, TODAY, {})
        ctx.shared["community_ids"] = [c.id for c in coms]
        d60_projects.build(ctx)
    with db.session() as s:
        last = {c.key: c.count for c in views.pipeline(s, 2025, today=TODAY)}
        this = {c.key: c.count for c in views.pipeline(s, 2026, today=TODAY)}
        assert last["evaluate"] >= 8 and last["implement"] == 0
        assert this["implement"] >= 8 and this["evaluate"] == 0
        late = views.late_milestones(s, TODAY)
        assert late and {m.number for m in late} <= {r.number for r in views.year_rows(s, 2026)}
        rates = [r.satisfaction_rate for r in views.year_rows(s, 2025) if r.status == "evaluated"]
        worst = min(rates, key=lambda r: int(r.split("/")[0]) / int(r.split("/")[1]))
        assert int(worst.split("/")[0]) / int(worst.split("/")[1]) < 0.7
        assert views.waiting_feedback(s, 2025) == []
        micro = views.year_rows(s, 2025, kind="micro")
        assert [r.status for r in micro].count("accepted") == 2
        lines = [ln for u in voting.unit_scores(s, 2025, today=TODAY) for ln in u.lines]
        assert any(ln.endswith("-5") for ln in lines)  # 扣分 for the dissatisfied project
        detail = views.detail(s, late[0].project_id, TODAY)
        assert any("滞后" in line.text for line in detail.reports)
