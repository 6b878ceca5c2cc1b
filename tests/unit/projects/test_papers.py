"""The project papers render on the demo data: Chinese text present (pdftotext), figures
that match the services, one file each through atomic_path."""

from __future__ import annotations

import random
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest

from desktop.db import Database
from desktop.demo import DemoContext, _load_area_steps
from desktop.models.roster import Community
from desktop.reports import project_papers as pp
from desktop.services.permissions import Actor

TODAY = date(2026, 11, 22)

pytestmark = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="needs poppler-utils (installed on CI by .ci/run)"
)


def _text(pdf: Path) -> str:
    out = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    return "".join(out.split())  # lines wrap anywhere in Chinese text


@pytest.fixture
def demo(db: Database, admin: Actor) -> Database:
    _load_area_steps()
    from desktop.demodata import d60_projects

    with db.transaction() as s:
        coms = [Community(name="较场口社区", street_code="500103001000")]
        s.add_all(coms)
        s.flush()
        ctx = DemoContext(s, random.Random(5), "500103001000", admin, TODAY, {})
        ctx.shared["community_ids"] = [c.id for c in coms]
        d60_projects.build(ctx)
    return db


def test_papers(demo: Database, viewer: Actor, tmp_path: Path) -> None:
    with demo.session() as s:
        short = _text(pp.shortlist(s, viewer, tmp_path / "a.pdf", 2026, today=TODAY))
        feedback = _text(pp.feedback_list(s, viewer, tmp_path / "b.pdf", 2025, proposer="赵德华"))
        report = _text(pp.yearly_report(s, viewer, tmp_path / "c.pdf", 2025, today=TODAY))
        board = _text(pp.evaluation_board(s, viewer, tmp_path / "d.pdf", 2025, today=TODAY))
        progress = _text(pp.progress_notice(s, viewer, tmp_path / "e.pdf", 2026, today=TODAY))
        micro = _text(pp.micro_account(s, viewer, tmp_path / "f.pdf", 2025, today=TODAY))
    assert "候选项目表" in short and "1,532.00" in short  # the 12 candidates' total
    assert "由代表票决产生10个" in short
    assert "MS2025-014不予采纳不采纳" in feedback and "投资超出街道财力" in feedback
    assert "刘建国" not in feedback  # only the one proposer
    for step in ("一、项目征集", "二、论证初选", "三、代表票决", "四、办理实施", "五、监督评议"):
        assert step in report
    assert "2025年1月8日，对12个候选项目进行票决，应选10个" in report
    assert "满意率低于70%的1个" in report
    assert "公开栏" in board and "考核得分" in board and "不满意" in board
    assert "滞后1个节点" in progress and "施工许可审批延误" in progress
    assert "申报微实事项目3个" in micro and "已验收2个" in micro and "批准资金7.90万元" in micro
    names = sorted(p.name for p in tmp_path.glob("*.pdf*"))
    assert names == ["a.pdf", "b.pdf", "c.pdf", "d.pdf", "e.pdf", "f.pdf"]
