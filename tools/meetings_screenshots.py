"""Screenshots of the meetings area for docs/screenshots/: the sign-in desk during a meeting
(driven through the real widget like a scanner) and the first page of a rendered minutes.

Run: ``QT_QPA_PLATFORM=offscreen .venv/bin/python tools/meetings_screenshots.py``
(or under ``xvfb-run``). Needs pdftoppm (poppler-utils).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

os.environ.setdefault("TZ", "Asia/Shanghai")
time.tzset()
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from argon2 import PasswordHasher  # noqa: E402
from PySide6.QtCore import QEventLoop, Qt, QTimer  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402

from desktop.config import Paths  # noqa: E402
from desktop.db import open_database  # noqa: E402
from desktop.demo import use_demo_time_zone  # noqa: E402
from desktop.models.roster import Community, Deputy, Representative, Term  # noqa: E402
from desktop.reports import meeting_papers  # noqa: E402
from desktop.services import accounts, meetings, street  # noqa: E402
from desktop.services.cards import representative_card_text  # noqa: E402
from desktop.services.meetings import agenda, minutes, signin  # noqa: E402
from desktop.services.permissions import SYSTEM_ACTOR  # noqa: E402
from desktop.ui.app import make_application  # noqa: E402
from desktop.ui.context import AppContext  # noqa: E402
from desktop.ui.main_window import MainWindow  # noqa: E402
from desktop.ui.pages.meetings import MeetingsPage  # noqa: E402

STREET = "500103001000"
COMMUNITIES = ("较场口社区", "七星岗社区", "解放碑社区", "大井巷社区", "民生路社区")
NAMES = [
    "张伟强",
    "李秀英",
    "王芳",
    "刘洋",
    "陈静",
    "杨帆",
    "赵敏",
    "黄磊",
    "周婷",
    "吴刚",
    "徐丽",
    "孙浩",
    "胡军",
    "朱琳",
    "高峰",
    "林娜",
    "何涛",
    "郭霞",
    "马超",
    "罗兰",
    "梁勇",
    "宋佳",
    "郑凯",
    "谢婷婷",
    "韩冬",
    "唐明",
    "冯雪",
    "于洪",
    "董建军",
    "萧然",
    "程亮",
    "曹颖",
    "袁野",
    "邓丽君",
    "许文",
    "傅强",
    "沈悦",
    "曾志伟",
    "彭丽",
    "吕刚",
]
OUT = ROOT / "docs" / "screenshots"


def settle(ms: int = 80) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def _png(source: Path, pdf: bytes, name: str, page: int = 1) -> None:
    """Page ``page`` of ``pdf`` as docs/screenshots/<name>.png (90 dpi)."""
    source.write_bytes(pdf)
    subprocess.run(
        [
            *("pdftoppm", "-r", "90", "-png", "-singlefile"),
            *("-f", str(page), "-l", str(page), str(source), str(OUT / name)),
        ],
        check=True,
    )


def main() -> None:
    use_demo_time_zone()
    accounts._hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    app = make_application()
    folder = Path(tempfile.mkdtemp(prefix="yishi-shots-"))
    paths = Paths(folder / "data").ensure()
    db = open_database(paths.database, backups=paths.backups)
    with db.transaction() as s:
        accounts.create_first_admin(s, "admin", "王建国", "shots1234")
        street.setup(
            s,
            SYSTEM_ACTOR,
            code=STREET,
            name="解放碑街道",
            kind="street",
            district="渝中区",
            city="重庆市",
        )
        admin = accounts.actor_for(accounts._get(s, 1))
        accounts.create_user(s, admin, "clerk", "李晓梅", "clerk", "shots1234")
        clerk = accounts.actor_for(accounts._get(s, 2))
    db.refresh_street_code()
    with db.transaction() as s:
        term = Term(number=1, name="第一届", started_on=date(2025, 1, 1))
        comms = [Community(name=n, sort_order=i) for i, n in enumerate(COMMUNITIES)]
        s.add(term)
        s.add_all(comms)
        s.flush()
        reps = [
            Representative(
                term_id=term.id,
                community_id=comms[i % len(comms)].id,
                name=n,
                name_initials=meetings.initials(n),
                phone=f"139{23456000 + i * 137:08d}",
            )
            for i, n in enumerate(NAMES)
        ]
        deps = [
            Deputy(name=n, name_initials=meetings.initials(n), level="district")
            for n in ("邓建华", "谢红梅", "唐志远")
        ]
        s.add_all(reps + deps)
        s.flush()
        rep_ids = [r.id for r in reps]
        starts = datetime.now(UTC).replace(second=0, microsecond=0) + timedelta(minutes=10)
        m = meetings.create_meeting(
            s,
            clerk,
            title="解放碑街道第一届议事代表会议第七次会议",
            starts_at=starts,
            venue="街道办事处三楼会议室",
            convener="街道人大工委",
            presiding="王建国",
            minute_taker="李晓梅",
            number=7,
        )
        item = agenda.add_item(
            s,
            clerk,
            m.id,
            kind="report",
            title="听取街道关于老旧小区改造工作情况的报告",
            department="街道城市管理办公室",
            reporter="黄志刚",
            summary="今年计划改造小区9个，已开工6个，惠及居民2100余户。",
            minutes_text="代表们对改造进度给予肯定，反映部分小区施工期间出行不便，建议设置临时通道并提前公示工期。",
        )
        agenda.add_item(
            s,
            clerk,
            m.id,
            kind="vote",
            title="票决2027年度民生实事项目",
            summary="12个候选项目，应选10个。",
            minutes_text="采用无记名投票方式票决，当场计票并公布结果。",
        )
        agenda.add_item(
            s,
            clerk,
            m.id,
            kind="deliberation",
            title="协商既有住宅加装电梯工作",
            minutes_text="代表们就加装电梯资金分摊、低层住户补偿等问题充分协商，建议街道制定统一的协商指引。",
        )
        meetings.open_meeting(s, clerk, m.id)
        rows = meetings.attendance(s, clerk, m.id)
        for row, reason in zip(
            [r for r in rows if r.voting][-2:], ("出差", "生病住院"), strict=True
        ):
            signin.set_status(s, clerk, row.id, "on_leave", reason)

    window = MainWindow(AppContext(db, clerk, paths))
    window.resize(1366, 768)
    window.show()
    page = window.open_page("meetings")
    assert isinstance(page, MeetingsPage)
    settle(300)
    entry = page.desk.entry
    for rep_id in rep_ids[:27]:
        QTest.keyClicks(entry, representative_card_text(STREET, rep_id))
        QTest.keyClick(entry, Qt.Key.Key_Return)
    QTest.keyClicks(entry, representative_card_text(STREET, rep_ids[3]))  # a second scan: refused
    QTest.keyClick(entry, Qt.Key.Key_Return)
    QTest.keyClicks(entry, "djh")  # 邓建华, a deputy attending without a vote
    QTest.keyClick(entry, Qt.Key.Key_Return)
    QTest.keyClicks(entry, representative_card_text(STREET, rep_ids[27]))
    QTest.keyClick(entry, Qt.Key.Key_Return)
    settle(200)
    # The 未到 filter: who to call, with their phone numbers.
    page.desk.filter.setCurrentIndex(page.desk.filter.findData("not_arrived"))
    settle(200)
    OUT.mkdir(parents=True, exist_ok=True)
    window.grab().save(str(OUT / "signin-desk.png"))
    with db.session() as s:
        notice = meeting_papers.notice_pdf(s, clerk, m.id)
    _png(folder / "notice.pdf", notice, "notice")

    # Close the meeting and render its minutes.
    with db.transaction() as s:
        minutes.add_resolution(
            s,
            clerk,
            m.id,
            title="同意老旧小区改造工作情况报告",
            result="adopted",
            votes_summary="赞成27票，反对0票，弃权1票",
            agenda_item_id=item.id,
        )
        meetings.update_meeting(s, clerk, m.id, minutes_text="会议在规定时间内完成各项议程。")
        meetings.close_meeting(s, clerk, m.id)
    with db.session() as s:
        pdf = meeting_papers.minutes_pdf(s, clerk, m.id)
    _png(folder / "minutes.pdf", pdf, "minutes")
    window.close()
    db.dispose()
    print(f"wrote {OUT / 'signin-desk.png'}, {OUT / 'notice.png'} and {OUT / 'minutes.png'}")
    del app


if __name__ == "__main__":
    main()
