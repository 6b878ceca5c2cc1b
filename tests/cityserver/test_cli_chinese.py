"""The server's command line speaks Chinese to the city's IT staff (issue 18)."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

from cityserver import cli


def _run(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(argv)
    return code, out.getvalue(), err.getvalue()


def _english(text: str) -> list[str]:
    allowed = {
        "yishi",
        "server",
        "yishibatch",
        "xlsx",
        "sqlite",
        "http",
        "postgresql",
        "psycopg",
        "ed25519",
    }
    # names a script types as they are (environment variables, paths, URLs) are not prose
    prose = " ".join(
        t for t in re.split(r"[\s（），、；：]+", text) if not re.search(r"[$/_@.:]", t)
    )
    return [w for w in re.findall(r"[A-Za-z]{4,}", prose) if w.lower() not in allowed]


def test_messages_are_chinese(tmp_path: Path) -> None:
    data = ["--data-dir", str(tmp_path)]
    code, out, _err = _run(["migrate", *data])
    assert code == cli.EXIT_OK and out.strip() == "数据库已是最新版本"
    code, _out, err = _run(["devices", "revoke", "no-such-device", *data])
    assert code == cli.EXIT_USAGE and "没有这个终端" in err
    code, _out, err = _run(["devices", "issue-code", "--street", "12", *data])
    assert code == cli.EXIT_USAGE and "12位数字" in err
    code, _out, err = _run(
        ["devices", "issue-code", "--street", "500103001000", "--expires", "soon", *data]
    )
    assert code == cli.EXIT_USAGE and "有效期" in err and not _english(err.split("'")[0])
    code, out, _err = _run(
        [
            "export",
            "--street",
            "500103001000",
            "--entity",
            "x",
            "--out",
            str(tmp_path / "x.xlsx"),
            *data,
        ]
    )
    assert code == cli.EXIT_USAGE


def test_help_is_chinese() -> None:
    parser = cli.build_parser()
    text = parser.format_help()
    assert "议事通市级服务器" in text
    for action in parser._subparsers._group_actions:
        for choice in action.choices.values():
            for sub in choice._actions:
                if sub.help and sub.help != "show this help message and exit":
                    assert not _english(sub.help), sub.help


def test_argparse_own_lines_are_chinese(tmp_path: Path) -> None:
    """ "usage:", the option headings and argparse's error line read in Chinese (issue 18)."""
    import pytest

    text = cli.build_parser().format_help()
    assert text.startswith("用法：") and "选项" in text and "显示本帮助并退出" in text
    assert "usage:" not in text and "show this help" not in text
    run_help = cli.build_parser()._subparsers._group_actions[0].choices["run"].format_help()  # type: ignore[index]
    assert "监听端口" in run_help and "监听地址" in run_help
    err = io.StringIO()
    with contextlib.redirect_stderr(err), pytest.raises(SystemExit) as stop:
        cli.main(["devices"])
    assert stop.value.code == cli.EXIT_USAGE
    lines = err.getvalue().splitlines()
    assert lines[0].startswith("用法：") and "错误：" in lines[-1] and "缺少参数" in lines[-1]
    assert not _english(lines[-1].split("：", 2)[-1].replace("ACTION", ""))
