"""The built bundle (``make dist``) starts and passes its own self-test, installed or portable.

Builds ``dist/yishi`` with ``installer/build.py --portable`` when it is missing or older than
the sources (about a minute), then runs the frozen executable offscreen.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from desktop import __version__
from desktop.db import script_heads

ROOT = Path(__file__).resolve().parents[2]
DIST = ROOT / "dist"
FIXTURES = ROOT / "tests" / "fixtures" / "db"

pytestmark = [pytest.mark.slow, pytest.mark.timeout(1800)]


def _build_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("yishi_build", ROOT / "installer" / "build.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


build = _build_module()


def portable_zip() -> Path:
    return DIST / f"yishi-{__version__}-{build.platform_tag()}-portable.zip"


@pytest.fixture(scope="module")
def bundle() -> Path:
    if not build.bundle_is_current(DIST) or not portable_zip().is_file():
        subprocess.run(
            [sys.executable, str(ROOT / "installer" / "build.py"), "--portable"],
            cwd=ROOT,
            check=True,
            timeout=1200,
        )
    assert build.bundle_is_current(DIST)
    return DIST / "yishi"


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("YISHI_", "PYTHON"))}
    env.update(
        QT_QPA_PLATFORM="offscreen",
        HOME=str(tmp_path / "home"),
        XDG_DATA_HOME=str(tmp_path / "xdg"),
        YISHI_LANG="zh_CN",
    )
    env.update(extra)
    return env


def _run(exe: Path, args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(exe), *args], env=env, capture_output=True, text=True, timeout=180, check=False
    )


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_bundle_contents(bundle: Path) -> None:
    internal = bundle / "_internal"
    names = {p.relative_to(bundle).as_posix() for p in bundle.rglob("*")}
    assert (bundle / "VERSION").read_text().strip() == __version__
    # what it must carry
    assert "_internal/desktop/resources/translations/yishi_zh_CN.qm" in names
    assert "_internal/desktop/resources/translations/zh_CN/core.json" in names
    assert "_internal/desktop/migrations/env.py" in names
    for rev in script_heads():
        assert any(n.startswith(f"_internal/desktop/migrations/versions/{rev}") for n in names)
    qt = internal / "PySide6" / "Qt"
    plugins = {p.name for p in (qt / "plugins").rglob("*") if p.is_file()}
    if sys.platform.startswith("linux"):
        assert {"libqoffscreen.so", "libqxcb.so", "libcupsprintersupport.so"} <= plugins
        assert (internal / "pypdfium2_raw" / "libpdfium.so").is_file()
        assert (qt / "lib" / "libQt6PrintSupport.so.6").is_file()
    if sys.platform == "win32":
        assert (internal / "pypdfium2_raw" / "pdfium.dll").is_file()
    assert (qt / "translations" / "qtbase_zh_CN.qm").is_file()
    # what it must leave out
    joined = "\n".join(names)
    for unwanted in ("cityserver", "fastapi", "uvicorn", "WebEngine", "Qt6Qml", "Qt6Quick", "3D"):
        assert unwanted not in joined, unwanted
    assert "Multimedia" not in joined and "pytest" not in joined


def test_bundle_self_test_passes_offscreen(bundle: Path, tmp_path: Path) -> None:
    """The CI check: the frozen app opens a copy of a real database, prints, translates."""
    data = tmp_path / "data"
    data.mkdir()
    fixture = next(f for f in sorted(FIXTURES.glob("*.sqlite3")) if f.stem != "0001_foundation")
    shutil.copyfile(fixture, data / "yishi.sqlite3")
    before = _digest(data / "yishi.sqlite3")
    result = _run(bundle / "yishi", ["--self-test"], _env(tmp_path, YISHI_DATA_DIR=str(data)))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "自检通过" in result.stdout
    assert "[失败]" not in result.stdout
    assert "已嵌入字体" in result.stdout and "pdfium 渲染正常" in result.stdout
    # a copy was tested; the user's file is untouched and nothing was added beside it
    assert _digest(data / "yishi.sqlite3") == before
    assert sorted(p.name for p in data.iterdir()) == ["yishi.sqlite3"]


def test_bundle_self_test_upgrades_a_copy_of_an_old_database(bundle: Path, tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    shutil.copyfile(FIXTURES / "0001_foundation.sqlite3", data / "yishi.sqlite3")
    before = _digest(data / "yishi.sqlite3")
    result = _run(bundle / "yishi", ["--self-test"], _env(tmp_path, YISHI_DATA_DIR=str(data)))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0001_foundation → " + ", ".join(sorted(script_heads())) in result.stdout
    assert _digest(data / "yishi.sqlite3") == before


def test_bundle_self_test_reports_failure(bundle: Path, tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "yishi.sqlite3").write_bytes(b"this is not a database" * 100)
    result = _run(bundle / "yishi", ["--self-test"], _env(tmp_path, YISHI_DATA_DIR=str(data)))
    assert result.returncode == 1
    assert "[失败] 数据库" in result.stdout and "自检未通过" in result.stdout


def test_bundle_headless_commands(bundle: Path, tmp_path: Path) -> None:
    env = _env(tmp_path, YISHI_DATA_DIR=str(tmp_path / "data"))
    version = _run(bundle / "yishi", ["--version"], env)
    assert version.returncode == 0 and version.stdout.strip() == __version__
    upgrade = _run(bundle / "yishi", ["db", "upgrade"], env)
    assert upgrade.returncode == 0, upgrade.stdout + upgrade.stderr
    assert (tmp_path / "data" / "yishi.sqlite3").is_file()


def test_bundle_opens_the_main_window_on_the_demo_street(bundle: Path, tmp_path: Path) -> None:
    """The frozen GUI starts, builds the demo street and shows its home page, offscreen."""
    env = _env(tmp_path, YISHI_DATA_DIR=str(tmp_path / "demo"), YISHI_STARTUP_PROBE="1")
    result = _run(bundle / "yishi", ["--demo"], env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert any(line.startswith("READY ") for line in result.stdout.splitlines()), result.stdout
    assert (tmp_path / "demo" / "yishi.sqlite3").is_file()


def test_portable_zip_keeps_data_beside_the_executable(bundle: Path, tmp_path: Path) -> None:
    app = build.extract_zip(portable_zip(), tmp_path / "usb")
    assert (app / "portable.txt").is_file()
    env = _env(tmp_path)  # no YISHI_DATA_DIR: the marker decides
    upgrade = _run(app / "yishi", ["db", "upgrade"], env)
    assert upgrade.returncode == 0, upgrade.stdout + upgrade.stderr
    assert (app / "data" / "yishi.sqlite3").is_file()
    backup = _run(app / "yishi", ["db", "backup"], env)
    assert backup.returncode == 0, backup.stdout + backup.stderr
    assert list((app / "data" / "backups").glob("*.sqlite3"))
    result = _run(app / "yishi", ["--self-test"], env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "便携模式" in result.stdout
    assert f"数据目录：{app / 'data'}" in result.stdout
    # nothing went to the user's own data directory
    assert not (tmp_path / "xdg").exists() or not any((tmp_path / "xdg").rglob("*.sqlite3"))
