"""Street deliberation-representative meetings (街道议事代表会议).

The area's public API is re-exported here, so ``from desktop.services import meetings`` then
``meetings.create_meeting(...)`` works. Where each rule lives:

* :mod:`.core` — lifecycle and quorum
* :mod:`.signin` — the sign-in desk (签到)
* :mod:`.attendance_lists` — who has not arrived, who was absent or on leave
* :mod:`.agenda` — the agenda (议程)
* :mod:`.minutes` — resolutions and the minutes; :mod:`.minutes_hooks` — sections other areas add
"""

from __future__ import annotations

from desktop.services.meetings.core import (
    ATTENDANCE_LABELS,
    EDITABLE_FIELDS,
    FROZEN_FIELDS,
    STATUS_LABELS,
    AttendanceRow,
    MeetingInfo,
    QuorumStatus,
    attendance,
    attendance_row,
    check_editable,
    close_meeting,
    create_meeting,
    current_term_id,
    delete_meeting,
    expected_roster,
    get_meeting,
    initials,
    list_meetings,
    load_meeting,
    next_number,
    open_meeting,
    planned_roster,
    quorum_status,
    require_quorum,
    term_name,
    update_meeting,
)

__all__ = [
    "ATTENDANCE_LABELS",
    "EDITABLE_FIELDS",
    "FROZEN_FIELDS",
    "STATUS_LABELS",
    "AttendanceRow",
    "MeetingInfo",
    "QuorumStatus",
    "attendance",
    "attendance_row",
    "check_editable",
    "close_meeting",
    "create_meeting",
    "current_term_id",
    "delete_meeting",
    "expected_roster",
    "get_meeting",
    "initials",
    "list_meetings",
    "load_meeting",
    "next_number",
    "open_meeting",
    "planned_roster",
    "quorum_status",
    "require_quorum",
    "term_name",
    "update_meeting",
]
