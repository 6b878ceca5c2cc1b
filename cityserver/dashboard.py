"""The district dashboard (数据管理舱): server-rendered, read-only pages and Excel downloads.

Pages: ``/login``, ``/`` (overview), ``/streets/{code}`` (a street, by month),
``/streets/{code}/{table}`` (read-only lists), and ``….xlsx`` downloads of every table. Every
page needs a signed-in reader (cityserver/accounts.py); a reader sees only its streets; every
download is written to ``download_audit``. docs/district-dashboard.md explains each figure.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader, select_autoescape
from sqlalchemy.orm import Session, sessionmaker
from starlette.concurrency import run_in_threadpool

from cityserver import accounts, figures, ledgers
from cityserver.accounts import SignInError, Viewer
from cityserver.models import Street

HERE = Path(__file__).resolve().parent
COOKIE = "yishi_session"
LOGIN_CSRF_COOKIE = "yishi_login_csrf"
CHINA = timezone(timedelta(hours=8))  # the dashboard's dates and months are Beijing time
PAGE_SIZE = 50
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADERS = {
    "Cache-Control": "no-store",
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Content-Security-Policy": "default-src 'self'; frame-ancestors 'none'; form-action 'self'",
}

#: The overview's columns: (metric or property, Chinese heading). One list for the page and
#: the Excel file, so the two never disagree.
FIGURES: tuple[tuple[str, str], ...] = (
    ("reps_active", "在任议事代表"),
    ("deputies_active", "在任人大代表"),
    ("stations", "家站点"),
    ("meetings_held", "召开会议"),
    ("polls_certified", "表决确认"),
    ("opinions_received", "收到意见"),
    ("opinions_on_time", "按期答复"),
    ("on_time_rate", "按期答复率"),
    ("opinions_satisfied", "满意"),
    ("satisfied_rate", "满意率"),
    ("overdue", "逾期未答复"),
    ("activities_held", "履职活动"),
    ("uncovered", "未参加活动代表"),
    ("projects", "民生项目"),
    ("late_milestones", "滞后节点"),
)
MONTH_FIGURES: tuple[tuple[str, str], ...] = (
    ("opinions_received", "收到意见"),
    ("opinions_on_time", "按期答复"),
    ("opinions_satisfied", "满意"),
    ("meetings_held", "召开会议"),
    ("polls_certified", "表决确认"),
    ("activities_held", "履职活动"),
)
PROJECT_STAGES: tuple[tuple[str, tuple[str, ...]], ...] = (
    # desktop/services/projects/core.py STAGES
    ("征集", ("proposed",)),
    ("筛选", ("shortlisted", "merged", "rejected", "to_opinion")),
    ("票决", ("voting", "tied", "not_chosen")),
    ("实施", ("chosen", "implementing", "completed")),
    ("评议", ("evaluated",)),
)


def figure(street: figures.StreetYear, key: str) -> Any:
    if key in ("on_time_rate", "satisfied_rate"):
        rate = getattr(street, key)
        return "—" if rate is None else f"{rate:.0%}"
    if key in ("stations", "projects", "uncovered", "overdue", "late_milestones"):
        return getattr(street, key)
    return street.get(key)


def stages(street: figures.StreetYear) -> list[tuple[str, int]]:
    return [
        (label, sum(street.projects_by_status.get(s, 0) for s in states))
        for label, states in PROJECT_STAGES
    ]


def lag_text(street: figures.StreetYear, now: datetime) -> str:
    lag = street.lag(now)
    if lag is None:
        return "从未同步"
    if lag < timedelta(hours=1):
        return f"{max(0, int(lag.total_seconds() // 60))} 分钟"
    if lag < timedelta(days=2):
        return f"{int(lag.total_seconds() // 3600)} 小时"
    return f"{lag.days} 天"


def local_time(when: datetime | None) -> str:
    return "—" if when is None else when.astimezone(CHINA).strftime("%Y-%m-%d %H:%M")


def today() -> date:
    return datetime.now(CHINA).date()


def _env() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(HERE / "templates")),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(
        FIGURES=FIGURES,
        MONTH_FIGURES=MONTH_FIGURES,
        TABLES=ledgers.TABLES,
        figure=figure,
        stages=stages,
        lag_text=lag_text,
        local_time=local_time,
    )
    return env


def install(app: FastAPI, sessions: sessionmaker[Session], refresher: figures.Refresher) -> None:
    """Add the dashboard's routes to the city server app.

    Pages never wait for figures to be recomputed: a street that changed since its figures
    is shown with what was last computed, marked 统计更新中, and the refresher is started
    (normally it already ran after the push). Downloads recompute first: a file is exact.
    """
    env = _env()
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")

    def page(name: str, status: int = 200, **context: Any) -> HTMLResponse:
        html = env.get_template(name).render(**context)
        return HTMLResponse(html, status_code=status, headers=HEADERS)

    def to_login() -> RedirectResponse:
        return RedirectResponse("/login", status_code=303, headers=HEADERS)

    def viewer_of(request: Request) -> Viewer | None:
        with sessions() as session, session.begin():
            return accounts.viewer_for_session(session, request.cookies.get(COOKIE))

    def client(request: Request) -> str:
        return request.client.host if request.client else ""

    def refused(viewer: Viewer, code: str) -> HTMLResponse:
        return page("refused.html", 403, viewer=viewer, code=code)

    def year_of(request: Request) -> int:
        raw = request.query_params.get("year", "")
        return int(raw) if raw.isdigit() and 2000 <= int(raw) <= 2100 else today().year

    def guarded(
        handler: Callable[[Request, Viewer], Response],
    ) -> Callable[[Request], Response]:
        def run(request: Request) -> Response:
            viewer = viewer_of(request)
            if viewer is None:
                return to_login()
            return handler(request, viewer)

        return run

    # ------------------------------------------------------------------ sign-in / out

    @app.get("/login", include_in_schema=False)
    def login_form(request: Request) -> Response:
        token = secrets.token_urlsafe(24)
        response = page("login.html", csrf=token, error="")
        _cookie(response, request, LOGIN_CSRF_COOKIE, token, max_age=3600)
        return response

    @app.post("/login", include_in_schema=False)
    async def login(request: Request) -> Response:
        form = _form(await request.body())
        expected = request.cookies.get(LOGIN_CSRF_COOKIE, "")
        if not accounts.csrf_ok(expected, form.get("csrf")):
            return page("login.html", 400, csrf=expected, error="页面已过期，请重新登录")
        name, password = form.get("username", "").strip(), form.get("password", "")

        def check() -> tuple[str, str]:
            # a refusal still commits: the failure count and the audit row are kept
            with sessions() as session, session.begin():
                try:
                    return accounts.sign_in(session, name, password, client(request)), ""
                except SignInError as exc:
                    return "", exc.message

        sid, error = await run_in_threadpool(check)
        if not sid:
            return page("login.html", 401, csrf=expected, error=error, username=name)
        response = RedirectResponse("/", status_code=303, headers=HEADERS)
        _cookie(response, request, COOKIE, sid, max_age=int(accounts.SESSION_MAX.total_seconds()))
        response.delete_cookie(LOGIN_CSRF_COOKIE, path="/")
        return response

    @app.post("/logout", include_in_schema=False)
    async def logout(request: Request) -> Response:
        form = _form(await request.body())
        sid = request.cookies.get(COOKIE)

        def out() -> bool:
            with sessions() as session, session.begin():
                viewer = accounts.viewer_for_session(session, sid)
                if viewer is None or not accounts.csrf_ok(viewer.csrf_token, form.get("csrf")):
                    return False
                accounts.sign_out(session, sid)
                accounts.audit(session, viewer.name, "sign_out", client=client(request))
                return True

        if not await run_in_threadpool(out):
            return HTMLResponse("请求无效（CSRF 校验失败）", status_code=400, headers=HEADERS)
        response = to_login()
        response.delete_cookie(COOKIE, path="/")
        return response

    # ------------------------------------------------------------------ pages

    def overview(request: Request, viewer: Viewer) -> Response:
        year = year_of(request)
        with sessions() as session:
            streets = figures.read_streets(session, year, viewer.streets, today())
        if any(s.stale for s in streets):
            refresher.kick_soon()
        return page(
            "overview.html",
            viewer=viewer,
            year=year,
            streets=streets,
            total=figures.district_total(streets),
            now=datetime.now(UTC),
            kinds=_kind_labels(),
        )

    app.get("/", include_in_schema=False)(guarded(overview))

    def street_page(request: Request, viewer: Viewer) -> Response:
        code = request.path_params["code"]
        if not viewer.may_see(code):
            return refused(viewer, code)
        year = year_of(request)
        with sessions() as session:
            found = figures.read_streets(session, year, [code], today(), with_months=True)
        if found and found[0].stale:
            refresher.kick_soon()
        if not found:
            return page("refused.html", 404, viewer=viewer, code=code, unknown=True)
        return page(
            "street.html",
            viewer=viewer,
            year=year,
            street=found[0],
            now=datetime.now(UTC),
            kinds=_kind_labels(),
        )

    app.get("/streets/{code}", include_in_schema=False)(guarded(street_page))

    def street_table(request: Request, viewer: Viewer) -> Response:
        code, slug = request.path_params["code"], request.path_params["table"]
        if not viewer.may_see(code):
            return refused(viewer, code)
        table = ledgers.TABLES.get(slug)
        if table is None:
            return page("refused.html", 404, viewer=viewer, code=code, unknown=True)
        year = year_of(request)
        raw_page = request.query_params.get("page", "1")
        number = int(raw_page) if raw_page.isdigit() and int(raw_page) > 0 else 1
        with sessions() as session:
            street = session.get(Street, code)
            if street is None:
                return page("refused.html", 404, viewer=viewer, code=code, unknown=True)
            cols, body, total = ledgers.rows(
                session, code, table, year, PAGE_SIZE, (number - 1) * PAGE_SIZE
            )
        return page(
            "table.html",
            viewer=viewer,
            year=year,
            code=code,
            street_name=street.name or code,
            table=table,
            cols=cols,
            body=body,
            total=total,
            number=number,
            pages=max(1, (total + PAGE_SIZE - 1) // PAGE_SIZE),
        )

    app.get("/streets/{code}/{table}", include_in_schema=False)(guarded(street_table))

    # ------------------------------------------------------------------ downloads

    def download(
        request: Request, viewer: Viewer, what: str, streets: list[str], n: int, body: bytes
    ) -> Response:
        with sessions() as session, session.begin():
            accounts.audit(session, viewer.name, "download", what, streets, n, client(request))
        name = quote(f"{what}.xlsx")
        return Response(
            body,
            media_type=XLSX,
            headers={**HEADERS, "Content-Disposition": f"attachment; filename*=UTF-8''{name}"},
        )

    def overview_xlsx(request: Request, viewer: Viewer) -> Response:
        year = year_of(request)
        figures.refresh_stale(sessions)
        with sessions() as session:
            streets = figures.read_streets(session, year, viewer.streets, today())
        now = datetime.now(UTC)
        total = figures.district_total(streets)
        header = ["街道代码", "街道", "最后同步", "同步滞后", *(h for _k, h in FIGURES), "预警"]
        body = [
            [
                s.code,
                s.name,
                local_time(s.last_sync),
                lag_text(s, now),
                *(figure(s, k) for k, _h in FIGURES),
                "；".join(text for _r, text in s.flags),
            ]
            for s in streets
        ]
        body.append(["", total.name, "", "", *(figure(total, k) for k, _h in FIGURES), ""])
        # side by side: one column per street, one row per figure
        side_header = ["指标", *(s.name for s in streets), "全区合计"]
        side = [[h, *(figure(s, k) for s in streets), figure(total, k)] for k, h in FIGURES]
        kinds = _kind_labels()
        for kind in sorted(total.stations_by_kind):
            side.append(
                [
                    f"家站点：{kinds.get(kind, kind)}",
                    *(s.stations_by_kind.get(kind, 0) for s in streets),
                    total.stations_by_kind[kind],
                ]
            )
        for i, (label, _states) in enumerate(PROJECT_STAGES):
            side.append(
                [f"民生项目：{label}", *(stages(s)[i][1] for s in streets), stages(total)[i][1]]
            )
        side.append(["预警", *("；".join(t for _r, t in s.flags) for s in streets), ""])
        data = ledgers.workbook([(f"{year}年总览", header, body), ("街道对比", side_header, side)])
        return download(
            request, viewer, f"{year}年各街道总览", [s.code for s in streets], len(streets), data
        )

    app.get("/export/overview.xlsx", include_in_schema=False)(guarded(overview_xlsx))

    def months_xlsx(request: Request, viewer: Viewer) -> Response:
        code = request.path_params["code"]
        if not viewer.may_see(code):
            return refused(viewer, code)
        year = year_of(request)
        figures.refresh_stale(sessions)
        with sessions() as session:
            found = figures.read_streets(session, year, [code], today(), with_months=True)
        if not found:
            return page("refused.html", 404, viewer=viewer, code=code, unknown=True)
        street = found[0]
        header = ["月份", *(h for _k, h in MONTH_FIGURES)]
        body = [
            [f"{m}月", *(street.months.get(m, {}).get(k, 0) for k, _h in MONTH_FIGURES)]
            for m in range(1, 13)
        ]
        data = ledgers.workbook([(f"{street.name}{year}年分月", header, body)])
        return download(request, viewer, f"{street.name}{year}年分月", [code], 12, data)

    app.get("/streets/{code}/export/months.xlsx", include_in_schema=False)(guarded(months_xlsx))

    def table_xlsx(request: Request, viewer: Viewer) -> Response:
        code, slug = request.path_params["code"], request.path_params["table"]
        if not viewer.may_see(code):
            return refused(viewer, code)
        table = ledgers.TABLES.get(slug)
        if table is None:
            return page("refused.html", 404, viewer=viewer, code=code, unknown=True)
        year = year_of(request)
        with sessions() as session:
            street = session.get(Street, code)
            if street is None:
                return page("refused.html", 404, viewer=viewer, code=code, unknown=True)
            cols, body, total = ledgers.rows(session, code, table, year)
        title = f"{street.name or code}{table.ledger.sheet}"
        data = ledgers.workbook([ledgers.table_sheet(cols, body, table.ledger.sheet)])
        return download(request, viewer, title, [code], total, data)

    app.get("/streets/{code}/export/{table}.xlsx", include_in_schema=False)(guarded(table_xlsx))


def _kind_labels() -> dict[str, str]:
    return dict(ledgers.TABLES["stations"].ledger.column("kind").choices)


def _form(body: bytes) -> dict[str, str]:
    parsed = parse_qs(body[:8192].decode("utf-8", "replace"), keep_blank_values=True)
    return {k: v[0] for k, v in parsed.items() if v}


def _cookie(response: Response, request: Request, name: str, value: str, max_age: int) -> None:
    response.set_cookie(
        name,
        value,
        max_age=max_age,
        path="/",
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
    )
