"""`yishi polls list/export/report` headless, and the export recounted by `yishi tally`."""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path

import pytest

from desktop import cli
from desktop.config import Paths
from desktop.db import Database
from desktop.services import polls
from desktop.services.permissions import Actor
from tests.unit.polls.helpers import enter, make_poll


def _cli(argv: list[str]) -> tuple[int, str]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = cli.main(argv)
    return code, out.getvalue()


def test_polls_cli_export_report_and_recount(
    db: Database,
    clerk: Actor,
    scrutineer: Actor,
    paths: Paths,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    poll = make_poll(db, clerk, printed=4, present=4, members_total=4)
    for serial in (1, 2, 3):
        enter(db, clerk, poll.id, serial, {1: "for", 4: "against"})
    with db.transaction() as s:
        polls.close_voting(s, clerk, poll.id, issued=4)
        cert = polls.certify(s, scrutineer, poll.id, counters="甲", scrutineers="乙")
    db.dispose()
    monkeypatch.setenv("YISHI_DATA_DIR", str(paths.data_dir))
    code, out = _cli(["polls", "list"])
    assert code == 0 and poll.short_id in out and "已核验" in out
    code, _ = _cli(["polls", "export", poll.short_id.lower(), "--out", str(tmp_path / "x")])
    assert code == 0
    code, out = _cli(
        [
            "tally",
            str(tmp_path / "x" / "SPEC.json"),
            str(tmp_path / "x" / "BALLOTS.jsonl"),
            "--json",
        ]
    )
    assert code == 0 and json.loads(out) == cert.result
    code, _ = _cli(["polls", "report", poll.short_id, "--out", str(tmp_path / "r.pdf")])
    assert code == 0 and (tmp_path / "r.pdf").read_bytes().startswith(b"%PDF")
    assert _cli(["polls", "export", "NOPE", "--out", str(tmp_path)])[0] == 2
