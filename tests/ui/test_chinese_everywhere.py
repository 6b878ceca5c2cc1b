"""Chinese everywhere: walk every page and dialog, collect every visible text, and find no
untranslated English (issue 18: "Yishi" as the sign-in heading, the street's name labelled
姓名, raw errors). A text fails when it holds a Latin word of three or more letters that is
not on the allow-list of names and formats a Chinese office uses as they are."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QMenu,
    QTabWidget,
    QTextEdit,
    QWidget,
    QWizard,
)
from pytestqt.qtbot import QtBot

from desktop.config import Paths
from desktop.db import Database
from desktop.services import roster
from desktop.services.permissions import Actor
from desktop.ui.context import AppContext
from desktop.ui.i18n import install_translators
from desktop.ui.main_window import PAGES, MainWindow

#: Latin words that are fine in a Chinese interface (formats, standards, product names).
ALLOWED = {
    "pdf",
    "excel",
    "xlsx",
    "json",
    "jsonl",
    "spec",
    "ballots",
    "csv",
    "https",
    "http",
    "www",
    "sqlite",
    "sqlite3",
    "qr",
    "ttf",
    "ttc",
    "simsun",
    "wenquanyi",
    "yishi",
    "yishibatch",
    "yishiack",
    "abcd",
    "efgh",
    "jklm",
    "sync",
    "example",
    "gov",
    "wal",
    "utf",
    "png",
    "dpi",
    "url",
    "usb",
    "wifi",
    "docx",
    "zip",
    "ctrl",
    "shift",
    "alt",
    "zwq",  # key names; an example of pinyin initials
}
#: Widgets that show data as it was typed (a sign-in name), not interface text.
DATA_WIDGETS = {"accountUsername", "enrolUrl", "enrolCode"}
WORD = re.compile(r"[A-Za-z]{3,}")


def english_words(text: str) -> list[str]:
    if "/" in text or "\\" in text:  # a path or an address: shown as it is
        text = " ".join(part for part in text.split() if "/" not in part and "\\" not in part)
    text = re.sub(r"<[^>]+>", " ", text)  # rich-text tags
    text = re.sub(r"&[a-z]+;", " ", text)
    return [w for w in WORD.findall(text) if w.lower() not in ALLOWED]


def visible_texts(root: QWidget) -> Iterator[tuple[str, str]]:
    """(where, text) for every text a user can read in ``root``, shown or on another tab."""
    widgets = [root, *root.findChildren(QWidget)]
    for w in widgets:
        if w.objectName() in DATA_WIDGETS:
            continue
        name = f"{type(w).__name__}#{w.objectName()}"
        if isinstance(w, (QLabel, QAbstractButton)):
            yield name, w.text()
        elif isinstance(w, (QLineEdit, QTextEdit)):
            yield name, w.placeholderText()
        elif isinstance(w, QGroupBox):
            yield name, w.title()
        elif isinstance(w, QTabWidget):
            for i in range(w.count()):
                yield name, w.tabText(i)
        elif isinstance(w, QComboBox):
            for i in range(w.count()):
                yield name, w.itemText(i)
        elif isinstance(w, QMenu):
            for action in w.actions():
                yield name, action.text()
        elif isinstance(w, QWizard):
            yield name, w.windowTitle()
        if isinstance(w, QAbstractItemView) and not isinstance(w, QListWidget):
            model = w.model()
            if model is not None:
                for c in range(model.columnCount()):
                    header = model.headerData(c, Qt.Orientation.Horizontal)
                    if header is not None:
                        yield name, str(header)
        if w.isWindow():
            yield name, w.windowTitle()
        if w.toolTip():
            yield name, w.toolTip()


def untranslated(root: QWidget) -> list[str]:
    return sorted(
        {f"{where}: {text!r}" for where, text in visible_texts(root) if english_words(text)}
    )


@pytest.fixture(autouse=True)
def _chinese(qapp: QApplication) -> None:
    install_translators(qapp)


@pytest.fixture
def ctx(db: Database, admin: Actor, paths: Paths) -> AppContext:
    with db.transaction() as s:
        roster.open_first_term(s, admin, name="第一届", started_on=date(2024, 1, 5))
    return AppContext(db=db, actor=admin, paths=paths)


def test_the_heuristic_catches_english_and_allows_formats() -> None:
    assert english_words("Sign in to Yishi") == ["Sign"]
    assert english_words("导出 Excel（SPEC.json + BALLOTS.jsonl）") == []
    assert english_words("/tmp/data/yishi.sqlite3") == []
    assert english_words("<h2>议事通</h2>") == []


def test_every_page_speaks_chinese(qtbot: QtBot, ctx: AppContext) -> None:
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    found: list[str] = []
    for spec in PAGES:
        if spec.key not in [s.key for s in window.specs]:
            continue
        page = window.open_page(spec.key)
        ctx.tasks.wait(30_000)
        found += untranslated(page)
    found += untranslated(window.statusBar())
    assert found == [], "\n".join(found)


def _dialogs(ctx: AppContext) -> list[tuple[str, Callable[[], QWidget]]]:
    from desktop.ui.dialogs import (
        accounts,
        enrol,
        first_run,
        holiday_calendar,
        meeting_dialogs,
        opinion_categories,
        opinion_dialogs,
        roster_forms,
        signin,
        sync_settings,
    )

    db, actor = ctx.db, ctx.actor
    return [
        ("sign in", lambda: signin.SignInDialog(db, "解放碑街道")),
        ("first run", lambda: first_run.FirstRunWizard(db)),
        ("enrol", lambda: enrol.EnrolDialog(ctx)),
        ("sync settings", lambda: sync_settings.SyncSettingsDialog(ctx)),
        ("holidays", lambda: holiday_calendar.HolidayCalendarDialog(db, actor)),
        ("categories", lambda: opinion_categories.CategoryDialog(db, actor)),
        ("password", lambda: accounts.ChangePasswordDialog(db, actor)),
        ("new opinion", lambda: opinion_dialogs.OpinionDialog(db, actor)),
        ("meeting", lambda: meeting_dialogs.MeetingDialog(None, "第一次会议")),
        ("agenda item", lambda: meeting_dialogs.AgendaItemDialog(None)),
        ("representative", lambda: roster_forms.RepresentativeDialog(ctx)),
        ("deputy", lambda: roster_forms.DeputyDialog(ctx)),
        ("station", lambda: roster_forms.StationDialog(ctx)),
        ("changeover", lambda: roster_forms.ChangeoverDialog(ctx)),
        ("community", lambda: roster_forms.CommunityDialog(ctx)),
    ]


def test_every_dialog_speaks_chinese(qtbot: QtBot, ctx: AppContext) -> None:
    found: list[str] = []
    for label, make in _dialogs(ctx):
        dialog = make()
        qtbot.addWidget(dialog)
        found += [f"{label}: {problem}" for problem in untranslated(dialog)]
    assert found == [], "\n".join(found)


def test_the_lock_screen_speaks_chinese(qtbot: QtBot, ctx: AppContext, paths: Paths) -> None:
    from desktop.ui.session import SessionController

    session = SessionController(ctx.db, paths, show=lambda w: qtbot.addWidget(w))
    window = session.start(ctx.actor)
    session.lock()
    assert session.lock_screen is not None
    assert untranslated(session.lock_screen) == []
    assert untranslated(window) == []
    session.dispose()
    session.deleteLater()


def test_the_sign_in_heading_and_the_street_name_label(qtbot: QtBot, ctx: AppContext) -> None:
    from PySide6.QtWidgets import QFormLayout

    from desktop.ui.dialogs.signin import SignInDialog
    from desktop.ui.pages.settings import SettingsPage

    dialog = SignInDialog(ctx.db, "解放碑街道")
    qtbot.addWidget(dialog)
    heading = dialog.findChild(QLabel, "signInHeading")
    assert heading is not None and "议事通" in heading.text() and "Yishi" not in heading.text()
    page = SettingsPage(ctx)
    qtbot.addWidget(page)
    labels = {
        label.text()
        for form in page.findChildren(QFormLayout)
        for row in range(form.rowCount())
        if (item := form.itemAt(row, QFormLayout.ItemRole.LabelRole)) is not None
        and isinstance(label := item.widget(), QLabel)
    }
    assert "街道名称" in labels  # was 姓名, a person's name


def test_the_audit_list_names_people_and_records(qtbot: QtBot, ctx: AppContext) -> None:
    """Not "admin" and a UUID: 王建国 changed 代表 张伟强."""
    from desktop.ui.pages.settings import SettingsPage
    from tests.unit.roster.helpers import id_number

    with ctx.db.transaction() as s:
        community = roster.save_community(s, ctx.actor, name="较场口社区")
        row = roster.save_representative(
            s,
            ctx.actor,
            roster.RepresentativeForm(
                name="张伟强", community_id=community.id, id_number=id_number(5)
            ),
        )
    page = SettingsPage(ctx)
    qtbot.addWidget(page)
    page.activate()
    table = page.audit_table
    texts = [
        [table.item(r, col).text() for col in range(table.columnCount())]
        for r in range(table.rowCount())
    ]
    mine = next(t for t in texts if "张伟强" in t[3])
    assert mine[1] == "王建国"
    assert all(row.id not in t[3] for t in texts)
    assert all(t[1] not in ("admin", "clerk") for t in texts)
