"""argparse's own words (usage, headings, errors) in Chinese, so that ``yishi --help`` and a
mistyped command read in one language. argparse looks its messages up through the module
global ``_`` at call time; we put a catalogue lookup there. ``YISHI_LANG=en`` keeps English.
Stdlib only: this runs before every subcommand, ``yishi tally`` included.
"""

from __future__ import annotations

import argparse
import os

ARGPARSE_ZH = {
    "usage: ": "用法：",
    "positional arguments": "参数",
    "options": "选项",
    "show this help message and exit": "显示本帮助并退出",
    "%(prog)s: error: %(message)s\n": "%(prog)s：错误：%(message)s\n",
    "the following arguments are required: %s": "缺少参数：%s",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "invalid choice: %(value)r (choose from %(choices)s)": "无效的选项 %(value)r（可选：%(choices)s）",
    "invalid %(type)s value: %(value)r": "无效的值 %(value)r",
    "expected one argument": "需要一个值",
    "expected at most one argument": "最多一个值",
    "expected at least one argument": "至少需要一个值",
    "ambiguous option: %(option)s could match %(matches)s": "选项 %(option)s 不明确，可能是 %(matches)s",
    "not allowed with argument %s": "不能与参数 %s 同时使用",
    "one of the arguments %s is required": "参数 %s 必须选一个",
    "unexpected option string: %s": "多余的选项：%s",
    "can't open '%(filename)s': %(error)s": "无法打开“%(filename)s”：%(error)s",
    "unknown parser %(parser_name)r (choices: %(choices)s)": "未知的子命令 %(parser_name)r（可选：%(choices)s）",
}
ARGPARSE_ZH_PLURAL = {
    "expected %s argument": "需要 %s 个值",
}


_ORIGINAL = (argparse._, argparse.ngettext)  # type: ignore[attr-defined]


def install() -> None:
    if os.environ.get("YISHI_LANG", "zh_CN") == "en":
        argparse._, argparse.ngettext = _ORIGINAL  # type: ignore[attr-defined]
        return
    original_gettext, original_ngettext = _ORIGINAL

    def zh(message: str) -> str:
        return ARGPARSE_ZH.get(message) or original_gettext(message)

    def zh_n(singular: str, plural: str, n: int) -> str:
        return ARGPARSE_ZH_PLURAL.get(singular) or original_ngettext(singular, plural, n)

    argparse._ = zh  # type: ignore[attr-defined]
    argparse.ngettext = zh_n  # type: ignore[attr-defined]
