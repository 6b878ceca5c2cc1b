"""Paper ballots (选票): A4, or A5 two-up on A4 landscape with cut marks.

Every printed ballot carries its serial and the QR ``YS1|<poll short id>|<serial>|<mac>``
drawn as vectors (:mod:`desktop.reports.qr`). The part of a page that is the same on every
ballot (headings, instructions, the table of options) is drawn once into a PDF form
XObject and placed on each page, so 500 ballots stay small and quick to print; only the
serial and the QR differ per page.

Up to 40 options: rows shrink to a minimum height, then the ballot continues on a further
page (the heading, the column titles, the serial and the QR repeat on each page, marked
第1页 共2页). Test-deck ballots (样票) carry a diagonal watermark and their pre-drawn marks.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from sqlalchemy.orm import Session

from desktop.reports.fonts import register_cjk_font
from desktop.reports.qr import draw_qr_path
from desktop.services import polls as poll_service
from desktop.services.permissions import Actor
from desktop.services.polls import PollView
from desktop.services.polls import ballots as ballot_service

LAYOUTS = ("a4", "a5x2")
GREY = colors.HexColor("#555555")
LIGHT = colors.HexColor("#f0f0f0")


@dataclass(frozen=True)
class BallotSheet:
    """One ballot to print: its serial label, its QR text and (test deck) its marks."""

    label: str
    qr: str
    marks: dict[int, str] | None = None
    note: str = ""


@dataclass(frozen=True)
class _Geometry:
    width: float  # of one ballot (an A4 page, or one A5 half)
    height: float
    margin: float
    title_size: float
    text_size: float
    qr_size: float
    min_row: float
    max_row: float


GEOMETRY = {
    "a4": _Geometry(A4[0], A4[1], 18 * mm, 18, 10.5, 64, 13, 30),
    "a5x2": _Geometry(A4[1] / 2, A4[0], 12 * mm, 14, 9, 54, 14.5, 26),
}


@dataclass
class _Plan:
    """Where everything goes on one ballot page (same for every ballot of a poll)."""

    columns: list[tuple[str, str]]  # (header, mark value)
    pages: list[list[int]]  # option numbers per page
    row_height: float
    table_top: float
    name_width: float
    box_width: float
    instructions: list[str] = field(default_factory=list)


def _columns(poll: PollView) -> list[tuple[str, str]]:
    if poll.kind == "rating":
        return [(level, level) for level in poll.levels]
    return [("赞成", "for"), ("反对", "against"), ("弃权", "abstain")]


def _instructions(poll: PollView) -> list[str]:
    if poll.kind == "selection":
        k = poll.quota or 0
        return [
            f"1. 本次应选{k}项，每张选票赞成不得超过{k}项，超过{k}项的为废票。",
            "2. 请在每项后的“赞成”“反对”“弃权”中选一栏画“✓”；不画或无法辨认的视为弃权。",
            "3. 请用黑色或蓝色笔填写，不得在选票上作其他标记。",
        ]
    if poll.kind == "motion":
        return [
            "1. 请对每一项在“赞成”“反对”“弃权”中选一栏画“✓”；不画或无法辨认的视为弃权。",
            "2. 请用黑色或蓝色笔填写，不得在选票上作其他标记。",
        ]
    levels = "”“".join(poll.levels)
    return [
        f"1. 请对每个测评对象在“{levels}”中选一栏画“✓”；不画或无法辨认的视为弃权。",
        "2. 请用黑色或蓝色笔填写，不得在选票上作其他标记。",
    ]


def _wrap(text: str, font: str, size: float, width: float) -> list[str]:
    lines, line = [], ""
    for char in text:
        if stringWidth(line + char, font, size) > width and line:
            lines.append(line)
            line = char
        else:
            line += char
    return [*lines, line] if line else lines


def _plan(poll: PollView, geo: _Geometry, font: str) -> _Plan:
    inner = geo.width - 2 * geo.margin
    instructions: list[str] = []
    for text in _instructions(poll):
        instructions += _wrap(text, font, geo.text_size, inner)
    header = geo.title_size * 1.6 + geo.text_size * 2.2 + len(instructions) * geo.text_size * 1.45
    table_top = geo.height - geo.margin - header - 8
    footer = geo.qr_size + 14
    available = table_top - geo.margin - footer - geo.text_size * 2  # minus column titles
    columns = _columns(poll)
    box_width = 46.0 if poll.kind != "rating" else min(56.0, (inner * 0.5) / len(columns))
    nos = [o.no for o in poll.options]
    per_page = max(1, int(available // geo.min_row))
    pages_needed = -(-len(nos) // per_page)
    per_page = -(-len(nos) // pages_needed)
    row_height = max(geo.min_row, min(geo.max_row, available / per_page))
    pages = [nos[i : i + per_page] for i in range(0, len(nos), per_page)]
    name_width = inner - 26 - box_width * len(columns)
    return _Plan(columns, pages, row_height, table_top, name_width, box_width, instructions)


def _fit(text: str, font: str, size: float, width: float, min_size: float = 7) -> tuple[str, float]:
    while size > min_size and stringWidth(text, font, size) > width:
        size -= 0.5
    if stringWidth(text, font, size) <= width:
        return text, size
    while text and stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text + "…", size


def _draw_static(
    c: Canvas, poll: PollView, geo: _Geometry, plan: _Plan, page: int, font: str, heading: str
) -> None:
    """Everything on a ballot page that does not depend on the serial."""
    m = geo.margin
    inner = geo.width - 2 * m
    top = geo.height - m
    c.setFillColor(colors.black)
    if heading:
        text, size = _fit(heading, font, geo.text_size + 1, inner)
        c.setFont(font, size)
        c.drawCentredString(geo.width / 2, top - size, text)
    title = poll.title if poll.title.endswith("票") else f"{poll.title}选票"
    text, size = _fit(title, font, geo.title_size, inner)
    c.setFont(font, size)
    y = top - geo.text_size * 2.2 - size
    c.drawCentredString(geo.width / 2, y, text)
    c.setFont(font, geo.text_size)
    y -= geo.title_size * 0.6
    for line in plan.instructions:
        y -= geo.text_size * 1.45
        c.drawString(m, y, line)
    # the table
    nos = plan.pages[page]
    x_no, x_name = m, m + 26
    x_boxes = m + 26 + plan.name_width
    head_h = geo.text_size * 2
    y0 = plan.table_top
    c.setFillColor(LIGHT)
    c.rect(m, y0 - head_h, inner, head_h, stroke=0, fill=1)
    c.setFillColor(colors.black)
    c.setFont(font, geo.text_size)
    label = {"selection": "候选项目", "motion": "表决事项", "rating": "测评对象"}[poll.kind]
    c.drawCentredString(x_no + 13, y0 - head_h + geo.text_size * 0.7, "序号")
    c.drawCentredString(x_name + plan.name_width / 2, y0 - head_h + geo.text_size * 0.7, label)
    for i, (header, _value) in enumerate(plan.columns):
        cx = x_boxes + plan.box_width * (i + 0.5)
        text, size = _fit(header, font, geo.text_size, plan.box_width - 4)
        c.setFont(font, size)
        c.drawCentredString(cx, y0 - head_h + geo.text_size * 0.7, text)
    options = {o.no: o for o in poll.options}
    rh = plan.row_height
    detail = rh >= 24
    y = y0 - head_h
    for no in nos:
        option = options[no]
        c.setFont(font, geo.text_size)
        c.drawCentredString(x_no + 13, y - rh / 2 - geo.text_size * 0.35, str(no))
        name_size = geo.text_size + (0.5 if detail else 0)
        if detail and (option.department or option.estimated_cost):
            text, size = _fit(option.title, font, name_size, plan.name_width - 8)
            c.setFont(font, size)
            c.drawString(x_name + 4, y - rh * 0.45, text)
            parts = []
            if option.department:
                parts.append(f"实施单位：{option.department}")
            if option.estimated_cost:
                parts.append(f"估算投资：{option.estimated_cost / 10000:g}万元")
            text, size = _fit("；".join(parts), font, geo.text_size - 2, plan.name_width - 8, 6)
            c.setFont(font, size)
            c.setFillColor(GREY)
            c.drawString(x_name + 4, y - rh * 0.85, text)
            c.setFillColor(colors.black)
        else:
            text, size = _fit(option.title, font, name_size, plan.name_width - 8)
            c.setFont(font, size)
            c.drawString(x_name + 4, y - rh / 2 - size * 0.35, text)
        box = min(rh - 5, 13)
        for i in range(len(plan.columns)):
            cx = x_boxes + plan.box_width * (i + 0.5)
            c.rect(cx - box / 2, y - rh / 2 - box / 2, box, box, stroke=1, fill=0)
        y -= rh
    # grid
    c.setLineWidth(0.6)
    bottom = y
    c.rect(m, bottom, inner, y0 - bottom, stroke=1, fill=0)
    c.setLineWidth(0.3)
    row_y = y0 - head_h
    c.line(m, row_y, m + inner, row_y)
    for _ in nos[:-1]:
        row_y -= rh
        c.line(m, row_y, m + inner, row_y)
    for x in (
        x_name,
        x_boxes,
        *(x_boxes + plan.box_width * i for i in range(1, len(plan.columns))),
    ):
        c.line(x, y0, x, bottom)
    c.setLineWidth(1)
    # footer text that is the same on every ballot
    c.setFont(font, geo.text_size - 1)
    c.setFillColor(GREY)
    pages = len(plan.pages)
    page_text = f"第{page + 1}页 共{pages}页" if pages > 1 else ""
    c.drawString(m, m + geo.qr_size - geo.text_size, f"票决代码：{poll.short_id}  {page_text}")
    c.drawString(m, m + 2, "投票后请将选票投入票箱。选票编号仅用于计票核对，与投票人无关。")
    c.setFillColor(colors.black)


def _draw_marks(c: Canvas, geo: _Geometry, plan: _Plan, page: int, marks: dict[int, str]) -> None:
    """Pre-drawn ✓ marks of a test-deck ballot."""
    m = geo.margin
    x_boxes = m + 26 + plan.name_width
    y = plan.table_top - geo.text_size * 2
    values = [value for _header, value in plan.columns]
    c.setLineWidth(1.6)
    for no in plan.pages[page]:
        mark = marks.get(no)
        if mark in values:
            cx = x_boxes + plan.box_width * (values.index(mark) + 0.5)
            cy = y - plan.row_height / 2
            c.line(cx - 5, cy, cx - 1.5, cy - 4)
            c.line(cx - 1.5, cy - 4, cx + 6, cy + 6)
        y -= plan.row_height
    c.setLineWidth(1)


def _draw_watermark(c: Canvas, geo: _Geometry, font: str) -> None:
    c.saveState()
    c.setFillColor(colors.HexColor("#d04040"))
    c.setFillAlpha(0.22)
    c.translate(geo.width / 2, geo.height / 2)
    c.rotate(35)
    c.setFont(font, geo.width / 3.2)
    c.drawCentredString(0, -geo.width / 10, "样票")
    c.restoreState()


def _draw_serial(c: Canvas, geo: _Geometry, sheet: BallotSheet, font: str) -> None:
    m = geo.margin
    size = geo.qr_size
    x = geo.width - m - size
    draw_qr_path(c, sheet.qr, x, m, size)
    c.setFont(font, geo.text_size + 2)
    label = sheet.label if sheet.label.startswith("T") else f"{int(sheet.label):04d}"
    c.drawRightString(x - 6, m + size / 2 - 4, f"选票编号  No. {label}")
    if sheet.note:
        c.setFont(font, geo.text_size - 1)
        c.drawRightString(x - 6, m + size / 2 - geo.text_size - 8, f"样票：{sheet.note}")


def _cut_marks(c: Canvas) -> None:
    w, h = landscape(A4)
    c.saveState()
    c.setLineWidth(0.4)
    c.setStrokeColor(GREY)
    c.setDash(3, 3)
    c.line(w / 2, 0, w / 2, h)
    c.setDash()
    c.setLineWidth(0.8)
    for y in (0, h):
        c.line(w / 2, y, w / 2, y + (6 * mm if y == 0 else -6 * mm))
    c.restoreState()


def render_ballots(
    poll: PollView,
    sheets: Sequence[BallotSheet],
    *,
    layout: str = "a4",
    heading: str = "",
    test: bool = False,
    font_path: str = "",
    progress: Callable[[int, int], None] | None = None,
) -> bytes:
    """The PDF of ``sheets`` (one ballot each) for ``poll``. ``progress(done, total)`` is
    called after each ballot (it may raise to cancel)."""
    if layout not in LAYOUTS:
        raise ValueError(layout)
    font = register_cjk_font(font_path).name
    geo = GEOMETRY[layout]
    plan = _plan(poll, geo, font)
    buffer = io.BytesIO()
    page_size = A4 if layout == "a4" else landscape(A4)
    c = Canvas(buffer, pagesize=page_size, pageCompression=1)
    c.setTitle(f"{poll.title} 选票" + ("（样票）" if test else ""))
    c.setAuthor("议事通")
    c.setCreator("Yishi")
    forms = []
    for page in range(len(plan.pages)):
        name = f"ballot_page_{page}"
        c.beginForm(name, 0, 0, geo.width, geo.height)
        _draw_static(c, poll, geo, plan, page, font, heading)
        c.endForm()
        forms.append(name)
    slot = 0
    for done, sheet in enumerate(sheets, 1):
        for page, form in enumerate(forms):
            if layout == "a5x2":
                if slot == 0:
                    _cut_marks(c)
                c.saveState()
                c.translate(slot * geo.width, 0)
            c.doForm(form)
            if sheet.marks is not None:
                _draw_marks(c, geo, plan, page, sheet.marks)
            if test:
                _draw_watermark(c, geo, font)
            _draw_serial(c, geo, sheet, font)
            if layout == "a5x2":
                c.restoreState()
                slot += 1
                if slot == 2:
                    c.showPage()
                    slot = 0
            else:
                c.showPage()
        if progress is not None:
            progress(done, len(sheets))
    if layout == "a5x2" and slot:
        c.showPage()
    c.save()
    return buffer.getvalue()


def _heading(session: Session, poll: PollView) -> str:
    if poll.meeting_title:
        return poll.meeting_title
    from desktop.services.street import current

    street = current(session)
    return street.name if street else ""


@dataclass(frozen=True)
class PrintJob:
    """Everything needed to render a print run away from the database (e.g. off the GUI
    thread); :func:`desktop.services.polls.log_print` records it once the PDF is made."""

    poll: PollView
    sheets: tuple[BallotSheet, ...]
    heading: str
    first: int

    def render(
        self,
        *,
        layout: str = "a4",
        font_path: str = "",
        progress: Callable[[int, int], None] | None = None,
    ) -> bytes:
        return render_ballots(
            self.poll,
            self.sheets,
            layout=layout,
            heading=self.heading,
            font_path=font_path,
            progress=progress,
        )


def plan_print(session: Session, poll_id: str, count: int) -> PrintJob:
    """The next ``count`` serials of a poll and their QR codes (nothing is written)."""
    poll = poll_service.get_poll(session, poll_id)
    first = poll_service.next_serial(session, poll_id)
    last = first + count - 1
    texts = ballot_service.qr_texts(session, poll_id, first, last)
    sheets = tuple(
        BallotSheet(str(serial), text)
        for serial, text in zip(range(first, last + 1), texts, strict=True)
    )
    return PrintJob(poll, sheets, _heading(session, poll), first)


def print_ballots(
    session: Session,
    actor: Actor,
    poll_id: str,
    *,
    count: int,
    layout: str = "a4",
    font_path: str = "",
) -> tuple[bytes, int, int]:
    """Make the next ``count`` ballots, log the print run, and return (PDF, first, last)."""
    job = plan_print(session, poll_id, count)
    pdf = job.render(layout=layout, font_path=font_path)
    first, last = poll_service.log_print(
        session, actor, poll_id, count=count, layout=layout, expected_first=job.first
    )
    return pdf, first, last


def print_sample_deck(
    session: Session, actor: Actor, poll_id: str, *, layout: str = "a4", font_path: str = ""
) -> bytes:
    """The test deck (样票) with its pre-drawn marks, logged; the expected result is the
    separate sheet from :func:`desktop.reports.tally_report.sample_deck_expected_pdf`."""
    poll = poll_service.get_poll(session, poll_id)
    deck = ballot_service.sample_deck(poll)
    poll_service.log_print(session, actor, poll_id, count=len(deck), layout=layout, test_deck=True)
    texts = ballot_service.qr_texts(session, poll_id, 1, len(deck), test=True)
    sheets = [
        BallotSheet(f"T{b.serial}", text, b.marks, b.note)
        for b, text in zip(deck, texts, strict=True)
    ]
    return render_ballots(
        poll, sheets, layout=layout, heading=_heading(session, poll), test=True, font_path=font_path
    )
