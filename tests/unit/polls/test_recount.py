"""Hypothesis: the app's tally equals ``yishi tally`` on the exported SPEC/BALLOTS files."""

from __future__ import annotations

import contextlib
import io
import json
import subprocess
import sys
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop import cli
from desktop.db import Database
from desktop.services import counting, polls
from desktop.services.counting import tally_io
from desktop.services.permissions import Actor
from tests.unit.polls.helpers import enter, make_poll

Case = tuple[str, int, int | None, tuple[str, str, bool], int, list[tuple[bool, dict[int, str]]]]


@st.composite
def poll_and_ballots(draw: st.DrawFn) -> Case:
    kind = draw(st.sampled_from(["selection", "selection", "motion", "rating"]))
    n = draw(st.integers(1, 8))
    quota = draw(st.integers(1, n)) if kind == "selection" else None
    threshold = (
        draw(st.sampled_from(["members_total", "present", "returned", "valid"])),
        draw(st.sampled_from(["1/2", "2/3"])),
        draw(st.booleans()),
    )
    values = (
        ["满意", "基本满意", "不满意", "abstain"]
        if kind == "rating"
        else ["for", "against", "abstain"]
    )
    ballots = draw(
        st.lists(
            st.tuples(
                st.integers(0, 5).map(lambda i: i == 0),
                st.dictionaries(st.integers(1, n), st.sampled_from(values)),
            ),
            min_size=0,
            max_size=12,
        )
    )
    issued = draw(st.integers(max(0, len(ballots) - 2), len(ballots) + 3))
    return kind, n, quota, threshold, issued, ballots


def _recount(folder: Path) -> dict[str, object]:
    """``yishi tally SPEC.json BALLOTS.jsonl --json`` through the real CLI entry point."""
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        code = cli.main(
            ["tally", str(folder / "SPEC.json"), str(folder / "BALLOTS.jsonl"), "--json"]
        )
    assert code == 0
    return json.loads(buffer.getvalue())  # type: ignore[no-any-return]


def _recount_process(folder: Path) -> dict[str, object]:
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "desktop",
            "tally",
            str(folder / "SPEC.json"),
            str(folder / "BALLOTS.jsonl"),
            "--json",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout)  # type: ignore[no-any-return]


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(case=poll_and_ballots())
def test_app_tally_equals_yishi_tally_on_export(db: Database, clerk: Actor, case: Case) -> None:
    kind, n, quota, threshold, issued, ballot_list = case
    poll = make_poll(
        db,
        clerk,
        kind=kind,
        n=n,
        quota=quota,
        threshold=threshold,
        printed=max(1, len(ballot_list)),
        present=30,
        members_total=40,
    )
    for serial, (void, marks) in enumerate(ballot_list, 1):
        enter(db, clerk, poll.id, serial, marks, void=void)
    with db.transaction() as s:
        polls.close_voting(s, clerk, poll.id, issued=issued)
    import tempfile

    with db.session() as s, tempfile.TemporaryDirectory() as tmp:
        app = tally_io.result_to_dict(polls.tally_view(s, poll.id).result)
        polls.export_recount(s, poll.id, Path(tmp))
        lines = (Path(tmp) / "BALLOTS.jsonl").read_text(encoding="utf-8").splitlines()
        assert sorted(json.loads(line)["serial"] for line in lines) == list(
            range(1, len(ballot_list) + 1)
        )
        assert _recount(Path(tmp)) == app
    assert app["returned"] == len(ballot_list)
    assert not [
        v
        for v in counting.check_invariants(polls.tally_view(db.session(), poll.id).result)
        if v.code != "returned_exceeds_issued"
    ]


def test_recount_process_on_export(db: Database, clerk: Actor, tmp_path: Path) -> None:
    """The same through a separate ``python -m desktop tally`` process, on a 12-choose-10 poll."""
    poll = make_poll(db, clerk, printed=30)
    for serial in range(1, 26):
        marks = {
            no: ("for" if (serial + no) % 4 else "against")
            for no in range(1, 13)
            if (serial * no) % 5
        }
        if serial % 5 == 0:
            marks = dict.fromkeys(range(1, 13), "for")  # overvoted: void
        enter(db, clerk, poll.id, serial, marks)
    with db.transaction() as s:
        polls.close_voting(s, clerk, poll.id, issued=26)
    with db.session() as s:
        app = tally_io.result_to_dict(polls.tally_view(s, poll.id).result)
        polls.export_recount(s, poll.id, tmp_path)
    assert app["void"] > 0 and app["valid"] > 0
    assert _recount_process(tmp_path) == app


def test_recount_prints_the_certified_result_code(
    db: Database, clerk: Actor, admin: Actor, tmp_path: Path
) -> None:
    """``yishi tally`` on the export prints the 结果校验码 of the certificate (and so of the
    printed 计票结果报告单), computed by the same function from the same records."""
    poll = make_poll(db, clerk, printed=12)
    for serial in range(1, 11):
        enter(db, clerk, poll.id, serial, {no: "for" for no in range(1, 12) if (serial + no) % 3})
    with db.transaction() as s:
        polls.close_voting(s, clerk, poll.id, issued=12)
        cert = polls.certify(s, admin, poll.id, counters="李晓梅", scrutineers="陈志强")
    with db.session() as s:
        polls.export_recount(s, poll.id, tmp_path, shuffle_seed=7)
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        assert (
            cli.main(["tally", str(tmp_path / "SPEC.json"), str(tmp_path / "BALLOTS.jsonl")]) == 0
        )
    printed = [line for line in buffer.getvalue().splitlines() if "结果校验码" in line]
    assert printed == [f"结果校验码：{cert.short_code}"]
    assert polls.short_code is tally_io.short_code and polls.result_hash is tally_io.result_hash
