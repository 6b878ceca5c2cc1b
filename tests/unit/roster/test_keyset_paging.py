"""Scrolling the representatives list reads each next page by key (name_sort, id): the same
rows, in the same order, as reading by position — however deep the list is scrolled."""

from __future__ import annotations

import pytest

from desktop.db import Database
from desktop.services import roster
from desktop.services.permissions import Actor
from tests.unit.roster.helpers import id_number, setup_roster

NAMES = ["张伟", "王芳", "李娜", "刘洋", "陈静", "杨磊", "黄勇", "赵敏", "吴杰", "周涛", "徐丽"]


@pytest.mark.parametrize("descending", [False, True])
def test_pages_by_key_equal_pages_by_position(db: Database, clerk: Actor, descending: bool) -> None:
    c = setup_roster(db, clerk)
    with db.transaction() as s:
        for n in range(33):  # duplicates of each name: ties are broken by id
            roster.save_representative(
                s,
                clerk,
                roster.RepresentativeForm(
                    name=NAMES[n % len(NAMES)],
                    community_id=c["较场口社区"],
                    id_number=id_number(n + 10),
                ),
            )
    flt = roster.RepresentativeFilter()
    sort = ("name", descending)
    with db.session() as s:
        everyone = roster.list_representatives(s, clerk, flt, 0, 1000, sort)
        pages = roster.list_representatives(s, clerk, flt, 0, 7, sort)
        while True:
            last = pages[-1]
            more = roster.list_representatives(
                s, clerk, flt, 0, 7, sort, after=(last.name_sort, last.id)
            )
            if not more:
                break
            pages += more
    assert [r.id for r in pages] == [r.id for r in everyone]
    assert len(everyone) >= 33
