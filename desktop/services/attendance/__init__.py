"""Attendance over time (出席情况): per representative and per deputy, the meetings they were
on the roll of, attended, missed on leave and missed without leave, over a term; flags for
repeated absence without leave (:mod:`.settings`), and the meetings ledger (one row a
meeting). Read-only over the meetings' frozen attendance; the Excel ledgers are in
``desktop/excel/meeting_ledgers.py``."""

from desktop.services.attendance.ledger import (
    FLAG_CONSECUTIVE,
    FLAG_PER_YEAR,
    AttendanceLedger,
    MeetingLine,
    PersonAttendance,
    meeting_lines,
    term_attendance,
)
from desktop.services.attendance.settings import AttendanceSettings

__all__ = [
    "FLAG_CONSECUTIVE",
    "FLAG_PER_YEAR",
    "AttendanceLedger",
    "AttendanceSettings",
    "MeetingLine",
    "PersonAttendance",
    "meeting_lines",
    "term_attendance",
]
