"""Helpers for roster tests: a term with communities, and xlsx files written in a test."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

from openpyxl import Workbook

from desktop.db import Database
from desktop.services import roster
from desktop.services.permissions import Actor

COMMUNITIES = ("较场口社区", "七星岗社区", "解放碑社区")
REP_HEADERS = ["姓名", "性别", "身份证号", "所属社区", "界别", "联系电话", "任职日期"]


def setup_roster(db: Database, actor: Actor) -> dict[str, str]:
    with db.transaction() as s:
        roster.open_first_term(s, actor, name="第一届", started_on=date(2022, 1, 1))
        return {
            name: roster.save_community(s, actor, name=name, sort_order=i).id
            for i, name in enumerate(COMMUNITIES)
        }


def id_number(seq: int, birth: str = "19800101") -> str:
    from desktop.services.validators import id_check_digit

    first17 = f"500103{birth}{seq % 1000:03d}"
    return first17 + id_check_digit(first17)


def write_xlsx(path: Path, rows: Iterable[Iterable[Any]], sheet: str = "议事代表") -> Path:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = sheet
    for row in rows:
        ws.append(list(row))
    wb.save(path)
    return path
