"""`yishi meetings list / print` against a real data directory."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from desktop.cli import main
from desktop.config import Paths
from desktop.db import Database
from desktop.services.permissions import Actor
from tests.unit.meetings.fixtures import make_meeting, make_roster


def test_list_and_print(
    db: Database,
    clerk: Actor,
    paths: Paths,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    make_roster(db)
    make_meeting(db, clerk)
    monkeypatch.setenv("YISHI_DATA_DIR", str(paths.data_dir))
    assert main(["--data-dir", str(paths.data_dir), "meetings", "list"]) == 0
    assert "第三次会议" in capsys.readouterr().out
    out = tmp_path / "sheet.pdf"
    assert (
        main(
            [
                "--data-dir",
                str(paths.data_dir),
                "meetings",
                "print",
                "1",
                "--paper",
                "signin",
                "--out",
                str(out),
            ]
        )
        == 0
    )
    text = PdfReader(io.BytesIO(out.read_bytes())).pages[0].extract_text()
    assert "签到表" in text and "张伟强" in text
    assert (
        main(
            [
                "--data-dir",
                str(paths.data_dir),
                "meetings",
                "print",
                "9",
                "--paper",
                "minutes",
                "--out",
                str(out),
            ]
        )
        == 2
    )
    assert "本届没有第 9 次会议" in capsys.readouterr().err
