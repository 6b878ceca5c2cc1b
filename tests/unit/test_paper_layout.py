"""公文 papers (issue 18): a date or a number with its unit is never split across two lines,
the 落款/seal place never stands alone at the top of a page, and a long title is set on two
balanced lines instead of leaving a word or two on the second."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as hs
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, SimpleDocTemplate, Spacer

from desktop.db import Database
from desktop.reports import meeting_papers
from desktop.reports.fonts import register_cjk_font
from desktop.reports.wrap import balanced_title, keep_spans, keep_with_last
from desktop.services import meetings
from desktop.services.permissions import Actor
from tests.unit.meetings.fixtures import make_meeting

WIDTH = A4[0] - 50 * mm
#: The Paragraph the meeting papers are set with (before the fix: ReportLab's own).
PaperParagraph: Any = vars(meeting_papers)["Paragraph"]


def _style(size: float = 12) -> ParagraphStyle:
    font = register_cjk_font().name
    return ParagraphStyle("body", fontName=font, fontSize=size, leading=size * 1.7, wordWrap="CJK")


def _lines(paragraph: Any, width: float = WIDTH) -> list[str]:
    paragraph.wrap(width, 10_000)
    out = []
    for line in paragraph.blPara.lines:
        words = getattr(line, "words", None)
        if words is not None:
            out.append("".join(getattr(w, "text", "") for w in words))
        else:
            out.append("".join(line[1]))
    return out


SENTENCES = [
    "经研究，定于2026年12月6日上午九时在街道会议室召开会议，请准时出席。",
    "共征集项目建议15条，估算总投资1,562.00万元，发出选票36张，收回36张。",
    "本期已开展履职活动12次，接待群众128人次，满意率达到97.5%。",
    "根据解人工〔2026〕3号文件，2025年9月1日至2025年12月8日常态化征集。",
]


@pytest.mark.parametrize("sentence", SENTENCES)
def test_a_paper_paragraph_never_splits_a_date_or_a_number(sentence: str) -> None:
    """The report modules' Paragraph (ReportLab's own broke "2026年" / "12月6日")."""
    style = _style()
    for pad in range(0, 40):
        text = "甲" * pad + sentence
        lines = _lines(PaperParagraph(text, style))
        assert "".join(lines) == text  # nothing lost or doubled
        for start, end in keep_spans(text):
            run = text[start:end]
            assert any(run in line for line in lines), (pad, run, lines)


@settings(max_examples=60, deadline=None)
@given(
    hs.text(alphabet="街道人大代表会议意见建议群众，。", min_size=0, max_size=60),
    hs.integers(min_value=2000, max_value=2099),
    hs.integers(min_value=1, max_value=12),
    hs.integers(min_value=1, max_value=28),
    hs.integers(min_value=60, max_value=200),
)
def test_any_text_keeps_its_date_whole(
    before: str, year: int, month: int, day: int, width_mm: int
) -> None:
    date_text = f"{year}年{month}月{day}日"
    text = f"{before}{date_text}{before[::-1]}"
    lines = _lines(PaperParagraph(text, _style()), width_mm * mm)
    assert "".join(lines) == text
    assert any(date_text in line for line in lines)


class _Page(Flowable):  # type: ignore[misc]
    """Remembers the page it was drawn on."""

    def __init__(self, height: float, pages: dict[str, int], name: str) -> None:
        super().__init__()
        self.height, self.pages, self.name = height, pages, name

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return avail_width, self.height

    def draw(self) -> None:
        self.pages[self.name] = self.canv.getPageNumber()


def test_the_closing_block_takes_the_last_paragraph_with_it() -> None:
    pages: dict[str, int] = {}
    usable = A4[1] - 49 * mm
    story: list[Any] = [_Page(usable - 30 * mm, pages, "body")]
    story += [_Page(20 * mm, pages, "last"), Spacer(1, 6)]
    keep_with_last(story, [_Page(44 * mm, pages, "seal")])
    doc = SimpleDocTemplate(
        io.BytesIO(), pagesize=A4, topMargin=25 * mm, bottomMargin=24 * mm, showBoundary=0
    )
    doc.build(story)
    assert pages == {"body": 1, "last": 2, "seal": 2}


def test_a_long_title_is_set_on_two_balanced_lines() -> None:
    style = _style(18)
    title = "关于解放碑街道人大代表之家2026年第三季度履职活动情况的报告"
    lines = _lines(balanced_title(title, style, WIDTH))
    assert lines == ["关于解放碑街道人大代表之家", "2026年第三季度履职活动情况的报告"]
    notice = "关于召开解放碑街道第二届议事代表会议第六次会议的通知"
    first, second = _lines(balanced_title(notice, style, WIDTH))
    assert abs(len(first) - len(second)) <= 4 and "第六次" in second
    short = "关于2026年民生实事项目工作情况的报告"
    assert _lines(balanced_title(short, style, WIDTH)) == [short]
    very_long = "关于" + "解放碑街道人大代表之家" * 4 + "履职情况的报告"
    fitted = balanced_title(very_long, style, WIDTH)
    assert len(_lines(fitted)) == 2 and fitted.style.fontSize < 18


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler's pdftotext")
def test_the_notice_seal_place_never_stands_alone(
    db: Database, clerk: Actor, tmp_path: Path
) -> None:
    """A notice whose text fills page 1: the seal place (盖章处) goes to page 2 together with
    the last paragraph, so page 2 never starts with the seal alone."""
    mid = make_meeting(db, clerk)
    for lines in range(8, 30):
        text = "\n".join(
            f"第{n}项：请各位代表提前做好准备，认真审议有关材料。" for n in range(lines)
        )
        with db.transaction() as s:
            meetings.update_meeting(s, clerk, mid, notice_text=text)
        with db.session() as s:
            pdf = meeting_papers.notice_pdf(s, clerk, mid)
        path = tmp_path / f"notice{lines}.pdf"
        path.write_bytes(pdf)
        pages = subprocess.run(
            ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
        ).stdout.split("\f")
        seal_page = next(i for i, p in enumerate(pages) if "盖章处" in p)
        if seal_page == 0:
            continue
        body = pages[seal_page].split("盖章处")[0]
        assert "请各位代表提前十五分钟到场" in body, (lines, body)  # the notice's last paragraph
        return
    pytest.fail("no notice length pushed the seal place to page 2")
