"""Start-up with a damaged database, and the background quick_check (issue 15, item 6)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from desktop.config import Paths
from desktop.db import Database, backup_to_folder
from desktop.services import accounts
from desktop.ui import app as gui
from desktop.ui import db_health
from desktop.ui.i18n import install_translators


@pytest.fixture(autouse=True)
def _chinese(qapp: QApplication) -> None:
    install_translators(qapp)


@pytest.fixture
def backup(db: Database, paths: Paths) -> Path:
    with db.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    made = backup_to_folder(paths.database, paths.backups, "manual")
    db.dispose()
    return made


class Answers:
    def __init__(self, *choices: str) -> None:
        self.choices = list(choices)
        self.asked: list[tuple[str, Path | None]] = []
        self.told: list[str] = []

    def ask(self, _parent: QWidget | None, problem: str, newest: Path | None) -> str:
        self.asked.append((problem, newest))
        return self.choices.pop(0)

    def tell(self, _parent: QWidget | None, text: str) -> None:
        self.told.append(text)


@pytest.fixture
def answers(monkeypatch: pytest.MonkeyPatch) -> Answers:
    found = Answers()
    monkeypatch.setattr(db_health, "ask_recovery", found.ask)
    monkeypatch.setattr(db_health, "tell_restored", found.tell)
    monkeypatch.setattr(gui.QMessageBox, "critical", lambda *a: None)
    return found


@pytest.mark.parametrize(("size", "words"), [(0, "0 字节"), (6000, "截断")])
def test_start_offers_the_newest_backup_and_keeps_the_damaged_file(
    paths: Paths, backup: Path, answers: Answers, size: int, words: str
) -> None:
    paths.database.write_bytes(paths.database.read_bytes()[:size])
    answers.choices = [db_health.RESTORE_NEWEST]
    db = gui.open_or_explain(paths)
    assert db is not None
    try:
        assert accounts.sign_in(db, "clerk", "test1234").username == "clerk"
    finally:
        db.dispose()
    ((problem, newest),) = answers.asked
    assert "已损坏" in problem and words in problem and newest == backup
    assert answers.told and "已从" in answers.told[0]
    kept = list(paths.backups.glob("damaged-*"))
    assert [p.stat().st_size for p in kept if p.name.endswith("yishi.sqlite3")] == [size]


def test_quitting_leaves_the_damaged_file_as_it_is(
    paths: Paths, backup: Path, answers: Answers
) -> None:
    paths.database.write_bytes(b"")
    answers.choices = [db_health.QUIT]
    assert gui.open_or_explain(paths) is None
    assert paths.database.stat().st_size == 0 and not list(paths.backups.glob("damaged-*"))


def test_a_bad_chosen_backup_is_refused_and_asked_again(
    paths: Paths, backup: Path, answers: Answers, tmp_path: Path
) -> None:
    paths.database.write_bytes(paths.database.read_bytes()[:6000])
    bogus = tmp_path / "bogus.sqlite3"
    bogus.write_bytes(b"not a database at all" * 50)
    answers.choices = [db_health.RESTORE_CHOSEN, db_health.RESTORE_NEWEST]
    recovery = db_health.Recovery(paths)
    recovery.choose = lambda _parent, _folder: bogus
    assert recovery.run("损坏")
    assert len(answers.asked) == 2 and "不是" in answers.asked[1][0]


def _scribble(path: Path) -> None:
    data = bytearray(path.read_bytes())
    for n in range(2, len(data) // 4096):
        data[n * 4096 : n * 4096 + 64] = b"\xa5" * 64
    path.write_bytes(bytes(data))


def test_quick_check_after_the_window_shows_warns_of_damage(
    qtbot: QtBot, paths: Paths, backup: Path
) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    found: list[str] = []
    tasks = db_health.check_in_background(window, paths, on_damage=found.append)
    assert tasks.wait(30_000)
    QApplication.processEvents()
    assert found == []  # a whole database: no warning
    _scribble(paths.database)
    db_health.check_in_background(window, paths, on_damage=found.append)
    qtbot.waitUntil(lambda: bool(found), timeout=30_000)
