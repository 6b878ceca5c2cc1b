"""Where the data lives: explicit dir, portable mode, demo kept apart."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from desktop import config


def test_explicit_data_dir_wins(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("YISHI_DATA_DIR", str(tmp_path / "d"))
    assert config.paths().data_dir == (tmp_path / "d").resolve()
    assert config.paths().database.name == "yishi.sqlite3"


def test_portable_marker_puts_data_beside_the_executable(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("YISHI_DATA_DIR", raising=False)
    exe = tmp_path / "Yishi" / "yishi.exe"
    exe.parent.mkdir()
    exe.write_bytes(b"")
    monkeypatch.setattr(sys, "argv", [str(exe)])
    assert not config.is_portable()
    (exe.parent / config.PORTABLE_MARKER).write_text("")
    assert config.is_portable()
    assert config.default_data_dir() == exe.parent / "data"


def test_demo_gets_its_own_directory(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("YISHI_DATA_DIR", raising=False)
    monkeypatch.setattr(sys, "argv", [str(tmp_path / "yishi")])
    assert config.paths(demo=True).data_dir != config.paths().data_dir
