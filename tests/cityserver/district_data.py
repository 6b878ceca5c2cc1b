"""Synced rows of one street for the district dashboard tests, pushed through the real API."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from fastapi.testclient import TestClient

from tests.cityserver.helpers import Device


@dataclass(frozen=True)
class Expected:
    """What the dashboard must show for the street pushed by :func:`push_street`."""

    opinions: int
    on_time: int
    satisfied: int
    meetings: int
    polls: int
    reps: int
    deputies: int
    stations: int


def push(client: TestClient, device: Device, ops: list[dict[str, Any]]) -> None:
    for start in range(0, len(ops), 500):
        part = ops[start : start + 500]
        body, headers = device.seal(device.batch(part))
        response = client.post("/api/v1/batches", content=body, headers=headers)
        assert response.status_code == 200, response.text


def street_ops(
    device: Device, year: int, opinions: int = 6, late: bool = False, full: bool = False
) -> list[dict[str, Any]]:
    """A small street: 2 stations, 3 representatives, 2 deputies, ``opinions`` opinions in
    months 1…, each answered on time except with ``late`` (then every second one is late),
    two thirds satisfied; 2 closed meetings, 1 certified poll, an activity with a deputy.
    ``full``: a street that keeps every rule (4 meetings, each station active every month with
    both deputies)."""

    def op(entity: str, kind: str | None = None, **fields: Any) -> dict[str, Any]:
        made = device.op(entity, **fields)
        if kind is not None:  # ``kind`` of device.op is the op's kind (upsert/delete)
            made["data"]["kind"] = kind
        return made

    ops: list[dict[str, Any]] = []
    community = op("community", name="和平社区", kind="community", code="001")
    ops.append(community)
    cid = community["entity_id"]
    home = op(
        "station",
        name="和平代表之家",
        kind="home",
        status="active",
        community_id=cid,
        activity_frequency="monthly",
    )
    post = op(
        "station",
        name="和平联络站",
        kind="liaison_station",
        status="active",
        community_id=cid,
        activity_frequency="monthly",
    )
    ops += [home, post]
    for i in range(3):
        ops.append(
            op(
                "representative",
                name=f"代表{i}",
                status="active",
                community_id=cid,
                phone="13800000000",
                sector="resident",
            )
        )
    ops.append(op("representative", name="离任代表", status="left", community_id=cid))
    deputies = [
        op(
            "deputy",
            name=f"人大代表{i}",
            level="district",
            status="active",
            station_id=home["entity_id"],
        )
        for i in range(2)
    ]
    ops += deputies
    for i in range(opinions):
        month = i % 12 + 1
        answered = date(year, month, 10)
        due = date(year, month, 5 if late and i % 2 else 20)
        ops.append(
            op(
                "opinion",
                number=f"YJ{year}-{i:05d}",
                received_on=date(year, month, 1).isoformat(),
                channel="reception_day",
                category="other",
                content=f"第{i}条意见：楼道灯不亮",
                status="followed_up",
                department="街道城管科",
                assigned_on=date(year, month, 2).isoformat(),
                due_on=due.isoformat(),
                answered_on=answered.isoformat(),
                satisfaction="satisfied" if i % 3 else "dissatisfied",
                resident_name="张三",
                resident_phone="13900000000",
                community_id=cid,
            )
        )
    for n, month in enumerate((2, 5, 8, 11)[: 4 if full else 2], start=1):
        ops.append(
            op(
                "meeting",
                number=n,
                title=f"第{n}次议事会议",
                status="closed",
                starts_at=f"{year}-{month:02d}-15T09:00:00+08:00",
                venue="街道会议室",
                members_total=3,
            )
        )
    ops.append(
        op(
            "poll",
            title="民生实事项目票决",
            kind="selection",
            status="certified",
            certified_at=f"{year}-03-20T10:00:00+08:00",
            members_total=3,
            present=3,
            issued=3,
        )
    )
    for n, status in enumerate(("implementing", "completed", "proposed")[: 3 if full else 2]):
        project = op(
            "project",
            kind="livelihood",
            year=year,
            number=f"MS{year}-{n + 1:03d}",
            title=f"民生实事{n + 1}",
            status=status,
        )
        ops.append(project)
        ops.append(
            op(
                "project_milestone",
                project_id=project["entity_id"],
                no=1,
                title="开工",
                planned_on=f"{year}-06-30",
                actual_on=f"{year}-06-28" if full or n else None,
            )
        )
    held = [(station, month) for station in (home, post) for month in range(1, 13)]
    for station, month in held if full else held[:1]:
        activity = op(
            "duty_activity",
            kind="reception",
            held_on=f"{year}-{month:02d}-15",
            station_id=station["entity_id"],
        )
        ops.append(activity)
        for deputy in deputies if full else deputies[:1]:
            ops.append(
                op(
                    "duty_participant",
                    activity_id=activity["entity_id"],
                    deputy_id=deputy["entity_id"],
                )
            )
    return ops


def expected(opinions: int = 6, late: bool = False) -> Expected:
    late_n = opinions // 2 if late else 0
    return Expected(
        opinions=opinions,
        on_time=opinions - late_n,
        satisfied=sum(1 for i in range(opinions) if i % 3),
        meetings=2,
        polls=1,
        reps=3,
        deputies=2,
        stations=2,
    )
