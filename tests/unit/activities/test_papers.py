"""The station report (公文 layout), the yearly summary, the month rota and the poster whose
履职码 a phone reads as the station's contact and the station PC as the station."""

from __future__ import annotations

import subprocess
from datetime import date
from pathlib import Path

import zxingcpp
from PIL import Image

from desktop.db import Database
from desktop.reports import activity_papers
from desktop.services import cards
from desktop.services.activities import records, rota, scan, summary
from desktop.services.permissions import Actor
from tests.unit.activities.helpers import Place, setup_places

TODAY = date(2026, 7, 5)


def _text(pdf: Path) -> str:
    out = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True)
    return out.stdout.replace(" ", "").replace("\n", "")


def _seed(db: Database, actor: Actor, place: Place) -> None:
    with db.transaction() as s:
        first = records.record(
            s,
            actor,
            records.ActivityInput(
                kind="接待选民",
                held_on=date(2026, 6, 10),
                start_time="09:00",
                end_time="11:30",
                station_id=place.station,
                residents=23,
                summary="接待群众反映加装电梯问题。",
                participants=(
                    records.Participant(place.deputies[0], "deputy", "host"),
                    records.Participant(place.deputies[1], "deputy", "receiver"),
                ),
            ),
            today=TODAY,
        )
        records.record(
            s,
            actor,
            records.ActivityInput(
                kind="视察",
                held_on=date(2026, 4, 2),
                station_id=place.station,
                residents=5,
                participants=(records.Participant(place.deputies[2], "deputy"),),
            ),
            today=TODAY,
        )
        records.register_opinion(s, actor, first.id, content="建议加装电梯", resident_name="张大爷")


def test_station_report_quarter_and_month(db: Database, clerk: Actor, tmp_path: Path) -> None:
    place = setup_places(db, clerk)
    _seed(db, clerk, place)
    with db.session() as s:
        rep = summary.station_report(s, place.station, 2026, quarter=2, today=TODAY)
        assert (len(rep.activities), rep.residents, rep.deputies, len(rep.opinions)) == (
            2,
            28,
            3,
            1,
        )
        assert rep.title_period == "2026年第二季度"
        pdf = activity_papers.station_report(
            s, clerk, tmp_path / "q2.pdf", place.station, 2026, quarter=2, today=TODAY
        )
        month = summary.station_report(s, place.station, 2026, month=4, today=TODAY)
    assert len(month.activities) == 1
    text = _text(pdf)
    assert "解放碑街道人大工委" in text
    assert "关于较场口社区代表联络站2026年第二季度履职活动情况的报告" in text
    assert "共开展履职活动2次" in text and "收集意见建议1条" in text
    assert "建议加装电梯" in text and "已登记" in text
    assert "2026年7月5日" in text


def test_year_summary(db: Database, clerk: Actor, tmp_path: Path) -> None:
    place = setup_places(db, clerk)
    _seed(db, clerk, place)
    with db.session() as s:
        ys = summary.year_summary(s, place.station, 2026, today=TODAY)
        pdf = activity_papers.year_summary(
            s, clerk, tmp_path / "y.pdf", place.station, 2026, today=TODAY
        )
    assert ys.by_type == (("接待选民", 1), ("视察", 1))
    assert ys.by_month[3] == 1 and ys.by_month[5] == 1
    assert (ys.residents, ys.opinions_raised, ys.opinions_closed) == (28, 1, 0)
    assert "2026年度履职情况汇总" in _text(pdf)


def test_month_rota_pdf(db: Database, clerk: Actor, tmp_path: Path) -> None:
    place = setup_places(db, clerk)
    with db.transaction() as s:
        rota.save_rule(
            s, clerk, rota.RuleInput(place.station, "weekly", 3, "am", place.deputies[:2])
        )
    with db.session() as s:
        pdf = activity_papers.month_rota(s, clerk, tmp_path / "rota.pdf", 2026, 7, today=TODAY)
    text = _text(pdf)
    assert "2026年7月人大代表接待选民日安排表" in text
    assert text.count("星期三") == 5  # 1, 8, 15, 22, 29 July 2026
    assert "周敏、王建华" in text


def test_poster_code_is_the_station_for_phone_and_pc(
    db: Database, clerk: Actor, tmp_path: Path
) -> None:
    place = setup_places(db, clerk)
    with db.transaction() as s:
        rota.save_rule(s, clerk, rota.RuleInput(place.station, "monthly", 10, "am"))
    with db.session() as s:
        pdf = activity_papers.station_poster(s, clerk, tmp_path / "poster.pdf", place.station)
    subprocess.run(["pdftoppm", "-r", "100", "-png", str(pdf), str(tmp_path / "p")], check=True)
    (png,) = sorted(tmp_path.glob("p*.png"))
    (decoded,) = [r.text for r in zxingcpp.read_barcodes(Image.open(png))]
    contact = cards.parse_mecard(decoded)
    assert contact["N"] == "较场口社区代表联络站"
    assert "接待日 每月10日上午" in contact["NOTE"]
    with db.session() as s:
        assert scan.station_of_code(s, decoded) == place.station
    assert "人大代表履职码" in _text(pdf)
