"""Demo: two years of duty activities (履职活动) with realistic rhythms.

Uses the roster step's stations and deputies (``ctx.shared``) when present, else whatever the
database holds, and the opinions step's opinions (linked to activities at the same station
within a few days). Each 联络站 gets its monthly reception day as a rule with two deputies
on duty and holds it most months, plus 民情恳谈会, 走访选民 and 调研座谈 now and then; the
代表之家 holds its quarterly 议政日 / 代表述职 / 学习培训. Two stations fall behind in the
current year (one stops three months ago, the legislative point is irregular) and a few
deputies never take part, so the alerts have something to show.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select

from desktop.demo import DemoContext, register
from desktop.errors import ValidationError
from desktop.models import bulk
from desktop.models.activities import DutyActivity, DutyParticipant, ReceptionRule
from desktop.models.base import new_id
from desktop.models.opinions import Opinion
from desktop.models.roster import Deputy, Station
from desktop.services import audit
from desktop.services.activities import periods, rota

SUMMARIES = {
    "接待选民": [
        "接待选民{n}人次，收集关于{topic}的意见建议，现场答复{k}件，其余登记转办。",
        "代表轮值接待，群众反映{topic}等问题，已登记台账并跟踪办理。",
    ],
    "民情恳谈会": ["召开民情恳谈会，围绕{topic}听取居民意见，形成建议{k}条。"],
    "调研座谈": ["就{topic}开展调研座谈，走访相关单位，形成调研报告初稿。"],
    "视察": ["集中视察{topic}工作推进情况，提出意见建议{k}条。"],
    "走访选民": ["入户走访独居老人和困难群众{n}户，了解{topic}需求。"],
    "学习培训": ["组织代表学习培训，学习代表法和履职规范。"],
    "议政日": ["举行代表议政日活动，审议民生实事项目推进情况。"],
    "代表述职": ["组织代表向选民述职，{n}名选民代表参加测评。"],
    "立法意见征询": ["就《{law}（征求意见稿）》征询商户和居民意见，收集修改建议{k}条。"],
    "面对面": ["代表与居民面对面交流{topic}问题。"],
}
TOPICS = [
    "老旧小区加装电梯",
    "背街小巷整治",
    "停车难",
    "垃圾分类",
    "社区养老",
    "夜间噪声",
    "消防安全",
]
LAWS = ["重庆市物业管理条例", "重庆市养老服务条例", "重庆市城市绿化条例", "重庆市优化营商环境条例"]
EXTRA_TYPES = [("民情恳谈会", 3), ("走访选民", 4), ("调研座谈", 2), ("视察", 1), ("面对面", 1)]


def _weighted(rng: Any, items: list[tuple[str, int]]) -> str:
    return str(rng.choices([k for k, _ in items], [w for _, w in items])[0])


@register("activities")
def build(ctx: DemoContext) -> None:
    s, rng, today = ctx.session, ctx.rng, ctx.today
    station_ids = list(ctx.shared.get("station_ids") or s.scalars(select(Station.id)))
    stations = [s.get(Station, sid) for sid in station_ids]
    live = [st for st in stations if st is not None and st.status == "active"]
    deputies = list(
        s.scalars(select(Deputy).where(Deputy.status == "active", Deputy.deleted_at.is_(None)))
    )
    if not live or not deputies:
        return
    # A few deputies never take part: the coverage alert lists them.
    absent = {d.id for d in rng.sample(deputies, k=min(4, max(1, len(deputies) // 8)))}
    taking_part = [d for d in deputies if d.id not in absent]
    of_station: dict[str, list[str]] = {}
    for d in taking_part:
        if d.station_id:
            of_station.setdefault(d.station_id, []).append(d.id)
    opinions_at: dict[str, list[tuple[date, str]]] = {}
    for oid, sid, day in s.execute(
        select(Opinion.id, Opinion.station_id, Opinion.received_on).where(
            Opinion.station_id.is_not(None)
        )
    ):
        opinions_at.setdefault(str(sid), []).append((day, str(oid)))
    used_opinions: set[str] = set()

    rules: dict[str, ReceptionRule] = {}
    for st in live:
        try:
            kind, mday, half = rota.parse_rule_text(st.reception_day or "")
        except ValidationError:  # 每季度第一个星期五 and the like stay a label
            continue
        on_duty = (of_station.get(st.id) or [d.id for d in taking_part])[:2]
        rule = ReceptionRule(
            station_id=st.id,
            kind=kind,
            day=mday,
            half=half if half != "day" else "am",
            deputy_ids=json.dumps(on_duty),
            street_code=ctx.street_code,
        )
        s.add(rule)
        rules[st.id] = rule
    s.flush()

    first_day = date(today.year - 1, 1, 1)
    activities: list[dict[str, Any]] = []
    participants: list[dict[str, Any]] = []
    # Behind this year: a 联络站 that stopped three months ago, the legislative point irregular.
    liaison = [st for st in live if st.kind == "liaison_station"]
    stopped = liaison[2].id if len(liaison) > 2 else None
    stop_from = periods.period_start(today - timedelta(days=95), "monthly")

    def add(st: Station, kind: str, day: date, rule: ReceptionRule | None = None) -> None:
        if day > today:
            return
        if st.id == stopped and day >= stop_from:
            return
        aid = new_id()
        own = of_station.get(st.id) or []
        pool = [d.id for d in taking_part]
        people = rng.sample(own, k=min(len(own), rng.randint(1, 3)))
        people += [p for p in rng.sample(pool, k=rng.randint(0, 2)) if p not in people]
        if rule is not None:
            people = [p for p in json.loads(rule.deputy_ids) if p in pool] or people
        if not people:
            return
        topic = rng.choice(TOPICS)
        text = rng.choice(SUMMARIES.get(kind, SUMMARIES["面对面"])).format(
            n=rng.randint(5, 40), k=rng.randint(1, 6), topic=topic, law=rng.choice(LAWS)
        )
        linked = [
            oid
            for when, oid in opinions_at.get(st.id, [])
            if abs((when - day).days) <= 2 and oid not in used_opinions
        ][:3]
        used_opinions.update(linked)
        start, end = ("09:00", "11:30") if rng.random() < 0.6 else ("14:30", "17:00")
        activities.append(
            {
                "id": aid,
                "kind": kind,
                "held_on": day,
                "start_time": start,
                "end_time": end,
                "station_id": st.id,
                "place": "",
                "organiser": st.name.replace("代表联络站", "社区").replace(
                    "人大代表之家", "人大工委"
                ),
                "residents": rng.randint(0, 8)
                if kind in ("学习培训", "视察")
                else rng.randint(6, 60),
                "summary": text,
                "attachments": json.dumps(
                    [f"活动照片/{day:%Y%m%d}-{n}.jpg" for n in range(rng.randint(0, 3))],
                    ensure_ascii=False,
                ),
                "opinion_ids": json.dumps(linked),
                "reception_rule_id": rule.id if rule is not None else None,
            }
        )
        for n, pid in enumerate(people):
            participants.append(
                {
                    "activity_id": aid,
                    "deputy_id": pid,
                    "representative_id": None,
                    "role": "receiver"
                    if rule is not None
                    else ("host" if n == 0 else "participant"),
                    "source": rng.choice(["entry", "entry", "scan"]),
                }
            )

    month = first_day
    while month <= today:
        for st in live:
            if st.kind == "home":
                if month.month in (2, 5, 8, 11):
                    add(
                        st,
                        rng.choice(["议政日", "代表述职", "学习培训"]),
                        month + timedelta(days=rng.randint(5, 20)),
                    )
                if month.month in (3, 9) and rng.random() < 0.7:
                    add(st, "视察", month + timedelta(days=rng.randint(3, 25)))
                continue
            if st.kind == "legislative_point":
                if rng.random() < (0.45 if month.year == today.year else 0.8):
                    add(st, "立法意见征询", month + timedelta(days=rng.randint(2, 26)))
                continue
            held = rules.get(st.id)
            if held is not None:
                for day in rota.dates_in_month(held.kind, held.day, month.year, month.month):
                    if rng.random() < 0.88:
                        add(st, "接待选民", day, held)
            for _ in range(rng.choice([0, 1, 1, 2])):
                add(st, _weighted(rng, EXTRA_TYPES), month + timedelta(days=rng.randint(0, 27)))
        month = periods.next_start(month, "monthly")

    bulk.insert_synced(s, DutyActivity, activities)
    bulk.insert_synced(s, DutyParticipant, participants)
    audit.record(
        s,
        ctx.actor,
        "activity.demo",
        "activity",
        "",
        after={"activities": len(activities), "attendance": len(participants)},
    )
    ctx.shared["activity_ids"] = [a["id"] for a in activities]
