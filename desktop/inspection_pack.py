"""The street's inspection pack (迎检资料包, issue 25): one action writes the year's whole set.

Every ledger as Excel, the year's papers as PDF (meeting papers, poll reports, the monthly
opinion reports, each station's year summary, the projects' year report), an index workbook
(``00 目录.xlsx``) listing every file with its record count, and ``SHA256SUMS.txt`` (one line
per file, as ``sha256sum -c`` reads it).

What goes in is a registry: each :class:`PackItem` is one small declaration naming the files
it contributes for a year, so a new ledger joins the pack with one line::

    register(ledger("meetings", "01 台账/会议台账.xlsx", "本年度议事代表会议", year_of="held_on"))

Everything is read in one read session, so the files agree with each other (one snapshot of
the database), from the synced tables' live rows — the rows the district receives by sync;
the index says how many local changes had not yet reached the city server.

The pack is written into a hidden sibling folder (``.名称.part``) and renamed into place only
when complete: a cancel or a failure leaves nothing behind (and an earlier pack of the same
name untouched). Each file inside is written through :func:`desktop.fileio.atomic_path`.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Callable, Iterator
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from desktop.db import Database
from desktop.errors import ValidationError
from desktop.excel.adapter import Existing
from desktop.fileio import atomic_path, write_bytes_atomically
from desktop.i18n import N_
from desktop.services import audit
from desktop.services.permissions import Actor, Permission

INDEX_NAME = "00 目录.xlsx"
CHECKSUM_NAME = "SHA256SUMS.txt"

#: (done, total, what) — raises to stop (the task manager's Progress raises Cancelled).
Progress = Callable[[int, int, str], None]


@dataclass(frozen=True)
class PackFile:
    """One file of the pack: where it goes, what the index says about it, how to write it.

    ``write(session, actor, path)`` writes the file at ``path`` and returns the number of
    records it holds (rows of a ledger, opinions of a monthly report …) in ``unit``."""

    name: str  # relative path inside the pack, "/" between folder and file
    description: str
    unit: str
    write: Callable[[Session, Actor, Path], int]


@dataclass(frozen=True)
class PackItem:
    """A declaration: ``files(session, year, today)`` lists the files it adds for the year."""

    key: str
    category: str
    files: Callable[[Session, int, date], list[PackFile]]


ITEMS: list[PackItem] = []


def register(item: PackItem) -> PackItem:
    ITEMS[:] = [i for i in ITEMS if i.key != item.key] + [item]
    return item


# ------------------------------------------------------------------------ ledgers (Excel)


def _year_of(key: str, year: int) -> Callable[[Existing], bool]:
    def keep(record: Existing) -> bool:
        value = record.values.get(key)
        if isinstance(value, datetime | date):
            return value.year == year
        if isinstance(value, int):
            return value == year
        return str(value or "")[:4] == str(year)

    return keep


def ledger(
    kind: str, name: str, description: str, *, year_of: str = "", unit: str = "条"
) -> PackItem:
    """A ledger of the Excel engine, whole (the roster) or the year's rows (``year_of`` names
    the column holding the date or the year). Skipped while no ledger ``kind`` is registered
    (a ledger another change adds joins the pack by being registered)."""

    def files(session: Session, year: int, _today: date) -> list[PackFile]:
        from desktop.excel import adapter

        if kind not in adapter.kinds():
            return []
        if year_of and year_of not in adapter.get(kind).ledger.keys:
            # a wrong column would give an empty ledger without a word: say so loudly
            raise LookupError(f"ledger {kind!r} has no column {year_of!r} for the pack's year")

        def write(s: Session, actor: Actor, path: Path) -> int:
            from desktop.excel import writer

            keep = _year_of(year_of, year) if year_of else None
            return writer.export(s, actor, kind, path, keep=keep, audited=False)

        return [PackFile(name, description, unit, write)]

    return PackItem(f"ledger:{kind}", "台账", files)


register(ledger("representatives", "01 台账/议事代表名册.xlsx", "本届议事代表名册", unit="人"))
register(ledger("deputies", "01 台账/人大代表名册.xlsx", "各级人大代表及所在家站点", unit="人"))
register(ledger("stations", "01 台账/代表家站点.xlsx", "代表之家、代表联络站等家站点", unit="个"))
register(ledger("contacts", "01 台账/代表联系群众.xlsx", "代表固定联系的群众和单位"))
# The meetings, attendance and poll-results ledgers (desktop/excel/meeting_ledgers.py, issue 24)
# join the pack once they are registered; attendance is per person over the term.
register(ledger("meetings", "01 台账/会议台账.xlsx", "本年度议事代表会议", year_of="held_on"))
register(ledger("attendance", "01 台账/会议出席台账.xlsx", "本届代表出席会议情况", unit="人"))
register(
    ledger(
        "polls",
        "01 台账/表决结果台账.xlsx",
        "本年度票决、表决和测评结果",
        year_of="voted_on",
        unit="行",
    )
)
register(
    ledger(
        "opinions",
        "01 台账/群众意见建议台账.xlsx",
        "本年度登记的群众意见建议",
        year_of="received_on",
    )
)
register(
    ledger(
        "activities",
        "01 台账/履职活动台账.xlsx",
        "本年度代表履职活动",
        year_of="held_on",
        unit="次",
    )
)
register(
    ledger(
        "projects", "01 台账/民生实事项目台账.xlsx", "本年度民生实事项目", year_of="year", unit="项"
    )
)


# ------------------------------------------------------------------------- papers (PDF)


def _bytes_file(
    name: str, description: str, unit: str, count: int, make: Callable[[Session, Actor], bytes]
) -> PackFile:
    def write(session: Session, actor: Actor, path: Path) -> int:
        write_bytes_atomically(path, make(session, actor))
        return count

    return PackFile(name, description, unit, write)


def _for_meeting(
    maker: Callable[[Session, Actor, str], bytes], meeting_id: str
) -> Callable[[Session, Actor], bytes]:
    return lambda session, actor: maker(session, actor, meeting_id)


def _for_poll(maker: Callable[..., bytes], poll_id: str) -> Callable[[Session, Actor], bytes]:
    return lambda session, _actor: maker(session, poll_id)


def _safe(text: str) -> str:
    """A title as a file name: no path separators or characters Windows refuses."""
    out = "".join("_" if ch in '\\/:*?"<>|' or ord(ch) < 32 else ch for ch in text).strip(" .")
    return out[:60] or "未命名"


def _local_year(moment: datetime | None) -> int | None:
    if moment is None:
        return None
    return (moment.astimezone() if moment.tzinfo else moment).year


def _meeting_papers(session: Session, year: int, _today: date) -> list[PackFile]:
    from desktop.models.meetings import Attendance, Meeting
    from desktop.reports import meeting_papers as mp

    meetings = [
        m
        for m in session.scalars(
            select(Meeting).where(Meeting.deleted_at.is_(None)).order_by(Meeting.starts_at)
        )
        if _local_year(m.starts_at) == year
    ]
    counts = {
        meeting_id: (int(roll), int(away or 0))
        for meeting_id, roll, away in session.execute(
            select(
                Attendance.meeting_id,
                func.count(),
                func.sum(case((Attendance.status != "present", 1), else_=0)),
            )
            .where(Attendance.deleted_at.is_(None))
            .group_by(Attendance.meeting_id)
        )
    }
    out: list[PackFile] = []
    for m in meetings:
        # the roll, and those on leave or absent (not yet arrived = absent once closed)
        people, missing = counts.get(m.id, (0, 0))
        folder = f"02 会议材料/{m.starts_at.astimezone():%m%d} {_safe(m.title)}"
        papers = [("notice", "会议通知", "1 次会议", 1, "次")]
        if m.status != "planned":
            papers.append(("signin", "签到表", "应到人员", people, "人"))
            papers.append(("absence", "缺席请假名单", "缺席和请假人员", missing, "人"))
        if m.status == "closed":
            papers.append(("minutes", "会议记录", "应到人员", people, "人"))
        for key, label, _what, count, unit in papers:
            maker = mp.PAPERS[key]
            out.append(
                _bytes_file(
                    f"{folder}/{label}.pdf",
                    f"{m.title}{label}",
                    unit,
                    count,
                    _for_meeting(maker, m.id),
                )
            )
    return out


def _poll_reports(session: Session, year: int, _today: date) -> list[PackFile]:
    from desktop.models.polls import Ballot, Poll
    from desktop.reports.result_notice import result_notice_pdf
    from desktop.reports.tally_report import tally_report_pdf

    polls = [
        p
        for p in session.scalars(
            select(Poll)
            .where(Poll.deleted_at.is_(None), Poll.status == "certified")
            .order_by(Poll.certified_at)
        )
        if _local_year(p.certified_at) == year
    ]
    out: list[PackFile] = []
    for p in polls:
        ballots = (
            session.scalar(
                select(func.count())
                .select_from(Ballot)
                .where(
                    Ballot.poll_id == p.id,
                    Ballot.deleted_at.is_(None),
                    Ballot.entry_pass == 1,
                    Ballot.is_test.is_(False),
                )
            )
            or 0
        )
        folder = f"03 票决表决/{_safe(p.title)}"
        out.append(
            _bytes_file(
                f"{folder}/计票结果报告单.pdf",
                f"{p.title}计票结果报告单（已核定）",
                "张选票",
                ballots,
                _for_poll(tally_report_pdf, p.id),
            )
        )
        out.append(
            _bytes_file(
                f"{folder}/结果公告.pdf",
                f"{p.title}结果公告",
                "张选票",
                ballots,
                _for_poll(result_notice_pdf, p.id),
            )
        )
    return out


def _opinion_months(session: Session, year: int, today: date) -> list[PackFile]:
    from desktop.models.opinions import Opinion
    from desktop.reports.opinion_papers import monthly_report

    last = 12 if year < today.year else (today.month if year == today.year else 0)
    out: list[PackFile] = []
    for month in range(1, last + 1):
        start = date(year, month, 1)
        end = date(year + (month == 12), month % 12 + 1, 1)

        def write(
            s: Session, actor: Actor, path: Path, m: int = month, a: date = start, b: date = end
        ) -> int:
            monthly_report(s, actor, path, year, m, today=today)
            return int(
                s.scalar(
                    select(func.count())
                    .select_from(Opinion)
                    .where(
                        Opinion.deleted_at.is_(None),
                        Opinion.received_on >= a,
                        Opinion.received_on < b,
                    )
                )
                or 0
            )

        out.append(
            PackFile(
                f"04 意见建议月报/{year}年{month:02d}月.pdf",
                f"群众意见建议台账月度报告（{year}年{month}月）",
                "条",
                write,
            )
        )
    return out


def _station_reports(session: Session, year: int, today: date) -> list[PackFile]:
    from desktop.models.roster import Station
    from desktop.reports.activity_papers import year_summary
    from desktop.services.activities import summary

    stations = session.execute(
        select(Station.id, Station.name).where(Station.deleted_at.is_(None)).order_by(Station.name)
    ).all()
    out: list[PackFile] = []
    for station_id, name in stations:

        def write(s: Session, actor: Actor, path: Path, sid: str = station_id) -> int:
            year_summary(s, actor, path, sid, year, today=today)
            return summary.year_summary(s, sid, year, today=today).activities

        out.append(
            PackFile(
                f"05 家站点履职报告/{_safe(name)}.pdf",
                f"{name}{year}年度履职情况汇总",
                "次活动",
                write,
            )
        )
    return out


def _project_report(session: Session, year: int, today: date) -> list[PackFile]:
    from desktop.models.projects import Project
    from desktop.reports.project_papers import yearly_report

    count = (
        session.scalar(
            select(func.count())
            .select_from(Project)
            .where(Project.year == year, Project.kind == "livelihood", Project.deleted_at.is_(None))
        )
        or 0
    )
    if not count:
        return []

    def write(s: Session, actor: Actor, path: Path) -> int:
        yearly_report(s, actor, path, year, today=today)
        return int(count)

    return [
        PackFile(
            f"06 民生实事/{year}年民生实事项目工作报告.pdf",
            f"关于{year}年民生实事项目工作情况的报告",
            "项",
            write,
        )
    ]


register(PackItem("meeting_papers", "会议材料", _meeting_papers))
register(PackItem("poll_reports", "票决表决", _poll_reports))
register(PackItem("opinion_months", "意见建议", _opinion_months))
register(PackItem("station_reports", "家站点", _station_reports))
register(PackItem("project_report", "民生实事", _project_report))


# --------------------------------------------------------------------------- the pack


@dataclass(frozen=True)
class IndexRow:
    number: int
    category: str
    name: str
    description: str
    count: int
    unit: str
    size: int
    sha256: str


@dataclass(frozen=True)
class PackResult:
    folder: Path
    rows: tuple[IndexRow, ...]
    unsynced: int
    files: int = field(default=0)
    #: Whether this PC is enrolled for sync (if not, the district sees none of this yet).
    enrolled: bool = True


def pack_name(street_name: str, year: int) -> str:
    return f"{_safe(street_name) if street_name else '本街道'}{year}年度迎检资料"


def plan(session: Session, year: int, today: date) -> list[tuple[PackItem, PackFile]]:
    """Every file the pack will hold for ``year``, in order."""
    return [(item, f) for item in ITEMS for f in item.files(session, year, today)]


def enrolled(session: Session) -> bool:
    """Whether this PC sends its data to a city server at all."""
    from desktop.models.sync import SyncState

    token = session.scalar(select(SyncState.token).limit(1))
    return bool(token)


def unsynced_changes(session: Session) -> int:
    """Changes made on this PC that the city server has not yet acknowledged."""
    from desktop.models.outbox import SyncOutbox
    from desktop.models.sync import SyncBatch

    pending = session.scalar(
        select(func.count()).select_from(SyncOutbox).where(SyncOutbox.batch_id.is_(None))
    )
    unacked = session.scalar(
        select(func.coalesce(func.sum(SyncBatch.count), 0)).where(SyncBatch.state != "acked")
    )
    return int(pending or 0) + int(unacked or 0)


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def write_pack(
    db: Database,
    actor: Actor,
    year: int,
    out_dir: Path | str,
    *,
    progress: Progress | None = None,
    today: date | None = None,
) -> PackResult:
    """Write the year's pack as a folder inside ``out_dir`` and return what it holds.

    ``progress(done, total, name)`` is called before each file; if it raises (the user
    cancelled), the partly written folder is removed and the exception propagates."""
    actor.require(Permission.VIEW)
    if not 2000 <= year <= 2100:
        raise ValidationError(N_("Year {year} is out of range."), field="year", year=year)
    today = today or date.today()
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    from desktop.services.street import current

    with db.session() as s:
        street = current(s)
        name = pack_name(street.name if street else "", year)
        target = out_dir / name
        work = out_dir / f".{name}.part"
        if work.exists():  # left by a crash: never ours to keep
            shutil.rmtree(work)
        work.mkdir()
        try:
            sent = enrolled(s)
            rows, unsynced = _write_files(
                s, actor, year, today, work, street, progress or _no_progress
            )
        except BaseException:
            shutil.rmtree(work, ignore_errors=True)
            raise
        s.rollback()  # end the read snapshot before the write transaction
    _move_into_place(work, target)
    with db.transaction() as s:
        audit.record(
            s,
            actor,
            "export.pack",
            "export",
            "",
            after={"file": name, "year": year, "files": len(rows)},
        )
    return PackResult(target, tuple(rows), unsynced, len(rows), sent)


def _no_progress(_done: int, _total: int, _text: str) -> None:
    return None


def _write_files(
    s: Session,
    actor: Actor,
    year: int,
    today: date,
    work: Path,
    street: Any,
    progress: Progress,
) -> tuple[list[IndexRow], int]:
    planned = plan(s, year, today)
    total = len(planned) + 2
    rows: list[IndexRow] = []
    for number, (item, f) in enumerate(planned, start=1):
        progress(number - 1, total, f.name)
        path = work.joinpath(*f.name.split("/"))
        path.parent.mkdir(parents=True, exist_ok=True)
        count = f.write(s, actor, path)
        rows.append(
            IndexRow(
                number,
                item.category,
                f.name,
                f.description,
                count,
                f.unit,
                path.stat().st_size,
                sha256_of(path),
            )
        )
    unsynced = unsynced_changes(s)
    progress(len(planned), total, INDEX_NAME)
    index = work / INDEX_NAME
    _write_index(index, rows, street, year, unsynced, enrolled(s), actor)
    progress(len(planned) + 1, total, CHECKSUM_NAME)
    lines = [f"{sha256_of(index)}  {INDEX_NAME}"] + [f"{r.sha256}  {r.name}" for r in rows]
    with atomic_path(work / CHECKSUM_NAME) as tmp:
        tmp.write_text("\n".join(lines) + "\n", encoding="utf-8", newline="\n")
    progress(total, total, "")
    return rows, unsynced


def _move_into_place(work: Path, target: Path) -> None:
    """Rename the finished folder to its name; an older pack of that name is replaced only
    once the new one is in place."""
    old = target.with_name(f".{target.name}.old")
    if old.exists():
        shutil.rmtree(old)
    if target.exists():
        os.replace(target, old)
    try:
        os.replace(work, target)
    except BaseException:
        with suppress(OSError):
            if old.exists() and not target.exists():
                os.replace(old, target)
        shutil.rmtree(work, ignore_errors=True)
        raise
    shutil.rmtree(old, ignore_errors=True)


def _write_index(
    path: Path,
    rows: list[IndexRow],
    street: Any,
    year: int,
    unsynced: int,
    sent: bool,
    actor: Actor,
) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    wb = Workbook()
    ws = wb.active
    ws.title = "目录"
    title = f"{street.name if street else ''}{year}年度迎检资料目录"
    ws.append([title])
    ws["A1"].font = Font(bold=True, size=14)
    ws.merge_cells("A1:G1")
    ws["A1"].alignment = Alignment(horizontal="center")
    stamp = datetime.now().astimezone().strftime("%Y年%m月%d日 %H:%M")
    ws.append([f"生成时间：{stamp}　生成人：{actor.display_name or actor.username}"])
    ws.merge_cells("A2:G2")
    if not sent:
        synced = "本机尚未登记同步，区里还看不到这些数据。"
    elif unsynced == 0:
        synced = "本机的更改均已送达市级服务器，资料与区里看到的数据一致。"
    else:
        synced = f"本机尚有 {unsynced} 条更改未送达市级服务器（同步后区里看到的数据与本资料一致）。"
    ws.append([f"数据来源：本机数据库（已同步的台账数据，不含已删除记录）。{synced}"])
    ws.merge_cells("A3:G3")
    ws.append(["序号", "类别", "文件", "说明", "记录数", "单位", "SHA-256 校验值"])
    head = ws.max_row
    fill = PatternFill("solid", fgColor="DDEBF7")
    for cell in ws[head]:
        cell.font = Font(bold=True)
        cell.fill = fill
        cell.alignment = Alignment(horizontal="center")
    for r in rows:
        ws.append([r.number, r.category, r.name, r.description, r.count, r.unit, r.sha256])
    ws.append([])
    ws.append(
        [
            f"共 {len(rows)} 个文件。校验：在资料文件夹中运行 sha256sum -c {CHECKSUM_NAME}"
            "（Windows：certutil -hashfile 文件名 SHA256），与上表及校验文件一致即未被改动。"
        ]
    )
    ws.merge_cells(start_row=ws.max_row, start_column=1, end_row=ws.max_row, end_column=7)
    ws.freeze_panes = ws.cell(row=head + 1, column=1)
    for letter, width in zip("ABCDEFG", (6, 10, 44, 40, 8, 7, 66), strict=True):
        ws.column_dimensions[letter].width = width
    ws.print_title_rows = f"{head}:{head}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    with atomic_path(path) as tmp:
        wb.save(tmp)


def read_index(path: Path) -> Iterator[tuple[str, int]]:
    """(file name, record count) of each row of an index workbook (for checks and tests)."""
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True)
    try:
        started = False
        for row in wb["目录"].iter_rows(values_only=True):
            if row and row[0] == "序号":
                started = True
                continue
            if started and row and isinstance(row[0], int):
                yield str(row[2]), int(row[4])
    finally:
        wb.close()
