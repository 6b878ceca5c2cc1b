"""催办 of overdue opinions with its 催办函; the 办理结果 chosen when answering; the pick
list's name matching (full pinyin as well as initials)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pypdf import PdfReader

from desktop.db import Database
from desktop.errors import ConflictError, ValidationError
from desktop.reports import opinion_papers
from desktop.services import opinions as svc
from desktop.services.permissions import Actor
from desktop.services.roster.name_match import matches

D0 = date(2025, 4, 1)


def _assigned(db: Database, clerk: Actor) -> svc.OpinionRow:
    with db.transaction() as s:
        row = svc.register(
            s,
            clerk,
            svc.OpinionInput(
                received_on=D0, content="路灯不亮，夜间行走不便。", resident_name="周建华"
            ),
        )
        return svc.assign(
            s, clerk, row.id, svc.Assignment("区城管局", D0 + timedelta(days=1), "刘明")
        )


def test_urging_an_overdue_opinion_and_its_letter(
    db: Database, clerk: Actor, tmp_path: Path
) -> None:
    row = _assigned(db, clerk)
    assert row.due_on is not None
    with db.transaction() as s, pytest.raises(ConflictError):
        svc.urge(s, clerk, row.id, row.due_on)  # not overdue yet
    late = row.due_on + timedelta(days=3)
    with db.transaction() as s:
        svc.urge(s, clerk, row.id, late, "电话催问未果")
        svc.urge(s, clerk, row.id, late + timedelta(days=7))
    with db.session() as s:
        assert svc.urge_count(s, row.id) == 2
        detail = svc.get(s, clerk, row.id)
        path = opinion_papers.urge_letter(
            s, clerk, row.id, tmp_path / "u.pdf", issued_on=late + timedelta(days=7)
        )
    assert detail.row.status == "assigned"  # urging changes no state
    text = "".join(p.extract_text() or "" for p in PdfReader(path).pages).replace(" ", "")
    assert "群众意见建议催办函" in text and "区城管局" in text
    assert "第2次催办" in text and "超过办理期限10天" in text and "催〔2025〕" in text
    with db.transaction() as s:
        svc.answer(s, clerk, row.id, "已修复", late + timedelta(days=8), outcome="resolved")
    with db.transaction() as s, pytest.raises(ConflictError):
        svc.urge(s, clerk, row.id, late + timedelta(days=9))  # answered: nothing to urge


def test_answer_carries_the_reply_slip_outcome(db: Database, clerk: Actor) -> None:
    row = _assigned(db, clerk)
    with db.transaction() as s, pytest.raises(ValidationError):
        svc.answer(s, clerk, row.id, "已解释", D0 + timedelta(days=5), outcome="duplicate")
    with db.transaction() as s:
        svc.answer(s, clerk, row.id, "已向居民解释", D0 + timedelta(days=5), outcome="explained")
    with db.session() as s:
        assert svc.answer_outcome(s, clerk, row.id) == "explained"
    assert svc.ANSWER_OUTCOMES == ("resolved", "explained", "not_responsible", "referred")


def test_names_match_full_pinyin_initials_and_characters() -> None:
    for query in ("huang", "HUANG", "huanglei", "lei", "hl", "黄", "磊", "黄磊", " huang "):
        assert matches("黄磊", query), query
    for query in ("wang", "uang", "hlx", "王"):
        assert not matches("黄磊", query), query
    assert matches("曾志伟", "zeng") and matches("曾志伟", "zzw")  # the surname's reading


@given(st.sampled_from(["张伟强", "李秀英", "欧阳娜娜", "单雄", "黄磊"]), st.integers(1, 3))
def test_every_prefix_of_the_spelling_matches(name: str, cut: int) -> None:
    from desktop.services.roster.name_match import _spelled

    spelled = "".join(_spelled(name))
    assert matches(name, spelled[: max(1, len(spelled) - cut)])
