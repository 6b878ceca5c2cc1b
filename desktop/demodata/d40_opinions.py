"""Demo: two years of residents' opinions (about 3,000) with realistic distributions.

Uses the roster step's communities, stations and deputies (``ctx.shared``) when present, else
whatever the database holds, else creates a few communities of its own. Older opinions are
mostly concluded and followed up; the last weeks hold open ones, some of them overdue.
Rows are written with bulk inserts (plus their outbox rows), not one ORM object at a time.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select

from desktop.demo import DemoContext, register
from desktop.models import bulk
from desktop.models.base import new_id, utcnow
from desktop.models.opinions import Opinion, OpinionEvent
from desktop.models.roster import Community, Deputy, Station
from desktop.services import audit, workdays

TARGET = 3000

CHANNELS = [
    ("reception_day", 35),
    ("visit", 20),
    ("phone", 15),
    ("forum", 12),
    ("qr", 12),
    ("letter", 4),
    ("other", 2),
]
ROADS = [
    "民族路",
    "邹容路",
    "八一路",
    "五一路",
    "临江路",
    "新华路",
    "民权路",
    "中华路",
    "青年路",
    "较场口",
    "大同路",
    "石油路",
    "沧白路",
    "解放西路",
]
TOPICS: dict[str, tuple[int, list[str], list[str]]] = {
    # category: (weight, templates, departments)
    "urban.roads": (
        9,
        [
            "{road}人行道地砖松动破损，雨天溅水，老人容易摔倒",
            "{road}路灯坏了好几盏，晚上出行不安全",
            "{road}盲道被占用，希望清理并修复",
        ],
        ["区市政园林局", "街道城市管理科"],
    ),
    "urban.old_estates": (
        7,
        [
            "{road}{n}号老旧小区外墙脱落，存在安全隐患，希望纳入改造",
            "{road}{n}号楼道灯和扶手老化，建议改造",
        ],
        ["区住建委", "街道城市管理科"],
    ),
    "urban.drainage": (
        6,
        ["{road}一下雨就积水，排水管网需要疏通", "{road}{n}号附近下水道堵塞返臭"],
        ["区市政园林局", "自来水公司"],
    ),
    "urban.lifts": (
        6,
        [
            "{road}{n}号楼住户老人多，申请加装电梯，希望街道协调",
            "加装电梯意见不统一，请社区组织协商",
        ],
        ["区住建委", "街道社区事务办"],
    ),
    "environment.sanitation": (
        9,
        ["{road}垃圾清运不及时，夏天气味大", "{road}{n}号垃圾分类点设置不合理，希望调整"],
        ["区城管局", "街道城市管理科"],
    ),
    "environment.noise": (
        7,
        ["{road}夜间施工噪声扰民，影响休息", "{road}广场舞音响声音太大，希望规范时间"],
        ["区生态环境局", "街道平安办"],
    ),
    "environment.greening": (
        4,
        ["{road}行道树遮挡住户采光，希望修剪", "{road}绿化带缺损，建议补种"],
        ["区市政园林局"],
    ),
    "transport.parking": (
        9,
        ["{road}周边停车难，建议错时开放单位停车场", "{road}{n}号门口乱停车堵塞消防通道"],
        ["区交通局", "区公安分局解放碑派出所"],
    ),
    "transport.bus": (
        5,
        ["希望增开到{road}的公交线路，方便老人就医", "{road}公交站台没有遮雨棚"],
        ["区交通局"],
    ),
    "education": (
        5,
        ["{road}附近学校放学时段交通拥堵，希望增设护学岗", "希望社区开设青少年暑期托管班"],
        ["区教委", "街道社区事务办"],
    ),
    "health": (
        6,
        [
            "社区卫生服务中心号源紧张，希望增加家庭医生签约服务",
            "希望在{road}社区开展老年人免费体检",
        ],
        ["区卫健委"],
    ),
    "elderly": (
        8,
        [
            "希望在{road}增设老年食堂，解决独居老人吃饭问题",
            "{road}{n}号独居老人需要定期探访",
            "社区养老服务站活动太少",
        ],
        ["区民政局", "街道社区事务办"],
    ),
    "governance.safety": (
        7,
        ["{road}{n}号电动车楼道充电，存在火灾隐患", "{road}夜间有人聚集喧哗，希望加强巡逻"],
        ["街道平安办", "区公安分局解放碑派出所"],
    ),
    "governance.property": (
        7,
        ["{road}{n}号小区物业服务差，收费不透明", "{road}{n}号小区没有物业，希望引入管理"],
        ["区住建委", "街道社区事务办"],
    ),
    "other": (5, ["建议社区多组织文化活动", "希望公开社区公共收益使用情况"], ["街道社区事务办"]),
}
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何罗高林郑谢唐冯邓"
GIVEN = [
    "建国",
    "秀英",
    "伟",
    "芳",
    "敏",
    "静",
    "丽",
    "强",
    "磊",
    "军",
    "洋",
    "勇",
    "艳",
    "杰",
    "娟",
    "涛",
    "明",
    "超",
    "秀兰",
    "霞",
    "平",
    "刚",
    "桂英",
    "志强",
    "红梅",
    "德华",
]
REPLIES = {
    "resolved": [
        "已安排施工队于本周完成整改",
        "已协调相关单位处理完毕",
        "已纳入年度计划并完成实施",
    ],
    "explained": ["经核实，该事项需统一规划，已向反映人解释说明", "已向群众说明相关政策规定"],
    "referred": ["已转区12345热线办理"],
    "not_responsible": ["该事项不属我单位职责，已告知反映人向物业公司反映"],
}


def _pick(rng: Any, weighted: list[tuple[str, int]]) -> str:
    return str(rng.choices([k for k, _ in weighted], weights=[w for _, w in weighted])[0])


def _communities(ctx: DemoContext) -> list[str]:
    ids = list(ctx.shared.get("community_ids") or [])
    if not ids:
        ids = list(ctx.session.scalars(select(Community.id).where(Community.deleted_at.is_(None))))
    if not ids:
        for i, name in enumerate(
            ["解放碑社区", "较场口社区", "七星岗社区", "大井巷社区", "民生路社区"]
        ):
            com = Community(name=name, sort_order=i)
            ctx.session.add(com)
            ctx.session.flush()
            ids.append(com.id)
    return ids


@register("opinions")
def build(ctx: DemoContext) -> None:
    s, rng, today = ctx.session, ctx.rng, ctx.today
    community_ids = _communities(ctx)
    station_ids = list(ctx.shared.get("station_ids") or s.scalars(select(Station.id)))
    deputy_ids = list(ctx.shared.get("deputy_ids") or s.scalars(select(Deputy.id)))
    cal = workdays.load_calendar(s, set(range(today.year - 3, today.year + 2)))
    # (user name for the event, the person's name shown as the staff member)
    handlers = [("clerk", "李晓梅"), ("clerk", "李晓梅"), ("admin", "王建国")]
    start = today - timedelta(days=730)
    days = sorted(start + timedelta(days=rng.randrange(730)) for _ in range(TARGET))
    # a few opinions today and this week, so the queues are never empty in a demo
    days[-12:] = sorted(today - timedelta(days=rng.randrange(4)) for _ in range(12))
    topics = [(k, v[0]) for k, v in TOPICS.items()]
    seq: dict[int, int] = {}
    opinions: list[dict[str, Any]] = []
    events: list[dict[str, Any]] = []
    now = utcnow()

    def event(oid: str, action: str, frm: str, to: str, on: date, rnd: int, **kw: Any) -> None:
        events.append(
            {
                "opinion_id": oid,
                "action": action,
                "from_status": frm,
                "to_status": to,
                "on_date": on,
                "at": now + timedelta(microseconds=len(events)),
                "username": kw.pop("username", "clerk"),
                "round": rnd,
                "department": kw.get("department", ""),
                "contact_person": kw.get("contact_person", ""),
                "due_on": kw.get("due_on"),
                "text": kw.get("text", ""),
                "reason": kw.get("reason", ""),
                "satisfaction": kw.get("satisfaction", ""),
            }
        )

    for received in days:
        seq[received.year] = seq.get(received.year, 0) + 1
        oid = new_id()
        category = _pick(rng, topics)
        _w, templates, depts = TOPICS[category]
        road = rng.choice(ROADS)
        content = rng.choice(templates).format(road=road, n=rng.randrange(1, 200))
        anonymous = rng.random() < 0.06
        name = "" if anonymous else rng.choice(SURNAMES) + rng.choice(GIVEN)
        channel = _pick(rng, CHANNELS)
        row: dict[str, Any] = {
            "id": oid,
            "number": f"YJ{received.year}-{seq[received.year]:05d}",
            "received_on": received,
            "channel": channel,
            "station_id": rng.choice(station_ids)
            if station_ids and channel in ("reception_day", "forum")
            else None,
            "deputy_ids": json.dumps(
                rng.sample(deputy_ids, k=min(len(deputy_ids), rng.choice([0, 1, 1, 2])))
            ),
            "community_id": rng.choice(community_ids),
            "anonymous": anonymous,
            "resident_name": name,
            "resident_phone": ""
            if anonymous
            else f"1{rng.choice('3589')}{rng.randrange(10**9):09d}",
            "resident_address": ""
            if anonymous
            else f"{road}{rng.randrange(1, 200)}号{rng.randrange(1, 9)}栋{rng.randrange(1, 30):02d}{rng.randrange(1, 6):02d}",
            "category": category,
            "content": content,
            "location": road,
            "is_public": False,
            "status": "received",
            "round": 0,
            "department": "",
            "contact_person": "",
            "handler": "",
            "assigned_on": None,
            "due_on": None,
            "answered_on": None,
            "reply": "",
            "closed_on": None,
            "close_reason": "",
            "followed_up_on": None,
            "satisfaction": "",
            "follow_up_note": "",
            "notes": "",
        }
        event(oid, "register", "", "received", received, 0)
        age = (today - received).days
        # how far the opinion got, by age
        if age < 2:
            stage = rng.choice(["received", "received", "assigned"])
        elif age < 45:
            stage = rng.choices(
                ["received", "assigned", "answered", "closed", "followed_up"], [3, 45, 20, 17, 15]
            )[0]
        else:
            stage = rng.choices(
                ["assigned", "answered", "closed", "followed_up"], [0.3, 0.7, 14, 85]
            )[0]
        if stage == "received" and age > 20:
            stage = "assigned"
        if rng.random() < 0.03 and age > 3:  # closed at once: duplicate / not ours / referred
            reason = rng.choice(["duplicate", "not_responsible", "referred"])
            closed = min(today, received + timedelta(days=rng.randrange(0, 4)))
            row.update(status="closed", closed_on=closed, close_reason=reason, is_public=False)
            event(oid, "close", "received", "closed", closed, 0, reason=reason)
            opinions.append(row)
            continue
        rnd = 0
        assigned = received
        while stage != "received":
            rnd += 1
            assigned = min(today, assigned + timedelta(days=rng.choice([0, 1, 1, 2, 3, 5])))
            due = workdays.due_date(cal, assigned, 30, "calendar")
            dept = rng.choice(depts)
            contact = rng.choice(SURNAMES) + rng.choice(["科长", "主任", "工程师", "老师"])
            handler_user, handler = rng.choice(handlers)
            prev = "received" if rnd == 1 else "followed_up"
            row.update(
                status="assigned",
                round=rnd,
                department=dept,
                contact_person=contact,
                handler=handler,
                assigned_on=assigned,
                due_on=due,
                answered_on=None,
                reply="",
                closed_on=None,
                close_reason="",
                followed_up_on=None,
                satisfaction="",
            )
            event(
                oid,
                "assign" if rnd == 1 else "reopen",
                prev,
                "assigned",
                assigned,
                rnd,
                department=dept,
                contact_person=contact,
                due_on=due,
                username=handler_user,
            )
            if stage == "assigned":
                break
            late = rng.random() < 0.12
            answer_days = rng.randrange(31, 55) if late else rng.randrange(4, 29)
            answered = assigned + timedelta(days=answer_days)
            if answered > today:
                break  # still waiting (possibly overdue)
            reason = rng.choices(["resolved", "explained"], [78, 22])[0]
            reply = rng.choice(REPLIES[reason])
            row.update(status="answered", answered_on=answered, reply=reply)
            event(oid, "answer", "assigned", "answered", answered, rnd, text=reply, department=dept)
            if stage == "answered":
                break
            closed = answered + timedelta(days=rng.randrange(0, 6))
            if closed > today:
                break
            row.update(
                status="closed", closed_on=closed, close_reason=reason, is_public=rng.random() < 0.6
            )
            event(oid, "close", "answered", "closed", closed, rnd, reason=reason)
            if stage == "closed":
                break
            followed = closed + timedelta(days=rng.randrange(2, 15))
            if followed > today:
                break
            sat = rng.choices(["satisfied", "basically_satisfied", "dissatisfied"], [70, 22, 8])[0]
            row.update(
                status="followed_up",
                followed_up_on=followed,
                satisfaction=sat,
                follow_up_note="电话回访",
            )
            event(
                oid,
                "follow_up",
                "closed",
                "followed_up",
                followed,
                rnd,
                satisfaction=sat,
                text="电话回访",
            )
            if sat == "dissatisfied" and rnd == 1 and rng.random() < 0.85:
                assigned = followed
                continue  # reopened with a new assignment
            break
        opinions.append(row)
    bulk.insert_synced(s, Opinion, opinions)
    bulk.insert_synced(s, OpinionEvent, events)
    audit.record(
        s,
        ctx.actor,
        "opinion.demo",
        "opinion",
        "",
        after={"opinions": len(opinions), "events": len(events)},
    )
    ctx.shared["opinion_ids"] = [o["id"] for o in opinions]
