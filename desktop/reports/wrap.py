"""Line breaking for 公文 papers: a date ("2026年12月6日") or a number with its unit ("88人",
"35.5%", "〔2026〕3号") is never split across two lines (issue 18: the minutes printed
"2026年" at the end of one line and "12月6日" at the start of the next).

ReportLab's CJK wrapping may break between any two Chinese characters; :class:`Paragraph`
wraps exactly as it does and then, where a line would end inside such a run, ends it just
before the run instead (the run moves to the next line whole). Use it in place of
``reportlab.platypus.Paragraph``; styles, markup and page splitting are unchanged.
"""

from __future__ import annotations

import re
from typing import Any

from reportlab.platypus import paragraph as rl
from reportlab.platypus.paragraph import Paragraph as _Paragraph

_D = "[0-9０-９〇零一二三四五六七八九十]"
_UNIT = "万元|人次|[%％人名条次件个项元天份票户家处张页号届时分岁]"
#: What must stay on one line: dates (full, year-month, month-day), clock times, 文号 and
#: numbers with their unit.
KEEP = re.compile(
    rf"{_D}+年{_D}+月(?:{_D}+日)?"
    rf"|{_D}+月{_D}+日"
    r"|\d{1,2}:\d{2}"
    rf"|〔{_D}+〕{_D}+号"
    rf"|第?(?:\d[\d,]*(?:\.\d+)?|{_D}+)(?:{_UNIT})"
    rf"|{_D}{{4}}年"
)


def keep_spans(text: str) -> list[tuple[int, int]]:
    """The (start, end) character ranges of ``text`` that must not be broken."""
    return [m.span() for m in KEEP.finditer(text) if m.end() - m.start() > 1]


def _units(frags: list[Any]) -> tuple[list[Any], str]:
    units: list[Any] = []
    plain: list[str] = []
    for f in frags:
        text = f.text
        if isinstance(text, bytes):
            text = text.decode("utf8")
        if text:
            units.extend(rl.cjkU(t, f, "utf8") for t in text)
            plain.append(text)
        else:
            units.append(rl.cjkU(text, f, "utf8"))
            plain.append("\0")
    return units, "".join(plain)


def split_keeping(frags: list[Any], max_widths: list[float], calc_bounds: bool) -> Any:
    """ReportLab's ``cjkFragSplit`` with one more rule: no break inside a :data:`KEEP` run."""
    units, plain = _units(frags)
    inside: dict[int, int] = {}  # index → start of the run it is strictly inside
    for start, end in keep_spans(plain):
        for k in range(start + 1, end):
            inside[k] = start
    lines = []
    i = width_used = line_start = 0
    max_width = max_widths[0]
    n = len(units)
    while i < n:
        u = units[i]
        i += 1
        w = u.width
        if hasattr(w, "normalizedValue"):
            w._normalizer = max_width
            w = w.normalizedValue(max_width)
        width_used += w
        line_break = hasattr(u.frag, "lineBreak")
        if (width_used > max_width + rl._FUZZ and width_used > 0) or line_break:
            extra = max_width - width_used
            if not line_break:
                if ord(u) < 0x3000:  # inside a Latin word: back to a space or a Chinese char
                    limit = (line_start + i) >> 1
                    for j in range(i - 1, limit, -1):
                        uj = units[j]
                        if (uj and rl.category(uj) == "Zs") or ord(uj) >= 0x3000:
                            k = j + 1
                            if k < i:
                                j = k + 1
                                extra += sum(units[ii].width for ii in range(j, i))
                                w = units[k].width
                                u = units[k]
                                i = j
                                break
                if u not in rl.ALL_CANNOT_START and i > line_start + 1:
                    i -= 1
                    extra += w
                run = inside.get(i)
                if run is not None and run > line_start:  # the run goes down whole
                    extra += sum(units[k].width for k in range(run, i))
                    i = run
            lines.append(
                rl.makeCJKParaLine(
                    units[line_start:i], max_width, width_used, extra, line_break, calc_bounds
                )
            )
            try:
                max_width = max_widths[len(lines)]
            except IndexError:
                max_width = max_widths[-1]
            line_start = i
            width_used = 0
    if width_used > 0 or line_start < n:
        rest = units[line_start:]
        used = sum(x.width for x in rest)
        lines.append(
            rl.makeCJKParaLine(rest, max_width, used, max_width - used, False, calc_bounds)
        )
    return rl.ParaLines(kind=1, lines=lines)


class KeepParagraph(_Paragraph):  # type: ignore[misc]
    """``reportlab.platypus.Paragraph`` that keeps dates and numbers with units whole."""

    def breakLinesCJK(self, maxWidths: Any) -> Any:
        frags = self.frags
        plain = "".join(f.text if isinstance(getattr(f, "text", None), str) else "" for f in frags)
        if not frags or not keep_spans(plain) or any(hasattr(f, "cbDefn") for f in frags):
            return super().breakLinesCJK(maxWidths)
        if self.style.endDots:
            return super().breakLinesCJK(maxWidths)
        if not isinstance(maxWidths, list | tuple):
            maxWidths = [maxWidths]
        self.height = 0
        rl._handleBulletWidth(self.bulletText, self.style, maxWidths)
        if hasattr(self, "blPara") and getattr(self, "_splitpara", False):
            return self.blPara
        auto = getattr(self, "autoLeading", getattr(self.style, "autoLeading", ""))
        return split_keeping(frags, list(maxWidths), auto not in ("", "off"))


#: What the report modules import as ``Paragraph`` (typed like ReportLab's, which has no stubs).
Paragraph: Any = KeepParagraph


def keep_with_last(story: list[Any], closing: list[Any], paragraphs: int = 1) -> None:
    """Append the 落款 (organisation, date, seal place, signatures) so that it never stands
    alone at the top of a page: the last ``paragraphs`` flowables of ``story`` (and any
    spacers after them) move to the next page with it when it does not fit."""
    from reportlab.platypus import KeepTogether, Spacer

    tail: list[Any] = []
    while story and isinstance(story[-1], Spacer):
        tail.insert(0, story.pop())
    for _ in range(paragraphs):
        if not story:
            break
        tail.insert(0, story.pop())
        while story and isinstance(story[-1], Spacer) and len(tail) < 8:
            tail.insert(0, story.pop())
    story.append(KeepTogether([*tail, *closing]))


#: Where a two-line title reads well: before these words, after those, and around a date or a
#: number ("关于召开解放碑街道第二届议事代表会议 / 第六次会议的通知").
GOOD_BEFORE = ("关于", "召开", "第", "履职", "工作情况", "情况", "项目", "民生实事")
GOOD_AFTER = ("街道", "委员会", "代表之家", "联络站", "联系点", "会议", "季度", "年度")


def _good(text: str, spans: list[tuple[int, int]], k: int) -> bool:
    if any(k in (a, b) for a, b in spans):
        return True
    return text[k:].startswith(GOOD_BEFORE) or text[:k].endswith(GOOD_AFTER)


def _breakable(text: str, spans: list[tuple[int, int]], k: int) -> bool:
    """May a title break before character ``k``?"""
    if any(a < k < b for a, b in spans):
        return False
    before, after = text[k - 1], text[k]
    if before.isascii() and before.isalnum() and after.isascii() and after.isalnum():
        return False
    return after not in rl.ALL_CANNOT_START and before not in "（〔《“‘([<"


def balanced_title(text: str, style: Any, width: float, *, min_scale: float = 0.8) -> Any:
    """A title paragraph that does not leave a word or two alone on its second line: a title
    wider than ``width`` is broken where its two lines are most nearly equal (never inside a
    date or a number with its unit); one that would need three lines is set smaller, down to
    ``min_scale`` of the style's size, until two lines hold it."""
    from xml.sax.saxutils import escape

    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase.pdfmetrics import stringWidth

    size = float(style.fontSize)
    if stringWidth(text, style.fontName, size) <= width:
        return Paragraph(escape(text), style)
    spans = keep_spans(text)
    floor = size * min_scale
    while True:
        best: tuple[bool, float, int] | None = None
        for k in range(2, len(text) - 1):
            if not _breakable(text, spans, k):
                continue
            w1 = stringWidth(text[:k], style.fontName, size)
            w2 = stringWidth(text[k:], style.fontName, size)
            if max(w1, w2) > width:
                continue
            score = (not _good(text, spans, k), abs(w1 - w2), k)
            if best is None or score < best:
                best = score
        if best is not None:
            k = best[2]
            fitted = ParagraphStyle(
                f"{style.name}-fit",
                parent=style,
                fontSize=size,
                leading=style.leading * size / float(style.fontSize),
            )
            return Paragraph(escape(text[:k]) + "<br/>" + escape(text[k:]), fitted)
        if size - 1 < floor:
            return Paragraph(escape(text), style)  # very long: ReportLab's own wrapping
        size -= 1
