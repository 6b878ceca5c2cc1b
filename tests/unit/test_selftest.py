"""`yishi --self-test` from the source tree, and portable-mode data-directory resolution."""

from __future__ import annotations

import hashlib
import io
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from desktop import config, errors, selftest
from desktop.db import script_heads

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "db"


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _run(data_dir: Path) -> tuple[int, str]:
    out = io.StringIO()
    code = selftest.run_self_test(data_dir, out=out)
    return code, out.getvalue()


def test_passes_on_an_empty_data_dir_and_creates_nothing(tmp_path: Path, qapp: object) -> None:
    code, text = _run(tmp_path / "nothing-here")
    assert code == 0, text
    assert "自检通过" in text
    assert "新建的空数据库" in text
    assert not (tmp_path / "nothing-here").exists()


def test_migrates_a_copy_and_leaves_the_original_alone(tmp_path: Path, qapp: object) -> None:
    data = tmp_path / "data"
    data.mkdir()
    shutil.copyfile(FIXTURES / "0001_foundation.sqlite3", data / "yishi.sqlite3")
    before = _digest(data / "yishi.sqlite3")
    code, text = _run(data)
    assert code == 0, text
    assert "0001_foundation → " + ", ".join(sorted(script_heads())) in text
    assert _digest(data / "yishi.sqlite3") == before
    assert sorted(p.name for p in data.iterdir()) == ["yishi.sqlite3"]


def test_a_damaged_database_fails_in_chinese(tmp_path: Path, qapp: object) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "yishi.sqlite3").write_bytes(b"not a database" * 200)
    code, text = _run(data)
    assert code == 1
    assert "[失败] 数据库" in text
    assert "自检未通过：数据库" in text
    assert "[通过] PDF" in text  # one failure does not hide the other checks


def test_a_database_from_a_newer_version_fails(tmp_path: Path, qapp: object) -> None:
    data = tmp_path / "data"
    data.mkdir()
    shutil.copyfile(FIXTURES / "0001_foundation.sqlite3", data / "yishi.sqlite3")
    con = sqlite3.connect(str(data / "yishi.sqlite3"))
    con.execute("UPDATE alembic_version SET version_num = '9999_future'")
    con.commit()
    con.close()
    code, text = _run(data)
    assert code == 1
    assert "更新版本" in text


def test_pdf_embeds_the_chinese_font() -> None:
    data, font = selftest.render_sample_pdf()
    assert data.startswith(b"%PDF-")
    assert b"/FontFile2" in data
    assert font.endswith((".ttc", ".ttf"))


def test_missing_compiled_translation_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, qapp: object
) -> None:
    from desktop.ui import selftest_qt

    monkeypatch.setattr(selftest_qt, "TRANSLATIONS_DIR", tmp_path)
    pdf, _ = selftest.render_sample_pdf()
    with pytest.raises(errors.SelfTestFailure, match="无法加载"):
        selftest_qt.check_qt(pdf)


def test_qt_part_translates_a_string_from_the_ts(qapp: object) -> None:
    from desktop.i18n import TRANSLATIONS_DIR
    from desktop.ui import selftest_qt

    sample = selftest_qt.known_message(TRANSLATIONS_DIR / "yishi_zh_CN.ts")
    assert sample is not None
    _context, source, translation = sample
    assert translation and translation != source
    pdf, _ = selftest.render_sample_pdf()
    text = selftest_qt.check_qt(pdf)
    assert f"“{source}” → “{translation}”" in text
    assert "pdfium 渲染正常" in text


def test_cli_routes_self_test(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "desktop", "--data-dir", str(tmp_path / "d"), "--self-test"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "议事通" in result.stdout and "自检通过" in result.stdout


def test_portable_marker_puts_data_beside_the_executable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    exe = tmp_path / "usb" / "yishi" / "yishi.exe"
    exe.parent.mkdir(parents=True)
    exe.write_bytes(b"")
    monkeypatch.delenv("YISHI_DATA_DIR", raising=False)
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(exe))
    assert not config.is_portable()
    assert config.default_data_dir() != exe.parent / "data"
    (exe.parent / config.PORTABLE_MARKER).write_text("portable", encoding="utf-8")
    assert config.is_portable()
    assert config.default_data_dir() == exe.parent / "data"
    assert config.paths().database == exe.parent / "data" / "yishi.sqlite3"
    # an explicit --data-dir still wins over the marker
    monkeypatch.setenv("YISHI_DATA_DIR", str(tmp_path / "elsewhere"))
    assert config.default_data_dir() == (tmp_path / "elsewhere").resolve()
