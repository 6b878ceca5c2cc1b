"""Printed ballots: the vector QR on every rendered page decodes to the ballot's code; pages
paginate cleanly up to 40 options; the print log and test deck."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image

from desktop.db import Database
from desktop.reports import ballots as ballot_report
from desktop.services import polls
from desktop.services.permissions import Actor
from desktop.services.polls import ballots
from tests.unit.polls.helpers import make_poll


def _render(pdf: bytes, folder: Path, dpi: int = 150) -> list[Path]:
    src = folder / "ballots.pdf"
    src.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", str(dpi), "-png", str(src), str(folder / "page")], check=True)
    return sorted(folder.glob("page-*.png"))


def _decode(png: Path) -> list[str]:
    return sorted(r.text for r in zxingcpp.read_barcodes(Image.open(png)))


def _text(pdf: bytes, folder: Path) -> str:
    src = folder / "t.pdf"
    src.write_bytes(pdf)
    return subprocess.run(
        ["pdftotext", "-layout", str(src), "-"], capture_output=True, text=True, check=True
    ).stdout


@pytest.mark.parametrize("layout", ["a4", "a5x2"])
def test_qr_on_every_rendered_ballot_decodes(
    db: Database, clerk: Actor, tmp_path: Path, layout: str
) -> None:
    poll = make_poll(db, clerk, printed=0)
    with db.transaction() as s:
        pdf, first, last = ballot_report.print_ballots(s, clerk, poll.id, count=4, layout=layout)
    assert (first, last) == (1, 4)
    pages = _render(pdf, tmp_path)
    assert len(pages) == (4 if layout == "a4" else 2)
    decoded = [text for page in pages for text in _decode(page)]
    with db.session() as s:
        assert sorted(decoded) == sorted(ballots.qr_texts(s, poll.id, 1, 4))
        for text in decoded:  # each decodes to a ballot the entry screen accepts
            assert ballots.check_serial(s, poll.id, text).scanned
        log = polls.print_log(s, poll.id)
    assert [(entry.first_serial, entry.last_serial, entry.layout) for entry in log] == [
        (1, 4, layout)
    ]
    text = _text(pdf, tmp_path)
    assert "每张选票赞成不得超过10项" in text and "No. 0004" in text


def test_second_print_run_continues_serials(db: Database, clerk: Actor) -> None:
    poll = make_poll(db, clerk, printed=0)
    with db.transaction() as s:
        ballot_report.print_ballots(s, clerk, poll.id, count=3)
        _pdf, first, last = ballot_report.print_ballots(s, clerk, poll.id, count=2)
    assert (first, last) == (4, 5)


@pytest.mark.parametrize(
    ("n", "layout", "pages_per_ballot"), [(40, "a4", 1), (40, "a5x2", 2), (20, "a5x2", 1)]
)
def test_forty_candidates_paginate_cleanly(
    db: Database, clerk: Actor, tmp_path: Path, n: int, layout: str, pages_per_ballot: int
) -> None:
    poll = make_poll(db, clerk, n=n, quota=10, printed=0)
    with db.transaction() as s:
        pdf, _first, _last = ballot_report.print_ballots(s, clerk, poll.id, count=2, layout=layout)
    text = _text(pdf, tmp_path)
    for no in range(1, n + 1):  # every option printed exactly once per ballot
        assert text.count(poll.options[no - 1].title) >= 2
    pages = _render(pdf, tmp_path, dpi=120)
    sheets = 2 * pages_per_ballot if layout == "a4" else pages_per_ballot
    assert len(pages) == sheets
    decoded = [t for page in pages for t in _decode(page)]
    assert len(decoded) == 2 * pages_per_ballot  # the QR repeats on each page of a ballot
    if pages_per_ballot > 1:
        assert "第1页 共2页" in text and "第2页 共2页" in text


def test_sample_deck_pdf_has_watermark_and_t_serials(
    db: Database, clerk: Actor, tmp_path: Path
) -> None:
    poll = make_poll(db, clerk, open_it=False, printed=0)
    with db.transaction() as s:
        pdf = ballot_report.print_sample_deck(s, clerk, poll.id)
        log = polls.print_log(s, poll.id)
    assert log[-1].test_deck
    text = _text(pdf, tmp_path)
    assert text.count("样票") >= 5 and "No. T5" in text
    pages = _render(pdf, tmp_path, dpi=120)
    decoded = [t for page in pages for t in _decode(page)]
    assert [t.split("|")[2] for t in sorted(decoded, key=lambda t: t.split("|")[2])] == [
        "T1",
        "T2",
        "T3",
        "T4",
        "T5",
    ]


def test_tally_report_states_threshold_counts_and_hash_qr(
    db: Database, clerk: Actor, scrutineer: Actor, admin: Actor, tmp_path: Path
) -> None:
    from desktop.reports import tally_report
    from tests.unit.polls.helpers import enter

    poll = make_poll(db, clerk, printed=5, present=5, members_total=6)
    for serial in (1, 2, 3, 4):
        enter(db, clerk, poll.id, serial, {1: "for", 2: "for", 3: "against"})
    with db.transaction() as s:
        polls.close_voting(s, clerk, poll.id, issued=5)
        cert = polls.certify(s, scrutineer, poll.id, counters="李晓梅", scrutineers="陈志强")
        pdf = tally_report.tally_report_pdf(s, poll.id)
    text = _text(pdf, tmp_path)
    assert "计票结果报告单" in text
    assert "赞成票超过出席会议人员（5人）的二分之一，即至少3票" in text
    assert polls.short_code(cert.result_hash) in text
    assert "李晓梅" in text and "陈志强" in text
    decoded = [t for page in _render(pdf, tmp_path) for t in _decode(page)]
    assert decoded == [f"YSH1|{poll.short_id}|{cert.result_hash}"]
    with db.transaction() as s:
        fixed = polls.correct(
            s, admin, poll.id, serial=4, marks={}, void=True, void_reason="撕破", reason="原票破损"
        )
        supplement = tally_report.correction_supplement_pdf(s, poll.id)
    text = _text(supplement, tmp_path)
    assert "计票结果更正说明" in text and "原票破损" in text
    assert polls.short_code(fixed.result_hash) in text
