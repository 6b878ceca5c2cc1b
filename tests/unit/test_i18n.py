"""Every user-visible English string has its Chinese; the compiled catalogue is current."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from desktop.errors import ValidationError
from desktop.i18n import N_

ROOT = Path(__file__).resolve().parents[2]


def test_no_unfinished_zh_cn_entry_and_ts_is_current() -> None:
    result = subprocess.run(
        [sys.executable, "tools/i18n.py", "--check"], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr


def test_errors_speak_chinese_by_default() -> None:
    err = ValidationError(N_("The password must have at least {n} characters."), n=8)
    assert str(err) == "密码至少需要 8 个字符。"
    assert err.english == "The password must have at least 8 characters."
