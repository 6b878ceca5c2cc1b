"""The archive settings: the points floor, the 优秀 line of a report-back rating, and the
fixed-contact rule (Chongqing, seed 000: 5 for a directly elected deputy, 3 for an
indirectly elected one; Changji, seed 003, asks 10).

Stored as one JSON value under ``archives.settings`` of the ``setting`` table.
"""

from __future__ import annotations

from dataclasses import dataclass

from desktop.services.settings import WholeNumberSection

KEY = "archives.settings"


@dataclass(frozen=True)
class ArchiveSettings:
    #: A deputy whose yearly total is below this is flagged on the ranking (0 = no floor).
    points_floor: int = 20
    #: A report-back whose 优秀 rate is below this percentage flags a 谈心谈话.
    excellent_line_percent: int = 80
    #: Fixed contacts each deputy keeps (直接选举 / 间接选举).
    contacts_direct: int = 5
    contacts_indirect: int = 3

    def contacts_required(self, election: str) -> int:
        return self.contacts_indirect if election == "indirect" else self.contacts_direct


_RANGES = {
    "points_floor": (0, 1000),
    "excellent_line_percent": (1, 100),
    "contacts_direct": (0, 50),
    "contacts_indirect": (0, 50),
}


SECTION = WholeNumberSection(KEY, ArchiveSettings, _RANGES)
#: Validated, stored and audited as one value (desktop.services.settings.WholeNumberSection).
validate = SECTION.validate
load = SECTION.load
update = SECTION.update
