"""Demo: duty archives — two years of points rules (so two years of points from the activity,
meeting and opinion steps' records), some fixed contacts marked as vulnerable groups, and one
report-back round (述职评议) rated by a poll in which one deputy's 优秀 rate is below 80%.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from sqlalchemy import select

from desktop.demo import DemoContext, register
from desktop.models.roster import Deputy, DeputyContact, Station
from desktop.services import polls
from desktop.services.archives import assessment, points, reportbacks
from desktop.services.archives import rules as R
from desktop.services.archives import settings as archive_settings
from desktop.services.polls import ballots

VOTERS = 40


@register("archives")
def build(ctx: DemoContext) -> None:
    s, rng, today = ctx.session, ctx.rng, ctx.today
    deputies = list(
        s.scalars(
            select(Deputy)
            .where(Deputy.status == "active", Deputy.deleted_at.is_(None))
            .order_by(Deputy.name_sort)
        )
    )
    if not deputies:
        return
    # Two years of rules: last year's defaults adopted in January, this year's revised.
    last, this = today.year - 1, today.year
    points.save_rules(s, ctx.actor, last, R.PointsRules(), "年初制定积分细则")
    base = R.PointsRules()
    revised = {k: dict(v) for k, v in base.activity_points.items()}
    revised["视察"]["participant"] = 4
    revised["立法意见征询"] = {"host": 4, "participant": 3, "receiver": 3}
    points.save_rules(
        s,
        ctx.actor,
        this,
        replace(base, activity_points=revised, training_day=3),
        "视察、立法意见征询分值上调，学习培训每天3分",
    )
    # The floor below which a deputy is flagged on the ranking (公示).
    archive_settings.update(s, ctx.actor, archive_settings.ArchiveSettings(points_floor=40))
    # Some fixed contacts are 鳏寡孤独 or disabled residents (弱势群体).
    for contact in s.scalars(select(DeputyContact).where(DeputyContact.deleted_at.is_(None))):
        if rng.random() < 0.25:
            contact.vulnerable = True
    # Last year's assessment: most deputies through all four stages, a few still at the street.
    ranked = points.rank(s, last)
    grades = ["优秀", "优秀", "称职", "称职", "称职", "基本称职"]
    for i, row in enumerate(ranked.rows):
        grade = grades[min(i * len(grades) // max(len(ranked.rows), 1), len(grades) - 1)]
        plan = [
            ("self", "优秀" if i % 3 else grade, row.name, date(this, 1, 8)),
            ("street", grade, "街道人大工委主任会议", date(this, 1, 15)),
            ("district", grade, "区人大常委会代表工作委员会", date(this, 2, 3)),
            ("review", grade, "区人大常委会主任会议", date(this, 2, 26)),
        ]
        stop = 2 if i % 7 == 6 else 4
        for stage, g, who, on in plan[:stop]:
            if on <= today:
                assessment.decide(
                    s,
                    ctx.actor,
                    row.deputy_id,
                    last,
                    stage,
                    g,
                    decided_by=who,
                    decided_on=on,
                    today=today,
                )
    # One report-back round this year: six deputies, forty voters, one below 80% 优秀.
    round_of = deputies[: min(6, len(deputies))]
    held = min(today, date(this, 10, 28))
    poll = reportbacks.create_rating_poll(
        s, ctx.actor, f"{this}年代表向选民述职民主测评", [d.id for d in round_of]
    )
    polls.log_print(s, ctx.actor, poll.id, count=VOTERS, layout="a4")
    polls.open_poll(s, ctx.actor, poll.id)
    low = len(round_of) - 1  # the last deputy of the round is rated below the line
    excellent = [rng.randint(34, 39) for _ in round_of]
    excellent[low] = 29  # 29 / 40 = 72.5%
    for serial in range(1, VOTERS + 1):
        marks = {}
        for i, _d in enumerate(round_of):
            if serial <= excellent[i]:
                marks[i + 1] = "优秀"
            else:
                marks[i + 1] = "称职" if serial < VOTERS - 1 else "基本称职"
        with s.no_autoflush:
            text = ballots.qr_texts(s, poll.id, serial, serial)[0]
        ballots.enter_ballot(s, ctx.actor, poll.id, text, marks)
    polls.close_voting(s, ctx.actor, poll.id, issued=VOTERS)
    polls.certify(s, ctx.actor, poll.id, counters="李晓梅、王芳", scrutineers="陈志刚")
    stations = {st.id: st.name for st in s.scalars(select(Station))}
    for i, d in enumerate(round_of):
        reportbacks.record(
            s,
            ctx.actor,
            reportbacks.ReportBackInput(
                deputy_id=d.id,
                held_on=held,
                place=stations.get(d.station_id or "", "") or "街道人大代表之家",
                audience="选区选民代表",
                audience_count=VOTERS,
                poll_id=poll.id,
                poll_option_no=i + 1,
            ),
            today=today,
        )
