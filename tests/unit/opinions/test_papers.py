"""Opinion papers: transfer letter QR decodes to the record; masking per role in PDFs."""

from __future__ import annotations

import subprocess
from datetime import date, timedelta
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image
from pypdf import PdfReader

from desktop.db import Database
from desktop.errors import ConflictError
from desktop.reports import opinion_papers
from desktop.services import opinions as svc
from desktop.services.permissions import Actor

D0 = date(2025, 4, 1)


def _text(path: Path) -> str:
    return "".join(page.extract_text() or "" for page in PdfReader(path).pages)


def _assigned(db: Database, clerk: Actor) -> str:
    with db.transaction() as s:
        row = svc.register(
            s,
            clerk,
            svc.OpinionInput(
                received_on=D0,
                content="临江门菜市场周边占道经营严重，早高峰行人只能走机动车道。",
                resident_name="周建华",
                resident_phone="13512345678",
                resident_address="临江路66号4单元302",
                category="transport.parking",
                location="临江门菜市场",
                is_public=True,
            ),
        )
        svc.assign(s, clerk, row.id, svc.Assignment("区城管局", D0 + timedelta(days=1), "刘明"))
        return row.id


def test_transfer_letter_qr_and_masking(
    db: Database, clerk: Actor, viewer: Actor, tmp_path: Path
) -> None:
    oid = _assigned(db, clerk)
    with db.session() as s:
        opinion_papers.transfer_letter(s, clerk, oid, tmp_path / "clerk.pdf")
        opinion_papers.transfer_letter(s, viewer, oid, tmp_path / "viewer.pdf")
    clerk_text = _text(tmp_path / "clerk.pdf")
    viewer_text = _text(tmp_path / "viewer.pdf")
    assert "群众意见建议转办函" in clerk_text and "区城管局" in clerk_text
    assert "13512345678" in clerk_text and "66号" in clerk_text
    assert "13512345678" not in viewer_text and "135****5678" in viewer_text
    assert "66号" not in viewer_text
    subprocess.run(
        [
            "pdftoppm",
            "-r",
            "150",
            "-png",
            "-f",
            "1",
            "-l",
            "1",
            str(tmp_path / "clerk.pdf"),
            str(tmp_path / "p"),
        ],
        check=True,
    )
    (png,) = tmp_path.glob("p*.png")
    codes = zxingcpp.read_barcodes(Image.open(png))
    texts = [c.text for c in codes]
    assert texts == [svc.qr_text("500103001000", oid)]
    assert svc.parse_qr(texts[0]) == oid
    with db.session() as s:
        rows = svc.query_page(s, clerk, svc.OpinionFilter(text=texts[0]), 0, 10)
    assert [r.id for r in rows] == [oid]  # scanning the letter in the search box finds it


def test_transfer_letter_needs_an_assignment(db: Database, clerk: Actor, tmp_path: Path) -> None:
    with db.transaction() as s:
        row = svc.register(
            s, clerk, svc.OpinionInput(received_on=D0, content="建议", resident_name="甲")
        )
    with db.session() as s, pytest.raises(ConflictError):
        opinion_papers.transfer_letter(s, clerk, row.id, tmp_path / "x.pdf")


def test_publication_sheet_masks_everyone(
    db: Database, clerk: Actor, admin: Actor, tmp_path: Path
) -> None:
    oid = _assigned(db, clerk)
    private = _assigned(db, clerk)
    with db.transaction() as s:
        for i in (oid, private):
            svc.answer(s, clerk, i, "已组织联合执法清理占道摊点", D0 + timedelta(days=8))
            svc.close(s, clerk, i, "resolved", D0 + timedelta(days=9))
        svc.set_public(s, clerk, private, False)
    with db.session() as s:
        path, count = opinion_papers.publication_sheet(
            s, admin, tmp_path / "pub.pdf", D0, D0 + timedelta(days=30)
        )
    text = _text(path)
    assert count == 1
    assert "周**" in text and "周建华" not in text
    assert "1351" not in text and "66号" not in text
    assert "已组织联合执法" in text


def test_monthly_report_masks_per_role(
    db: Database, clerk: Actor, viewer: Actor, tmp_path: Path
) -> None:
    _assigned(db, clerk)
    with db.session() as s:
        opinion_papers.monthly_report(s, clerk, tmp_path / "c.pdf", 2025, 4, today=date(2025, 6, 1))
        opinion_papers.monthly_report(
            s, viewer, tmp_path / "v.pdf", 2025, 4, today=date(2025, 6, 1)
        )
    c, v = _text(tmp_path / "c.pdf"), _text(tmp_path / "v.pdf")
    assert "月度报告" in c and "13512345678" in c and "超期" in c
    assert "13512345678" not in v and "135****5678" in v
