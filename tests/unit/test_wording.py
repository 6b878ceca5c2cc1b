"""One Chinese wording for numbers, ratios, thresholds, percentages and ballot marks: the app's
papers and the independent recount say a rule with the same words (issue 19)."""

from __future__ import annotations

import subprocess
import sys
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.services import wording

ROOT = Path(__file__).resolve().parents[2]
DIGIT = {ch: i for i, ch in enumerate("零一二三四五六七八九")}
SMALL = {"十": 10, "百": 100, "千": 1000}
BIG = {"万": 10_000, "亿": 100_000_000}


def _read_chinese(text: str) -> int:
    """An independent reader of Chinese numerals (the inverse the property checks against)."""
    total = section = digit = 0
    for ch in text:
        if ch in DIGIT:
            digit = DIGIT[ch]
        elif ch in SMALL:
            section += (digit or 1) * SMALL[ch]
            digit = 0
        elif ch in BIG:
            unit = BIG[ch]
            if unit == 10_000 and total % 100_000_000 == 0 and total:
                total += (section + digit) * unit
            else:
                total = (total + section + digit) * unit
            section = digit = 0
        else:
            raise AssertionError(f"not a Chinese numeral: {ch!r} in {text!r}")
    return total + section + digit


def test_small_numbers_as_written_in_official_papers() -> None:
    cases = {
        0: "零",
        1: "一",
        10: "十",
        11: "十一",
        20: "二十",
        21: "二十一",
        99: "九十九",
        100: "一百",
        105: "一百零五",
        110: "一百一十",
        115: "一百一十五",
        1010: "一千零一十",
        10_000: "一万",
        100_001: "十万零一",
        20_300: "二万零三百",
        100_100_000: "一亿零一十万",
    }
    assert {n: wording.chinese_number(n) for n in cases} == cases


@given(st.integers(min_value=0, max_value=10**12 - 1))
def test_chinese_number_reads_back(n: int) -> None:
    text = wording.chinese_number(n)
    assert _read_chinese(text) == n
    assert "零零" not in text
    assert n == 0 or not text.endswith("零")
    assert not text.startswith("一十")


def test_negative_numbers_are_refused() -> None:
    with pytest.raises(ValueError):
        wording.chinese_number(-1)


def test_ratio_words_one_wording_everywhere() -> None:
    assert wording.ratio_words(Fraction(1, 2)) == "二分之一"
    assert wording.ratio_words(Fraction(2, 3)) == "三分之二"
    assert wording.ratio_words(Fraction(1, 1)) == "全部"  # never 一倍
    assert wording.ratio_words(Fraction(2, 3), chinese=False) == "2/3"
    with pytest.raises(ValueError):
        wording.ratio_words(Fraction(3, 2))


@given(st.fractions(min_value=Fraction(1, 1000), max_value=1, max_denominator=1000))
def test_ratio_words_name_the_fraction(ratio: Fraction) -> None:
    text = wording.ratio_words(ratio)
    if ratio == 1:
        assert text == "全部"
    else:
        denominator, numerator = text.split("分之")
        assert Fraction(_read_chinese(numerator), _read_chinese(denominator)) == ratio


def test_threshold_sentence_names_the_base_and_the_count() -> None:
    assert (
        wording.threshold_words("present", Fraction(1, 2), True, 35, 18)
        == "赞成票超过出席会议人员（35人）的二分之一，即至少18票"
    )
    assert (
        wording.threshold_words("members_total", Fraction(2, 3), False, 9, 6)
        == "赞成票达到全体组成人员（9人）的三分之二，即至少6票"
    )
    assert (
        wording.threshold_words("valid", Fraction(1, 4), True, 4, 2)
        == "赞成票超过有效选票（4张）的四分之一，即至少2票"
    )
    assert (
        wording.threshold_words("returned", Fraction(1, 2), True) == "赞成票超过收回选票的二分之一"
    )
    assert (
        wording.threshold_words("present", Fraction(1, 2), True, 7, 4, chinese=False)
        == "more than 1/2 of the number present (7), i.e. at least 4 votes"
    )


def test_the_app_and_the_recount_print_the_same_threshold_sentence() -> None:
    from desktop.commands.tally import threshold_words as recount_words
    from desktop.services import counting, polls

    threshold = counting.Threshold(base="present", ratio=Fraction(1, 2), strict=True)
    fields: dict[str, Any] = {
        **{f: None for f in polls.PollView.__dataclass_fields__},
        "threshold_base": "present",
        "threshold_ratio": "1/2",
        "threshold_strict": True,
        "present": 35,
    }
    view = polls.PollView(**fields)
    assert recount_words(threshold, 35, 18) == polls.threshold_words(view, 18)


@pytest.mark.parametrize(
    ("num", "den", "places", "text"),
    [
        (2, 3, 1, "66.7%"),
        (1, 8, 1, "12.5%"),
        (1, 16, 1, "6.3%"),  # 6.25 rounds half up (四舍五入), not to even
        (1, 1, 0, "100%"),
        (1, 3, 0, "33%"),
        (0, 5, 1, "0.0%"),
        (1, 0, 1, "—"),
    ],
)
def test_percent_rounds_half_up(num: int, den: int, places: int, text: str) -> None:
    assert wording.percent(num, den, places) == text


@given(st.integers(0, 10_000), st.integers(1, 10_000))
def test_percent_is_within_half_a_unit(num: int, den: int) -> None:
    text = wording.percent(num, den)
    value = Fraction(text.rstrip("%"))
    exact = Fraction(num * 100, den)
    assert -Fraction(1, 20) < value - exact <= Fraction(1, 20)


def test_marks_as_text() -> None:
    marks = {1: "for", 2: "against", 3: "for", 5: "for"}
    assert wording.marks_text(marks) == "赞成 1、3、5　反对 2"
    assert wording.marks_text(marks, {1: "电梯"}).startswith("赞成 1 电梯、3、5")
    assert wording.marks_text({}) == "空白"
    assert list(wording.MARK_WORDS.values()) == ["赞成", "反对", "弃权"]


def test_wording_imports_only_the_standard_library() -> None:
    code = (
        "import sys\n"
        "import desktop.services.wording\n"
        "print(sorted(m for m in sys.modules if m.startswith('desktop')))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "['desktop', 'desktop.services', 'desktop.services.wording']"
