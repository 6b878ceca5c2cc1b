"""`yishi --demo <subcommand>` works on the demo street's data directory, never on the real
one (issue 18: the flag was read only by the GUI, so `yishi --demo db backup` backed up — and
`yishi --demo import …` would have written into — the street's real database)."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs
import pytest

from desktop import cli, config
from desktop.demo import DEMO_ACCOUNTS


@pytest.fixture
def dirs(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> tuple[Path, Path]:
    monkeypatch.delenv("YISHI_DATA_DIR", raising=False)  # restored after the test
    real = tmp_path / "Yishi"
    # the platform's user data directory, as config.default_data_dir asks for it
    monkeypatch.setattr(platformdirs, "user_data_dir", lambda *_a, **_k: str(real))
    return real, tmp_path / "Yishi-demo"


def test_every_subcommand_honours_demo(
    dirs: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    real, demo = dirs
    assert cli.main(["--demo", "users", "list"]) == 0
    assert (demo / config.DB_FILENAME).is_file()
    # the demo street as the GUI shows it, built on first use (not an empty database)
    listed = capsys.readouterr().out
    assert all(username in listed for username, _name, _role in DEMO_ACCOUNTS)
    assert not real.exists()
    assert cli.main(["--demo", "db", "check"]) == 0
    assert cli.main(["--demo", "db", "backup"]) == 0
    assert any((demo / "backups").iterdir())
    assert not real.exists()


def test_without_demo_the_real_directory_is_used(dirs: tuple[Path, Path]) -> None:
    real, demo = dirs
    assert cli.main(["users", "list"]) == 0
    assert (real / config.DB_FILENAME).is_file()
    assert not demo.exists()


def test_an_explicit_data_dir_wins_over_demo(dirs: tuple[Path, Path], tmp_path: Path) -> None:
    real, demo = dirs
    chosen = tmp_path / "chosen"
    assert cli.main(["--demo", "--data-dir", str(chosen), "users", "list"]) == 0
    assert (chosen / config.DB_FILENAME).is_file()
    assert not real.exists() and not demo.exists()
    assert os.environ["YISHI_DATA_DIR"] == str(chosen.resolve())
