"""One version number: the package metadata and desktop.__version__ (stamped into the bundle)."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from desktop import __version__

ROOT = Path(__file__).resolve().parents[2]


def test_pyproject_and_package_agree() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["version"] == __version__


def test_installer_reads_the_version_from_the_build() -> None:
    nsi = (ROOT / "installer" / "windows" / "yishi.nsi").read_text(encoding="utf-8")
    assert 'Name "${APP_NAME} ${APP_VERSION}"' in nsi
    assert "RequestExecutionLevel user" in nsi
    build = (ROOT / "installer" / "build_windows.py").read_text(encoding="utf-8")
    assert 'f"-DAPP_VERSION={app_version}"' in build
    assert "build(args.version or version()" in build


def test_every_listed_command_is_offered() -> None:
    """A command module missing from a build must break the CLI, not vanish from it."""
    from desktop.cli import COMMANDS, build_parser

    parser = build_parser()
    offered = {name for action in parser._subparsers._group_actions for name in action.choices}
    assert set(COMMANDS) <= offered


def test_every_command_is_offered_however_often_the_parser_is_built() -> None:
    """The roster commands were added once per ``id()`` of the subparsers object; a later
    parser reusing a freed object's id lost import/export/… (seen under the Windows Python)."""
    import gc

    from desktop.cli import COMMANDS, build_parser

    for _ in range(30):
        parser = build_parser()
        offered = {name for action in parser._subparsers._group_actions for name in action.choices}
        assert set(COMMANDS) <= offered
        del parser, offered
        gc.collect()


def test_command_line_mistakes_are_answered_in_chinese(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from desktop.cli import main

    with pytest.raises(SystemExit) as exit_info:
        main(["sync", "bogus"])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert "用法：yishi sync" in err and "无效的选项 'bogus'" in err and "error" not in err
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    assert "显示本帮助并退出" in out and "show this help" not in out
    monkeypatch.setenv("YISHI_LANG", "en")
    with pytest.raises(SystemExit):
        main(["sync"])
    assert "the following arguments are required: ACTION" in capsys.readouterr().err
