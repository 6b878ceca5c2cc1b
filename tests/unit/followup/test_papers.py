"""The 交办单 and the 跟踪督办情况报告 render with the matter's facts (pdftotext reads them)."""

from __future__ import annotations

import subprocess
from datetime import date, datetime
from pathlib import Path

import pytest

from desktop.db import Database
from desktop.errors import ConflictError
from desktop.reports import followup_papers
from desktop.services.followup import core
from desktop.services.permissions import Actor
from tests.unit.followup.helpers import held_meeting
from tests.unit.meetings.fixtures import make_roster


def _text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "paper.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True
    ).stdout
    return out.decode("utf-8").replace(" ", "")


def test_assignment_sheet_and_followup_report(db: Database, clerk: Actor, tmp_path: Path) -> None:
    make_roster(db)
    m1 = held_meeting(db, clerk, datetime(2026, 9, 29, 1, 30), number=3)
    with db.transaction() as s:
        item = core.create(s, clerk, m1, title="关于社区养老服务的审议意见", content="增设助餐点。")
    with db.session() as s, pytest.raises(ConflictError):
        followup_papers.assignment_sheet_pdf(s, clerk, item.id)
    with db.transaction() as s:
        core.assign(
            s,
            clerk,
            item.id,
            unit="街道民政办",
            contact_person="张主任",
            assigned_on=date(2026, 10, 12),
            days=20,
        )
    with db.session() as s:
        pdf = followup_papers.assignment_sheet_pdf(s, clerk, item.id, today=date(2026, 10, 12))
    text = _text(pdf, tmp_path)
    assert "审议意见交办单" in text and "街道民政办" in text and "DB2026-001" in text
    assert "督〔2026〕1号" in text and "研究处理情况报告（回执）" in text
    assert "2026年11月9日前" in text  # 20 working days after 10/12
    m2 = held_meeting(db, clerk, datetime(2026, 12, 10, 1, 30), number=4, close=False)
    with db.session() as s:
        pdf = followup_papers.followup_report_pdf(s, clerk, m2, today=date(2026, 12, 10))
    text = _text(pdf, tmp_path)
    assert "关于审议意见跟踪督办情况的报告" in text and "逾期" in text and "街道民政办" in text
