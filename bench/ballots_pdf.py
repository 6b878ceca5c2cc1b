"""Benchmark: 500 ballots × 12 candidates as one PDF.

Measured: ``desktop.reports.ballots.render_ballots`` (A4, vector QR per ballot, shared page
content as a form XObject) against a bare ReportLab loop drawing the same text on every page
plus a ``qrcode`` PNG image per page, in the same run. Goal: ratio ≤ 1.2. Also prints the
bytes per page of both.

    .venv/bin/python bench/ballots_pdf.py
"""

from __future__ import annotations

import hashlib
import io
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import qrcode
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from desktop.reports.ballots import BallotSheet, _instructions, render_ballots
from desktop.reports.fonts import register_cjk_font
from desktop.services.polls import OptionView, PollView

BALLOTS = 500
ROUNDS = 3
TITLES = [
    "较场口社区老旧小区加装电梯",
    "七星岗社区背街小巷路面整治",
    "解放碑步行街公共厕所改造",
    "大井巷社区适老化改造",
    "民生路口人行道无障碍改造",
    "十八梯片区消防通道疏通",
    "社区食堂助餐点建设",
    "青年路停车位增设",
    "五一路雨污分流改造",
    "山城巷社区健身步道",
    "白象街社区儿童游乐场",
    "和平路路灯智能化改造",
]
HEADING = "解放碑街道第一届议事代表会议第三次会议"


def make_poll() -> PollView:
    options = tuple(
        OptionView(
            i + 1, t, "", 1_200_000 if i % 3 == 0 else None, "街道城管办" if i % 2 == 0 else ""
        )
        for i, t in enumerate(TITLES)
    )
    return PollView(
        "0193a1b2-0000-7000-8000-000000000001",
        "K7M2QX",
        "2027年民生实事项目票决",
        "selection",
        "open",
        10,
        (),
        (),
        "present",
        "1/2",
        True,
        40,
        36,
        0,
        BALLOTS,
        False,
        None,
        None,
        HEADING,
        options,
    )


def sheets() -> list[BallotSheet]:
    out = []
    for serial in range(1, BALLOTS + 1):
        mac = hashlib.sha256(f"k|{serial}".encode()).hexdigest()[:10]
        out.append(BallotSheet(str(serial), f"YS1|K7M2QX|{serial}|{mac}"))
    return out


def baseline(poll: PollView, items: list[BallotSheet], font: str) -> bytes:
    """The bare loop: every string drawn on every page, a qrcode PNG image per page."""
    buffer = io.BytesIO()
    c = Canvas(buffer, pagesize=A4, pageCompression=1)
    lines = _instructions(poll)
    for sheet in items:
        c.setFont(font, 11.5)
        c.drawCentredString(297, 800, HEADING)
        c.setFont(font, 18)
        c.drawCentredString(297, 770, poll.title + "选票")
        c.setFont(font, 10.5)
        y = 745
        for line in lines:
            c.drawString(51, y, line)
            y -= 15
        y -= 10
        for header, x in (
            ("序号", 60),
            ("候选项目", 200),
            ("赞成", 420),
            ("反对", 466),
            ("弃权", 512),
        ):
            c.drawString(x, y, header)
        for option in poll.options:
            y -= 30
            c.drawString(60, y, str(option.no))
            c.drawString(82, y, option.title)
            for x in (420, 466, 512):
                c.rect(x, y - 2, 13, 13)
        c.drawString(51, 90, f"票决代码：{poll.short_id}")
        c.drawString(51, 53, "投票后请将选票投入票箱。选票编号仅用于计票核对，与投票人无关。")
        c.drawRightString(470, 80, f"选票编号  No. {int(sheet.label):04d}")
        image = qrcode.make(sheet.qr, border=2).get_image()
        c.drawImage(ImageReader(image), 480, 51, 64, 64)
        c.showPage()
    c.save()
    return buffer.getvalue()


def main() -> None:
    font = register_cjk_font().name
    poll = make_poll()
    items = sheets()
    render_ballots(poll, items[:2], heading=HEADING)  # warm the font cache
    baseline(poll, items[:2], font)
    ours_t, base_t = [], []
    ours_pdf = base_pdf = b""
    for _ in range(ROUNDS):
        start = time.perf_counter()
        ours_pdf = render_ballots(poll, items, heading=HEADING)
        ours_t.append(time.perf_counter() - start)
        start = time.perf_counter()
        base_pdf = baseline(poll, items, font)
        base_t.append(time.perf_counter() - start)
    ours, base = statistics.median(ours_t), statistics.median(base_t)
    print(f"ballots: {BALLOTS} × {len(poll.options)} candidates, A4, median of {ROUNDS} rounds")
    print(
        f"yishi render_ballots (vector QR):    {ours:.3f} s, {len(ours_pdf) / BALLOTS:,.0f} bytes/page"
    )
    print(
        f"bare ReportLab + qrcode PNG baseline: {base:.3f} s, {len(base_pdf) / BALLOTS:,.0f} bytes/page"
    )
    print(f"ratio (yishi / baseline): {ours / base:.2f}  (goal ≤ 1.2)")


if __name__ == "__main__":
    main()
