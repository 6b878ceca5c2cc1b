"""一人一档: the archive of one deputy, as data and as a PDF an inspector reads (pypdf), with
every section present and its counts right; the contact rule is a setting."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from pypdf import PdfReader

from desktop.db import Database
from desktop.reports import archive_papers
from desktop.services.archives import archive
from desktop.services.archives import settings as archive_settings
from desktop.services.permissions import Actor
from desktop.services.roster import deputies as rd
from tests.unit.archives.helpers import TODAY, YEAR, build


def _contacts(db: Database, actor: Actor, deputy: str, n: int) -> list[str]:
    names = ["张桂兰", "刘德明", "赵淑芬", "孙建国", "周玉梅", "吴海涛"]
    with db.transaction() as s:
        return [
            rd.save_contact(
                s,
                actor,
                rd.ContactForm(
                    deputy_id=deputy, name=names[i], phone=f"1380013{i:04d}", since=date(YEAR, 1, 5)
                ),
            ).id
            for i in range(n)
        ]


def test_archive_pdf_has_every_section_with_the_right_counts(
    db: Database, admin: Actor, tmp_path: Path
) -> None:
    ex = build(db, admin)
    ids = _contacts(db, admin, ex.zhou, 4)
    with db.transaction() as s:
        archive.set_vulnerable(s, admin, ids[1], True)
    with db.session() as s:
        a = archive.build(s, ex.zhou, today=TODAY)
        pdf = archive_papers.deputy_archive(s, admin, tmp_path / "档案.pdf", ex.zhou, today=TODAY)
    assert (len(a.contacts), a.vulnerable_contacts, a.contacts_required, a.contacts_short) == (
        4,
        1,
        5,
        True,
    )
    assert len(a.activities) == 18
    assert [y.year for y in a.years] == [YEAR] and a.years[0].total == 67
    assert a.years[0].training_days == 3 and not a.years[0].training_short

    text = "".join(page.extract_text() for page in PdfReader(pdf).pages).replace("\n", "")
    for title in archive_papers.SECTIONS:
        assert title in text
    assert "二、固定联系选民（共4人，其中弱势群体1人；应联系5人，不足）" in text
    assert "三、履职活动（共18次）" in text
    assert "四、出席会议（出席4次，请假0次，缺席0次）" in text
    assert "五、意见建议（提出5条，办结3条）" in text
    assert "六、学习培训（每年应集中学习培训3—5天）" in text
    assert "七、述职评议（共1次）" in text
    assert "八、履职积分（1个年度）" in text
    assert "默认积分规则" in text and "接待选民 接待12×3=30（封顶）" in text

    with db.session() as s:
        li = archive.build(s, ex.li, today=TODAY)
        li_pdf = archive_papers.deputy_archive(s, admin, tmp_path / "李.pdf", ex.li, today=TODAY)
    li_text = "".join(p.extract_text() for p in PdfReader(li_pdf).pages).replace("\n", "")
    assert "四、出席会议（出席2次，请假1次，缺席2次）" in li_text
    assert "五、意见建议（提出25条，办结10条）" in li_text
    assert li.years[0].training_short


def test_contact_rule_is_a_setting(db: Database, admin: Actor) -> None:
    ex = build(db, admin)
    _contacts(db, admin, ex.zhou, 5)
    with db.session() as s:
        assert [x.name for x in archive.contact_shortfalls(s)] == ["李秀英", "王建华"]
        rows = {
            r.name: r for r in rd.list_deputies(s, admin, rd.DeputyFilter(short_of_contacts=True))
        }
        assert set(rows) == {"李秀英", "王建华"}
    with db.transaction() as s:
        archive_settings.update(s, admin, archive_settings.ArchiveSettings(contacts_direct=10))
    with db.session() as s:
        short = {x.name: (x.have, x.required) for x in archive.contact_shortfalls(s)}
        assert short == {"周敏": (5, 10), "李秀英": (0, 10), "王建华": (0, 10)}
        rows = {
            r.name: r for r in rd.list_deputies(s, admin, rd.DeputyFilter(short_of_contacts=True))
        }
        assert set(rows) == {"周敏", "李秀英", "王建华"}
        assert rows["周敏"].contacts_required == 10
