"""When repeated absence without leave is flagged (无故缺席提示).

The seeds name no number, so both rules are settings. The defaults follow the common rule of
the committees' 议事规则 and of the Deputies Law (代表法 §49: 未经批准两次不出席本级人民代表
大会会议的, 其代表资格终止): **two** meetings in a row missed without leave, or **three** in
one calendar year. 0 switches a rule off. Leave (请假) is never an absence.

Stored as one JSON value under ``attendance.settings`` of the ``setting`` table.
"""

from __future__ import annotations

from dataclasses import dataclass

from desktop.i18n import N_
from desktop.services.settings import WholeNumberSection

KEY = "attendance.settings"


@dataclass(frozen=True)
class AttendanceSettings:
    #: Flag whoever missed this many of their meetings in a row without leave (0 = off).
    consecutive_absences: int = 2
    #: Flag whoever missed this many meetings without leave in one calendar year (0 = off).
    absences_per_year: int = 3


_RANGES = {"consecutive_absences": (0, 20), "absences_per_year": (0, 50)}
_LABELS = {
    "consecutive_absences": N_("Absences in a row"),
    "absences_per_year": N_("Absences in a year"),
}


SECTION = WholeNumberSection(KEY, AttendanceSettings, _RANGES, _LABELS)
#: Validated, stored and audited as one value (desktop.services.settings.WholeNumberSection).
validate = SECTION.validate
load = SECTION.load
update = SECTION.update
