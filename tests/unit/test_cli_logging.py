"""Subcommands keep library warnings in the data folder's log, not on the terminal."""

from __future__ import annotations

import logging

import pytest

from desktop.cli import main
from desktop.config import Paths
from desktop.db import Database


def test_unenrolled_push_says_so_in_chinese_and_logs_the_detail(
    db: Database, paths: Paths, capsys: pytest.CaptureFixture[str]
) -> None:
    db.dispose()
    before = list(logging.getLogger().handlers)
    try:
        assert main(["--data-dir", str(paths.data_dir), "sync", "push"]) == 3
        assert main(["--data-dir", str(paths.data_dir), "sync", "push"]) == 3
        out, err = capsys.readouterr()
        assert "本机尚未向服务器注册" in out and "enrol first" not in out + err
        assert "已发送" not in out  # nothing was sent: the reason alone
        log = (paths.logs / "yishi-cli.log").read_text(encoding="utf-8")
        assert log.count("sync push failed (auth)") == 2
        added = [h for h in logging.getLogger().handlers if h not in before]
        assert len(added) == 1  # a second main() replaced its handler instead of stacking one
    finally:
        for handler in logging.getLogger().handlers:
            if handler not in before:
                logging.getLogger().removeHandler(handler)
                handler.close()
