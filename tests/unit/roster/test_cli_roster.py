"""`yishi import / export / template / people / cards` against a data dir."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from desktop.cli import main
from desktop.config import Paths
from desktop.db import Database
from desktop.services.permissions import Actor
from tests.unit.roster.helpers import REP_HEADERS, id_number, setup_roster, write_xlsx


@pytest.fixture
def data_dir(db: Database, admin: Actor, paths: Paths) -> Path:
    setup_roster(db, admin)
    db.dispose()
    return paths.data_dir


def _run(data_dir: Path, *args: str) -> int:
    return main(["--data-dir", str(data_dir), *args])


def test_import_export_round_trip_and_exit_codes(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = write_xlsx(
        tmp_path / "good.xlsx",
        [
            REP_HEADERS,
            ["张伟强", "男", id_number(1), "较场口社区", "居民", "13800138000", "2024-01-05"],
        ],
    )
    bad = write_xlsx(
        tmp_path / "bad.xlsx",
        [
            REP_HEADERS,
            ["李娜", "女", id_number(2), "火星社区", "居民", "13800138000", "2024-01-05"],
        ],
    )
    assert _run(data_dir, "import", "representatives", str(good), "--dry-run") == 0
    assert "新增 1 行" in capsys.readouterr().out
    assert (
        _run(data_dir, "import", "representatives", str(bad), "--errors", str(tmp_path / "e.xlsx"))
        == 2
    )
    captured = capsys.readouterr()
    assert "火星社区" in captured.out and "未导入任何数据" in captured.err
    assert (tmp_path / "e.xlsx").exists()
    assert _run(data_dir, "import", "representatives", str(bad), "--valid-only") == 2
    assert _run(data_dir, "import", "representatives", str(good)) == 0
    assert "已导入：新增 1 条" in capsys.readouterr().out
    out = tmp_path / "out.xlsx"
    assert _run(data_dir, "export", "representatives", str(out)) == 0
    assert load_workbook(out)["议事代表"]["A2"].value == "张伟强"
    assert _run(data_dir, "import", "representatives", str(out)) == 0
    assert "没有变化" in capsys.readouterr().out
    assert _run(data_dir, "people", "zwq") == 0
    assert "张伟强" in capsys.readouterr().out
    assert _run(data_dir, "import", "--list") == 0
    batch = capsys.readouterr().out.split("\t")[0]
    assert _run(data_dir, "import", "--undo", batch) == 0
    assert _run(data_dir, "import", "--undo", batch) == 2
    assert "已经撤销" in capsys.readouterr().err


def test_bad_files_and_kinds_exit_2(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = tmp_path / "x.xlsx"
    text.write_text("not a workbook")
    assert _run(data_dir, "import", "representatives", str(text)) == 2
    assert "不是表格文件" in capsys.readouterr().err
    assert _run(data_dir, "import", "martians", str(text)) == 2
    assert "未知的台账" in capsys.readouterr().err
    assert _run(data_dir, "template", "deputies", str(tmp_path / "t.xlsx")) == 0
    assert load_workbook(tmp_path / "t.xlsx")["人大代表"]["A1"].value == "姓名*"
    assert _run(data_dir, "cards", "representatives", str(tmp_path / "c.pdf")) == 2  # nobody yet
