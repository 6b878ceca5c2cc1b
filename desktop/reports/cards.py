"""Representative cards and deputy cards (代表证 / 代表码): 8 per A4 page, each with a QR.

The representative card's QR is what the meeting sign-in desk scans; the deputy card's is
the 代表码: a contact a resident's phone saves offline (name, unit, phone, station, reception
day) that the sign-in desk and the station PC still read as that deputy
(:func:`desktop.services.cards.deputy_contact_text`). The phone is printed on the card too. QR texts come from :mod:`desktop.services.cards`; the QR is drawn as vectors.
Cards are 85.6 × 54 mm (ID-card size) with dashed cutting lines, two columns by four rows.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.colors import HexColor, white
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.errors import ValidationError
from desktop.fileio import atomic_path
from desktop.i18n import N_
from desktop.models.roster import Community, Deputy, Representative, Station, Term
from desktop.reports.fonts import register_cjk_font
from desktop.reports.qr import draw_qr
from desktop.services import cards as card_text
from desktop.services.permissions import Actor, Permission
from desktop.services.roster.common import LEVEL_LABELS
from desktop.services.street import require_current

CARD_W, CARD_H = 85.6 * mm, 54 * mm
COLS, ROWS = 2, 4
PER_PAGE = COLS * ROWS
RED = HexColor("#B71C1C")


@dataclass(frozen=True)
class Card:
    title: str  # band at the top, e.g. 解放碑街道议事代表
    name: str
    lines: tuple[str, ...]
    qr_text: str
    footer: str


def representative_cards(session: Session, ids: Collection[str] | None = None) -> list[Card]:
    street = require_current(session)
    communities = dict(session.execute(select(Community.id, Community.name)).all())
    terms = dict(session.execute(select(Term.id, Term.name)).all())
    query = (
        select(Representative)
        .join(Term, Term.id == Representative.term_id)
        .where(Representative.deleted_at.is_(None), Representative.status == "active")
        .order_by(Representative.community_id, Representative.name_sort)
    )
    query = (
        query.where(Representative.id.in_(list(ids)))
        if ids is not None
        else query.where(Term.status == "current")
    )
    out = []
    for r in session.scalars(query):
        lines = [communities.get(r.community_id or "", "")]
        if r.workplace:
            lines.append(f"{r.workplace}{' ' + r.position if r.position else ''}")
        out.append(
            Card(
                title=f"{street.name}议事代表",
                name=r.name,
                lines=tuple(x for x in lines if x),
                qr_text=card_text.representative_card_text(street.code, r.id),
                footer=f"{terms.get(r.term_id, '')} · 签到请出示此卡",
            )
        )
    return out


def deputy_cards(session: Session, ids: Collection[str] | None = None) -> list[Card]:
    street = require_current(session)
    stations = {
        sid: (name, reception)
        for sid, name, reception in session.execute(
            select(Station.id, Station.name, Station.reception_day)
        ).all()
    }
    query = (
        select(Deputy)
        .where(Deputy.deleted_at.is_(None), Deputy.status == "active")
        .order_by(Deputy.level, Deputy.name_sort)
    )
    if ids is not None:
        query = query.where(Deputy.id.in_(list(ids)))
    out = []
    for d in session.scalars(query):
        level = LEVEL_LABELS.get(d.level, d.level).replace("（县）", "")
        lines = [f"{level}人大代表"]
        if d.unit:
            lines.append(f"{d.unit}{' ' + d.position if d.position else ''}")
        station, reception = stations.get(d.station_id or "", ("", ""))
        if station:
            lines.append(station)
        contact = "  ".join(
            x
            for x in (
                f"电话 {d.phone}" if d.phone else "",
                f"接待日 {reception}" if reception else "",
            )
            if x
        )
        if contact:
            lines.append(contact)
        out.append(
            Card(
                title="人大代表联系卡（代表码）",
                name=d.name,
                lines=tuple(x for x in lines if x),
                qr_text=card_text.deputy_contact_text(
                    street.code,
                    d.id,
                    name=d.name,
                    unit=d.unit,
                    station=station,
                    phone=d.phone,
                    reception_day=reception,
                ),
                footer=f"{street.name} · 扫码联系代表",
            )
        )
    return out


def _fit(canvas: Canvas, text: str, font: str, size: float, width: float) -> float:
    while size > 6 and canvas.stringWidth(text, font, size) > width:
        size -= 0.5
    return size


def draw_card(canvas: Canvas, card: Card, x: float, y: float, font: str) -> None:
    canvas.saveState()
    canvas.setDash(3, 3)
    canvas.setStrokeColor(HexColor("#999999"))
    canvas.setLineWidth(0.4)
    canvas.rect(x, y, CARD_W, CARD_H)
    canvas.setDash()
    band = 10 * mm
    canvas.setFillColor(RED)
    canvas.rect(x, y + CARD_H - band, CARD_W, band, stroke=0, fill=1)
    canvas.setFillColor(white)
    size = _fit(canvas, card.title, font, 11, CARD_W - 8 * mm)
    canvas.setFont(font, size)
    canvas.drawCentredString(x + CARD_W / 2, y + CARD_H - band + 3.4 * mm, card.title)
    qr = 30 * mm
    qx, qy = x + CARD_W - qr - 3 * mm, y + 7 * mm
    draw_qr(canvas, card.qr_text, qx, qy, qr)
    text_w = CARD_W - qr - 9 * mm
    canvas.setFillColor(HexColor("#111111"))
    size = _fit(canvas, card.name, font, 20, text_w)
    canvas.setFont(font, size)
    canvas.drawString(x + 5 * mm, y + CARD_H - band - 10 * mm, card.name)
    line_y = y + CARD_H - band - 17 * mm
    for line in card.lines[:4]:
        size = _fit(canvas, line, font, 8.5, text_w)
        canvas.setFont(font, size)
        canvas.drawString(x + 5 * mm, line_y, line)
        line_y -= 5 * mm
    canvas.setFillColor(HexColor("#555555"))
    size = _fit(canvas, card.footer, font, 7, CARD_W - 8 * mm)
    canvas.setFont(font, size)
    canvas.drawString(x + 5 * mm, y + 2.8 * mm, card.footer)
    canvas.restoreState()


def render(cards: list[Card], path: Path, font_path: str = "") -> int:
    """Write the cards to ``path``; returns the page count."""
    if not cards:
        raise ValidationError(N_("Nobody to print cards for."), field="kind")
    font = register_cjk_font(font_path).name
    page_w, page_h = A4
    margin_x = (page_w - COLS * CARD_W) / 2
    margin_y = (page_h - ROWS * CARD_H) / 2
    pages = 0
    with atomic_path(path) as tmp:
        canvas = Canvas(str(tmp), pagesize=A4)
        canvas.setTitle("代表证")
        for start in range(0, len(cards), PER_PAGE):
            for i, card in enumerate(cards[start : start + PER_PAGE]):
                col, row = i % COLS, i // COLS
                x = margin_x + col * CARD_W
                y = page_h - margin_y - (row + 1) * CARD_H
                draw_card(canvas, card, x, y, font)
            canvas.showPage()
            pages += 1
        canvas.save()
    return pages


def write_cards(
    session: Session, actor: Actor, kind: str, path: Path, ids: Collection[str] | None = None
) -> int:
    actor.require(Permission.PRINT_CARDS)
    if kind == "representatives":
        cards = representative_cards(session, ids)
    elif kind == "deputies":
        cards = deputy_cards(session, ids)
    else:
        raise ValidationError(
            N_("Cards are printed for representatives or deputies, not {kind}"),
            field="kind",
            kind=kind,
        )
    from desktop.services import settings as settings_service

    font_path = getattr(settings_service.load(session), "pdf_font_path", "") or ""
    return render(cards, Path(path), font_path)
