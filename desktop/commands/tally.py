"""``yishi tally SPEC.json BALLOTS.jsonl [--json]``: recount a poll from exported records.

A scrutineer runs this to verify a result independently: it applies exactly the rules of
``desktop.services.counting`` (documented in docs/counting-rules.md). Exit 0 when the poll
was counted (also when the poll itself is invalid), 2 when the input is malformed; the
message names the file and line.

Only the standard library is imported at module level; ``run`` imports the pure counting
modules and nothing heavier, so a recount of 20,000 ballots starts and ends quickly.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fractions import Fraction

    from desktop.errors import ValidationError
    from desktop.services.counting import PollSpec, TallyResult, Threshold


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "tally",
        help="按计票规则独立重新计票（SPEC.json + BALLOTS.jsonl）",
        description="按 docs/counting-rules.md 的计票规则，从导出的选票记录独立重新计票。"
        "输入有误时以退出码 2 结束，并指出出错的文件和行号。",
    )
    parser.add_argument("spec", metavar="SPEC.json", help="投票说明：类型、选项、应选数、门槛等")
    parser.add_argument("ballots", metavar="BALLOTS.jsonl", help="选票记录，每行一张")
    parser.add_argument("--json", action="store_true", help="以 JSON 输出计票结果")


def _read_error(exc: OSError | UnicodeDecodeError) -> ValidationError:
    from desktop.errors import ValidationError
    from desktop.i18n import N_

    if isinstance(exc, FileNotFoundError):
        return ValidationError(N_("file not found"), field="path")
    if isinstance(exc, UnicodeDecodeError):
        return ValidationError(N_("the file is not UTF-8 text"), field="path")
    return ValidationError(
        N_("cannot read the file ({reason})"), field="path", reason=exc.strerror or exc
    )


def run(args: argparse.Namespace) -> int:
    from desktop.errors import ValidationError
    from desktop.i18n import N_, _
    from desktop.services.counting import tally_io

    path = args.spec
    try:
        try:
            # utf-8-sig: a file saved by Windows Notepad starts with a BOM
            with open(path, encoding="utf-8-sig") as handle:
                spec = tally_io.parse_spec(handle.read())
            path = args.ballots
            with open(path, encoding="utf-8-sig") as handle:
                result = tally_io.tally_file(spec, handle)
                # The result code (结果校验码) of the certified report, computed by the same
                # function from the same records, so the recount can be matched to the paper.
                handle.seek(0)
                code = tally_io.short_code(
                    tally_io.result_hash(spec, list(tally_io.parse_ballots(spec, handle)), result)
                )
        except (OSError, UnicodeDecodeError) as exc:
            raise _read_error(exc) from None
    except ValidationError as err:
        print(_(N_("{path}: {message}")).format(path=path, message=err), file=sys.stderr)
        return 2
    if args.json:
        import json

        # The result object alone (the shape docs/counting-rules.md §8 fixes); the result
        # code is part of the readable report.
        text = json.dumps(tally_io.result_to_dict(result), ensure_ascii=False, indent=2)
    else:
        text = format_report(spec, result)
        text += "\n" + _(N_("Result code: {code}")).format(code=code)
    sys.stdout.write(text + "\n")
    return 0


# --- the readable report ---------------------------------------------------------------

_DIGITS = "零一二三四五六七八九"


def _chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 23 → 二十三; numbers from 100 stay in Arabic digits."""
    if n < 10:
        return _DIGITS[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return ("" if tens == 1 else _DIGITS[tens]) + "十" + (_DIGITS[ones] if ones else "")
    return str(n)


def _chinese() -> bool:
    from desktop.i18n import current_language

    return current_language() != "en"


def ratio_words(ratio: Fraction) -> str:
    """Fraction(2, 3) → 三分之二 (Chinese) or 2/3 (English)."""
    if not _chinese():
        return f"{ratio.numerator}/{ratio.denominator}"
    if ratio.denominator == 1:
        return _chinese_number(ratio.numerator) + "倍"
    return _chinese_number(ratio.denominator) + "分之" + _chinese_number(ratio.numerator)


def threshold_words(threshold: Threshold, base_value: int, votes: int) -> str:
    """E.g. 超过出席人数（35）的二分之一，即至少 18 票."""
    from desktop.i18n import N_, _

    bases = {
        "members_total": N_("the number of all members"),
        "present": N_("the number present"),
        "returned": N_("the ballots returned"),
        "valid": N_("the valid ballots"),
    }
    if threshold.strict:
        template = N_("more than {ratio} of {base} ({value}), i.e. at least {votes} votes")
    else:
        template = N_("at least {ratio} of {base} ({value}), i.e. at least {votes} votes")
    return _(template).format(
        ratio=ratio_words(threshold.ratio),
        base=_(bases[threshold.base]),
        value=base_value,
        votes=votes,
    )


def _width(text: str) -> int:
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _table(rows: list[list[str]], right_from: int) -> list[str]:
    widths = [max(_width(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = []
    for row in rows:
        cells = []
        for i, cell in enumerate(row):
            pad = " " * (widths[i] - _width(cell))
            cells.append(pad + cell if i >= right_from and i < len(row) - 1 else cell + pad)
        lines.append("  ".join(cells).rstrip())
    return lines


def _percent(rate: Fraction) -> str:
    tenths = round(rate * 1000)
    return f"{tenths // 10}.{tenths % 10}%"


def format_report(spec: PollSpec, result: TallyResult) -> str:
    """The readable (Chinese by default) report printed by ``yishi tally`` without --json."""
    from desktop.i18n import N_, _
    from desktop.services.counting import RATING, SELECTION, check_invariants

    outcome_words = {
        "chosen": N_("Chosen"),
        "not_chosen": N_("Not chosen"),
        "tie": N_("Tie, runoff needed"),
        "passed": N_("Passed"),
        "failed": N_("Not passed"),
        "poll_invalid": N_("Poll invalid"),
    }
    names = {option.no: option.name for option in spec.options}
    separator = "、" if _chinese() else ", "

    def who(numbers: tuple[int, ...]) -> str:
        if not numbers:
            return _(N_("none"))
        return separator.join(
            _(N_("{name} (no. {no})")).format(name=names[no], no=no) for no in numbers
        )

    if spec.kind == SELECTION:
        kind = _(N_("selection vote, {quota} to choose")).format(quota=spec.quota)
    elif spec.kind == RATING:
        kind = _(N_("rating poll"))
    else:
        kind = _(N_("motion vote"))
    lines = [_(N_("Tally result: {kind}")).format(kind=kind)]
    lines.append(
        _(
            N_(
                "Ballots issued {issued}, returned {returned}, "
                "of which valid {valid} and void {void}"
            )
        ).format(
            issued=result.issued, returned=result.returned, valid=result.valid, void=result.void
        )
    )
    if spec.threshold is not None:
        rule = threshold_words(
            spec.threshold,
            spec.threshold.base_value(
                members_total=spec.members_total,
                present=spec.present,
                returned=result.returned,
                valid=result.valid,
            ),
            result.threshold_votes,
        )
        if spec.kind == SELECTION:
            label = N_("Votes needed to be chosen: {rule}")
        elif spec.kind == RATING:
            label = N_("Reference threshold (rating only reports, it decides nothing): {rule}")
        else:
            label = N_("Votes needed to pass: {rule}")
        lines.append(_(label).format(rule=rule))
    else:
        lines.append(_(N_("No threshold (rating only reports)")))
    if not result.poll_valid:
        lines.append(
            _(
                N_(
                    "The poll is invalid: more ballots returned ({returned}) "
                    "than issued ({issued})."
                )
            ).format(returned=result.returned, issued=result.issued)
        )
    lines.append("")

    if spec.kind == RATING:
        header = [
            _(N_("No.")),
            _(N_("Option name")),
            *spec.levels,
            _(N_("Abstain")),
            _(N_("Positive rate")),
        ]
        rows = [header]
        for option in result.options:
            rate = "—"
            if option.positive_rate is not None:
                rate = f"{option.positive}/{result.valid} ({_percent(option.positive_rate)})"
            rows.append(
                [
                    str(option.no),
                    option.name,
                    *(str(option.levels[level]) for level in spec.levels),
                    str(option.abstain),
                    rate
                    + ("" if option.outcome is None else " " + _(outcome_words[option.outcome])),
                ]
            )
        lines.extend(_table(rows, right_from=2))
        lines.append("")
        lines.append(
            _(N_("Positive = ballots marking {levels}, out of the valid ballots")).format(
                levels=separator.join(spec.positive_levels) or _(N_("none"))
            )
        )
    else:
        header = [
            _(N_("No.")),
            _(N_("Option name")),
            _(N_("For")),
            _(N_("Against")),
            _(N_("Abstain")),
            _(N_("Outcome")),
        ]
        rows = [header]
        for option in result.options:
            rows.append(
                [
                    str(option.no),
                    option.name,
                    str(option.votes_for),
                    str(option.against),
                    str(option.abstain),
                    _(outcome_words[option.outcome or "poll_invalid"]),
                ]
            )
        lines.extend(_table(rows, right_from=2))
        if spec.kind == SELECTION and result.poll_valid:
            lines.append("")
            lines.append(_(N_("Chosen: {names}")).format(names=who(result.chosen)))
            if result.tied:
                lines.append(
                    _(N_("Tied across the last place, runoff among: {names}")).format(
                        names=who(result.tied)
                    )
                )
            if result.unfilled:
                lines.append(
                    _(N_("Places still to fill (runoff): {count}")).format(count=result.unfilled)
                )

    lines.append("")
    violations = check_invariants(result)
    if violations:
        for violation in violations:
            lines.append(_(N_("Check failed: {message}")).format(message=violation.message))
    else:
        lines.append(_(N_("Checks: all counting invariants hold")))
    return "\n".join(lines)
