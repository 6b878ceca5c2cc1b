"""Output files and Windows' rules: device names and files another program holds open.

These run on Linux and, in the Windows lane, under the Windows Python in Wine
(``make test-windows-unit``), where the open-file case is the real thing.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop import fileio
from desktop.errors import FileInUse, ValidationError
from desktop.fileio import is_reserved_name, write_bytes_atomically


@pytest.mark.parametrize(
    "name",
    ["CON", "con.xlsx", "aux.xlsx", "NUL.pdf", "prn.sqlite3", "COM1.txt", "lpt9.pdf", "Aux .xlsx"],
)
def test_a_device_name_is_refused_before_anything_is_written(tmp_path: Path, name: str) -> None:
    with pytest.raises(ValidationError) as info:
        write_bytes_atomically(tmp_path / name, b"data")
    assert "Windows 保留给设备的名称" in str(info.value) and name in str(info.value)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "name",
    ["console.xlsx", "auxiliary.pdf", "名单 CON.xlsx", "com10.txt", "nul_名单.xlsx", "LPT.pdf"],
)
def test_names_that_only_look_like_devices_are_written(tmp_path: Path, name: str) -> None:
    assert write_bytes_atomically(tmp_path / name, b"data").read_bytes() == b"data"


@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789议事通 _-", min_size=1, max_size=12))
def test_reserved_means_exactly_the_device_stem(stem: str) -> None:
    base = stem.rstrip(" ").upper()
    device = base in {"CON", "PRN", "AUX", "NUL"} or (
        len(base) == 4 and base[:3] in {"COM", "LPT"} and base[3].isdigit()
    )
    assert is_reserved_name(stem + ".xlsx") == device


def test_replacing_a_file_another_program_has_open(tmp_path: Path) -> None:
    """On Windows the open file stays as it was and the clerk is told why; elsewhere it is replaced."""
    target = tmp_path / "代表 名单.xlsx"
    target.write_bytes(b"old")
    with open(target, "rb"):  # as Excel holds a workbook it shows
        if os.name == "nt":
            with pytest.raises(FileInUse) as info:
                write_bytes_atomically(target, b"new")
            assert "正被其他程序" in str(info.value) and "代表 名单.xlsx" in str(info.value)
        else:
            write_bytes_atomically(target, b"new")
    assert target.read_bytes() == (b"old" if os.name == "nt" else b"new")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["代表 名单.xlsx"]  # no .part left


def test_access_denied_on_windows_says_the_file_is_open(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What Windows answers (PermissionError, WinError 5) becomes FileInUse, on any platform."""
    target = tmp_path / "会议记录.pdf"
    target.write_bytes(b"old")

    def denied(src: object, dst: object) -> None:
        raise PermissionError(13, "Access is denied", str(dst))

    monkeypatch.setattr(fileio, "ON_WINDOWS", True)
    monkeypatch.setattr(fileio.os, "replace", denied)
    with pytest.raises(FileInUse) as info:
        write_bytes_atomically(target, b"new")
    assert "会议记录.pdf 正被其他程序" in str(info.value)
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["会议记录.pdf"]
