"""The reader's fast cell path gives exactly what openpyxl's own parser gives."""

from __future__ import annotations

import io
from xml.etree.ElementTree import fromstring

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl.worksheet._reader import WorkSheetParser

from desktop.excel.reader import _fast_parser_class

NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
SHARED = ["张伟强", "", "  男 ", "解放碑社区"]

CELLS = [
    '<c r="A2" t="inlineStr"><is><t>潘洋</t></is></c>',
    '<c r="AB17" t="inlineStr" s="3"><is><t xml:space="preserve">  空格 </t></is></c>',
    '<c r="C3" t="inlineStr"><is><r><rPr><b/></rPr><t>粗</t></r><r><t>体</t></r></is></c>',
    '<c r="C4" t="inlineStr"><is><t>前</t><r><t>后</t></r><rPh sb="0" eb="1"><t>ふ</t></rPh></is></c>',
    '<c r="D5" t="inlineStr"><is><t/></is></c>',
    '<c r="D6" t="inlineStr"><is><r><t/></r></is></c>',
    '<c r="D7" t="inlineStr"></c>',
    '<c t="inlineStr"><is><t>no coordinate</t></is></c>',
    '<c r="E2" t="s"><v>0</v></c>',
    '<c r="E3" t="s" s="2"><v>2</v></c>',
    '<c r="E4" t="s"><v>1</v></c>',
    '<c r="E5" t="s"></c>',
    '<c t="s"><v>3</v></c>',
    '<c r="F2" t="inlineStr"><f>A1&amp;B1</f><is><t>x</t></is></c>',
    '<c r="F3" t="s"><f>A1</f><v>0</v></c>',
    '<c r="G2"><v>42</v></c>',
    '<c r="G3" t="b"><v>1</v></c>',
    '<c r="G4" t="str"><v>text</v></c>',
    '<c r="G5" t="e"><v>#N/A</v></c>',
    '<c r="XFD1048576" t="inlineStr"><is><t>corner</t></is></c>',
]


def _parsers() -> tuple[WorkSheetParser, WorkSheetParser]:
    made = []
    for cls in (WorkSheetParser, _fast_parser_class()):
        parser = cls(io.BytesIO(b""), SHARED, data_only=False)
        parser.row_counter, parser.col_counter = 9, 4
        made.append(parser)
    return made[0], made[1]


def _element(xml: str):  # type: ignore[no-untyped-def]
    return fromstring(xml.replace("<c ", f'<c xmlns="{NS}" ', 1))


@pytest.mark.parametrize("xml", CELLS)
def test_fast_cell_path_matches_openpyxl(xml: str) -> None:
    plain, fast = _parsers()
    assert fast.parse_cell(_element(xml)) == plain.parse_cell(_element(xml))
    assert (fast.row_counter, fast.col_counter) == (plain.row_counter, plain.col_counter)


_text = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=12).filter(
    lambda s: s == s.strip("\r") and "\r" not in s
)


@given(plain=st.one_of(st.none(), _text), runs=st.lists(st.one_of(st.none(), _text), max_size=4))
def test_fast_inline_text_matches_openpyxl(plain: str | None, runs: list[str | None]) -> None:
    from xml.sax.saxutils import escape

    def t(text: str | None) -> str:
        return "<t/>" if text is None else f'<t xml:space="preserve">{escape(text)}</t>'

    body = (t(plain) if plain is not None else "") + "".join(f"<r>{t(r)}</r>" for r in runs)
    xml = f'<c r="B2" t="inlineStr"><is>{body}</is></c>'
    plain_parser, fast = _parsers()
    assert fast.parse_cell(_element(xml)) == plain_parser.parse_cell(_element(xml))
