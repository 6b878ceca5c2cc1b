"""Chinese wording of numbers and vote rules, once: numbers in Chinese (第三次会议), ratio and
threshold words (二分之一, 超过出席会议人员的二分之一), percentages, quorum rules and ballot
marks as text.

Standard library only: the standalone recount (``yishi tally``) imports this module, and it
must not pull in the database or Qt. The app's papers, the minutes and the recount all say
a rule with these words, so the certified result and the independent recount read the same.

The words are those of the legal texts (地方组织法, 议事规则): the base is 全体组成人员 /
出席会议人员 / 收回选票 / 有效选票; "more than" is 超过, "at least" is 达到; a ratio of 1
is 全部.
"""

from __future__ import annotations

from fractions import Fraction

DIGITS = "零一二三四五六七八九"
_SMALL_UNITS = ("", "十", "百", "千")
_BIG_UNITS = ("", "万", "亿", "万亿")

# The base a threshold is counted against (counting.Threshold.base).
BASE_WORDS = {
    "members_total": "全体组成人员",
    "present": "出席会议人员",
    "returned": "收回选票",
    "valid": "有效选票",
}
BALLOT_BASES = frozenset({"returned", "valid"})  # counted in ballots (张), not people (人)
BASE_WORDS_EN = {
    "members_total": "the number of all members",
    "present": "the number present",
    "returned": "the ballots returned",
    "valid": "the valid ballots",
}
# How many must be present (counting.QUORUM_*).
QUORUM_WORDS = {"more_than_half": "过半数", "two_thirds": "三分之二以上"}
# A ballot mark, in the order a ballot prints its boxes.
MARK_WORDS = {"for": "赞成", "against": "反对", "abstain": "弃权"}
BLANK_BALLOT = "空白"
OUTCOME_WORDS = {
    "chosen": "当选",
    "not_chosen": "未当选",
    "tie": "票数相同，另行投票",
    "passed": "通过",
    "failed": "未通过",
    "poll_invalid": "投票无效",
}


def chinese_number(n: int) -> str:
    """A whole number in Chinese: 0 → 零, 10 → 十, 15 → 十五, 21 → 二十一, 105 → 一百零五,
    1010 → 一千零一十, 20000 → 二万 (for 第N次, 一、二、 headings and ratio words)."""
    if n < 0:
        raise ValueError(f"not a whole number ≥ 0: {n}")
    if n == 0:
        return DIGITS[0]
    groups: list[int] = []
    while n:
        n, group = divmod(n, 10000)
        groups.append(group)
    if len(groups) > len(_BIG_UNITS):
        raise ValueError("too large")
    out = ""
    zero_pending = False
    for index in range(len(groups) - 1, -1, -1):
        group = groups[index]
        if group == 0:
            zero_pending = bool(out)
            continue
        if out and (zero_pending or group < 1000):
            out += DIGITS[0]
        out += _group(group, leading=not out) + _BIG_UNITS[index]
        zero_pending = False
    return out


def _group(n: int, *, leading: bool) -> str:
    """1..9999 within one 万 group; ``leading`` drops the 一 of 一十 (十五, not 一十五)."""
    out = ""
    zero = False
    for power in (3, 2, 1, 0):
        digit = n // 10**power % 10
        if digit == 0:
            zero = bool(out)
            continue
        if zero:
            out += DIGITS[0]
            zero = False
        if not (power == 1 and digit == 1 and leading and not out):
            out += DIGITS[digit]
        out += _SMALL_UNITS[power]
    return out


def ratio_words(ratio: Fraction, *, chinese: bool = True) -> str:
    """Fraction(1, 2) → 二分之一, Fraction(2, 3) → 三分之二, 1 → 全部 (English: 1/2, all)."""
    if ratio <= 0 or ratio > 1:
        raise ValueError(f"a ratio is greater than 0 and at most 1: {ratio}")
    if ratio == 1:
        return "全部" if chinese else "all"
    if not chinese:
        return f"{ratio.numerator}/{ratio.denominator}"
    return f"{chinese_number(ratio.denominator)}分之{chinese_number(ratio.numerator)}"


def threshold_words(
    base: str,
    ratio: Fraction,
    strict: bool,
    base_value: int | None = None,
    votes_needed: int | None = None,
    *,
    chinese: bool = True,
) -> str:
    """E.g. 赞成票超过出席会议人员（35人）的二分之一，即至少18票 — the one sentence the app's
    papers, the minutes and the recount print for a threshold."""
    if not chinese:
        text = (
            f"{'more than' if strict else 'at least'} {ratio_words(ratio, chinese=False)}"
            f" of {BASE_WORDS_EN[base]}"
        )
        if base_value is not None:
            text += f" ({base_value})"
        if votes_needed is not None:
            text += f", i.e. at least {votes_needed} votes"
        return text
    words = BASE_WORDS[base]
    unit = "张" if base in BALLOT_BASES else "人"
    base_text = f"{words}（{base_value}{unit}）" if base_value is not None else words
    verb = "超过" if strict else "达到"
    text = f"赞成票{verb}{base_text}的{ratio_words(ratio)}"
    if votes_needed is not None:
        text += f"，即至少{votes_needed}票"
    return text


def percent(numerator: int, denominator: int, places: int = 1) -> str:
    """``numerator / denominator`` as a percentage rounded half up (四舍五入), exactly:
    percent(2, 3) → 66.7%, percent(1, 8) → 12.5%, percent(1, 1, 0) → 100%. A zero
    denominator is "—" (no rate)."""
    if denominator == 0:
        return "—"
    return rate_percent(Fraction(numerator, denominator), places)


def rate_percent(rate: Fraction, places: int = 1) -> str:
    """A rate (0.667 …) as a percentage rounded half up: Fraction(2, 3) → 66.7%."""
    if places < 0:
        raise ValueError("places ≥ 0")
    scale = 10**places
    scaled = rate * 100 * scale
    sign = "-" if scaled < 0 else ""
    units = int(abs(scaled) + Fraction(1, 2))  # half up, away from zero
    whole, frac = divmod(units, scale)
    return f"{sign}{whole}.{frac:0{places}d}%" if places else f"{sign}{whole}%"


def marks_text(marks: dict[int, str], titles: dict[int, str] | None = None) -> str:
    """One ballot's marks in words, by option number: 「赞成 1、3、5　反对 2」 (with
    ``titles``: 「赞成 1 加装电梯、3 路灯改造」); 「空白」 when nothing is marked."""
    groups: dict[str, list[int]] = {}
    for no, mark in sorted(marks.items()):
        groups.setdefault(mark, []).append(no)
    order = [m for m in MARK_WORDS if m in groups] + [m for m in groups if m not in MARK_WORDS]
    parts = []
    for mark in order:
        names = "、".join(
            f"{no} {titles[no]}" if titles and titles.get(no) else str(no) for no in groups[mark]
        )
        parts.append(f"{MARK_WORDS.get(mark, mark)} {names}")
    return "　".join(parts) or BLANK_BALLOT
