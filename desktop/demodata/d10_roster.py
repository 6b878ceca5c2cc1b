"""Demo roster: 8 communities, a current term with 60 representatives, 30 deputies across
the five levels, 6 stations, and deputies' fixed contacts (a few short, to show the flag)."""

from __future__ import annotations

from datetime import date, timedelta

from desktop.demo import DemoContext, register
from desktop.models.roster import Community, Deputy, DeputyContact, Representative, Station, Term
from desktop.services.roster.search import initials
from desktop.services.validators import id_check_digit

COMMUNITIES = (
    "解放碑社区",
    "大井巷社区",
    "民生路社区",
    "较场口社区",
    "人民公园社区",
    "罗汉寺社区",
    "凯旋路社区",
    "十八梯社区",
)
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程魏苏吕丁任沈姚卢"
GIVEN = (
    "伟强",
    "秀英",
    "建华",
    "晓梅",
    "志明",
    "丽华",
    "国庆",
    "海燕",
    "德胜",
    "春兰",
    "文杰",
    "桂芳",
    "俊",
    "敏",
    "静",
    "磊",
    "洋",
    "艳",
    "勇",
    "军",
    "杰",
    "娟",
    "涛",
    "明",
    "超",
    "红梅",
    "建国",
    "玉兰",
    "小平",
    "淑珍",
    "永刚",
    "雪梅",
    "国华",
    "金凤",
    "振华",
    "凤英",
)
WORKPLACES = (
    ("resident", "", "居民"),
    ("resident", "", "退休教师"),
    ("party_government", "解放碑街道办事处", "科员"),
    ("enterprise", "重庆百货大楼股份有限公司", "部门经理"),
    ("enterprise", "解放碑商圈管委会", "副主任"),
    ("social_organisation", "渝中区志愿者协会", "理事"),
    ("education_health", "渝中区人民医院", "医生"),
    ("education_health", "解放碑小学", "教师"),
    ("property_management", "金鹰物业解放碑项目部", "项目经理"),
    ("other", "个体工商户", "店主"),
)
STREETS_ADDR = ("民族路", "邹容路", "五四路", "民权路", "八一路", "中华路", "青年路", "临江路")
LEVELS = (("national", 1), ("provincial", 2), ("city", 4), ("district", 10), ("township", 13))


def _name(ctx: DemoContext, used: set[str]) -> str:
    while True:
        name = ctx.rng.choice(SURNAMES) + ctx.rng.choice(GIVEN)
        if name not in used:
            used.add(name)
            return name


def _id_number(ctx: DemoContext, birth: date, male: bool) -> str:
    seq = ctx.rng.randrange(0, 50) * 2 + (1 if male else 0)
    first17 = f"500103{birth:%Y%m%d}{ctx.rng.randrange(0, 10)}{seq:02d}"[:17]
    return first17 + id_check_digit(first17)


def _phone(ctx: DemoContext) -> str:
    return (
        ctx.rng.choice(("138", "139", "135", "136", "150", "158", "187", "177"))
        + f"{ctx.rng.randrange(10**8):08d}"
    )


def _birth(ctx: DemoContext, oldest: int = 1955, youngest: int = 1990) -> date:
    return date(
        ctx.rng.randrange(oldest, youngest), ctx.rng.randrange(1, 13), ctx.rng.randrange(1, 29)
    )


@register("roster")
def build(ctx: DemoContext) -> None:
    s, rng = ctx.session, ctx.rng
    term_start = date(ctx.today.year - 2, 1, 10)
    old = Term(
        number=1,
        name="第一届",
        started_on=date(ctx.today.year - 7, 1, 8),
        ended_on=term_start,
        status="closed",
    )
    term = Term(number=2, name="第二届", started_on=term_start, status="current")
    s.add_all([old, term])
    communities = [
        Community(name=n, kind="community", code=f"500103001{i + 1:03d}", sort_order=i)
        for i, n in enumerate(COMMUNITIES)
    ]
    s.add_all(communities)
    s.flush()
    used: set[str] = set()
    reps: list[Representative] = []
    for i in range(60):
        male = rng.random() < 0.55
        birth = _birth(ctx)
        sector, workplace, position = rng.choice(WORKPLACES)
        name = _name(ctx, used)
        community = communities[i % len(communities)]
        rep = Representative(
            term_id=term.id,
            community_id=community.id,
            name=name,
            name_initials=initials(name),
            gender="male" if male else "female",
            birth_date=birth,
            id_number=_id_number(ctx, birth, male),
            phone=_phone(ctx),
            address=f"渝中区{rng.choice(STREETS_ADDR)}{rng.randrange(1, 200)}号",
            sector=sector,
            workplace=workplace,
            position=position,
            status="active",
            joined_on=term_start,
        )
        reps.append(rep)
    # Two left during the term (history shows in the list with 离任 filter).
    reps[7].status, reps[7].left_on, reps[7].left_reason = (
        "retired",
        term_start + timedelta(days=400),
        "迁出本街道",
    )
    reps[23].status, reps[23].left_on, reps[23].left_reason = (
        "retired",
        term_start + timedelta(days=520),
        "工作调动",
    )
    s.add_all(reps)
    s.flush()

    home = Station(
        name="解放碑街道人大代表之家",
        kind="home",
        address="渝中区民权路28号街道办事处三楼",
        activity_frequency="quarterly",
        reception_day="每季度第一个星期五",
    )
    s.add(home)
    s.flush()
    stations = [home]
    for i, (label, where) in enumerate(
        (("较场口", 3), ("大井巷", 1), ("人民公园", 4), ("凯旋路", 6))
    ):
        stations.append(
            Station(
                name=f"{label}社区代表联络站",
                kind="liaison_station",
                parent_id=home.id,
                community_id=communities[where].id,
                address=f"渝中区{STREETS_ADDR[i]}{10 + i * 7}号社区服务中心",
                activity_frequency="monthly",
                reception_day=f"每月{5 + i * 5}日",
            )
        )
    stations.append(
        Station(
            name="解放碑商圈立法联系点",
            kind="legislative_point",
            parent_id=home.id,
            address="渝中区邹容路68号大都会广场",
            activity_frequency="monthly",
            reception_day="每月最后一个星期三",
        )
    )
    s.add_all(stations[1:])
    s.flush()

    deputies: list[Deputy] = []
    units = (
        "渝中区人民政府",
        "重庆日报报业集团",
        "解放碑街道办事处",
        "重庆银行解放碑支行",
        "渝中区教育委员会",
        "较场口社区居委会",
        "重庆市第一人民医院",
        "来福士广场物业",
        "渝中区市场监管局",
        "民生路社区居委会",
    )
    for level, count in LEVELS:
        for _ in range(count):
            male = rng.random() < 0.6
            birth = _birth(ctx, 1960, 1988)
            name = _name(ctx, used)
            direct = level in ("district", "township")
            deputies.append(
                Deputy(
                    name=name,
                    name_initials=initials(name),
                    gender="male" if male else "female",
                    level=level,
                    election="direct" if direct else "indirect",
                    constituency=f"第{rng.randrange(1, 12)}选区" if direct else "",
                    unit=rng.choice(units),
                    position=rng.choice(("主任", "副主任", "科长", "职员", "教师", "医生", "经理")),
                    station_id=rng.choice(stations[1:5]).id
                    if level in ("district", "township")
                    else home.id,
                    community_id=rng.choice(communities).id,
                    attends_street_meetings=level in ("district", "township"),
                    id_number=_id_number(ctx, birth, male),
                    phone=_phone(ctx),
                    status="active",
                    joined_on=date(ctx.today.year - 2, 1, 1),
                )
            )
    s.add_all(deputies)
    s.flush()
    grass_roots = [d for d in deputies if d.level in ("district", "township")]
    contacts: list[DeputyContact] = []
    for n, dep in enumerate(deputies):
        if dep.election == "direct":
            wanted = 5 + rng.randrange(0, 3) if n % 9 else 3  # every ninth is short
            for _ in range(wanted):
                name = _name(ctx, used)
                contacts.append(
                    DeputyContact(
                        deputy_id=dep.id,
                        kind="resident",
                        name=name,
                        phone=_phone(ctx),
                        address=f"渝中区{rng.choice(STREETS_ADDR)}{rng.randrange(1, 300)}号",
                        community_id=rng.choice(communities).id,
                        since=dep.joined_on,
                        status="active",
                    )
                )
        else:
            wanted = 3 if n % 4 else 2
            for other in rng.sample(grass_roots, wanted):
                contacts.append(
                    DeputyContact(
                        deputy_id=dep.id,
                        kind="deputy",
                        contact_deputy_id=other.id,
                        name=other.name,
                        phone=other.phone,
                        community_id=other.community_id,
                        since=dep.joined_on,
                        status="active",
                    )
                )
    s.add_all(contacts)
    s.flush()
    ctx.shared["term_id"] = term.id
    ctx.shared["community_ids"] = [c.id for c in communities]
    ctx.shared["representative_ids"] = [r.id for r in reps if r.status == "active"]
    ctx.shared["deputy_ids"] = [d.id for d in deputies]
    ctx.shared["station_ids"] = [st.id for st in stations]
