"""The district dashboard (docs/district-dashboard.md): accounts, figures, streets, downloads."""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from sqlalchemy import select, update

from cityserver import accounts, figures
from cityserver.dashboard import CHINA
from cityserver.devices import add_reader
from cityserver.models import DownloadAudit, ReaderToken, StreetChanges, WebSession
from desktop.excel.opinion_ledger import LEDGER as OPINIONS
from tests.cityserver.conftest import enrol
from tests.cityserver.district_data import expected, push, street_ops
from tests.cityserver.helpers import OTHER_STREET, STREET, Device
from tests.cityserver.test_reads import run_cli

PASSWORD = "correct horse 42"
YEAR = datetime.now(CHINA).year - 1  # a whole past year: every month is over


def make_reader(client: TestClient, name: str, streets: list[str] | None) -> str:
    with client.app.state.sessions() as session, session.begin():  # type: ignore[attr-defined]
        token = add_reader(session, name, admin=streets is None)
        session.flush()
        if streets is not None:
            accounts.assign_streets(session, name, streets, admin=False)
        accounts.set_password(session, name, PASSWORD)
    return token


def sign_in(client: TestClient, name: str, password: str = PASSWORD) -> int:
    form = client.get("/login")
    csrf = re.search(r'name="csrf" value="([^"]+)"', form.text)
    assert csrf is not None
    response = client.post(
        "/login",
        data={"csrf": csrf.group(1), "username": name, "password": password},
        follow_redirects=False,
    )
    return response.status_code


@pytest.fixture
def two_streets(client: TestClient, device: Device) -> None:
    push(client, device, street_ops(device, YEAR))
    other = enrol(client, OTHER_STREET)
    push(client, other, street_ops(other, YEAR, opinions=4, late=True))


def test_sign_in_wrong_password_then_lock_out(client: TestClient) -> None:
    make_reader(client, "district", None)
    assert client.get("/", follow_redirects=False).headers["location"] == "/login"
    assert sign_in(client, "district", "wrong password!") == 401
    assert sign_in(client, "nobody", PASSWORD) == 401
    for _ in range(accounts.MAX_FAILURES - 1):
        assert sign_in(client, "district", "wrong password!") == 401
    # locked now: even the right password is refused, with the reason
    response_code = sign_in(client, "district")
    assert response_code == 401
    page = client.get("/login")
    assert page.status_code == 200
    with client.app.state.sessions() as session, session.begin():  # type: ignore[attr-defined]
        reader = session.get(ReaderToken, "district")
        assert reader is not None and reader.locked_until is not None
        reader.locked_until = datetime.now(UTC) - timedelta(seconds=1)
        actions = list(session.scalars(select(DownloadAudit.action)))
    assert "locked" in actions and "sign_in_failed" in actions
    assert sign_in(client, "district") == 303
    assert client.get("/").status_code == 200


def test_locked_message_is_shown(client: TestClient) -> None:
    make_reader(client, "district", None)
    for _ in range(accounts.MAX_FAILURES):
        sign_in(client, "district", "wrong password!")
    form = client.get("/login")
    csrf = re.search(r'name="csrf" value="([^"]+)"', form.text)
    assert csrf is not None
    response = client.post(
        "/login", data={"csrf": csrf.group(1), "username": "district", "password": PASSWORD}
    )
    assert response.status_code == 401 and "账号已锁定" in response.text


def test_forms_need_their_csrf_token(client: TestClient) -> None:
    make_reader(client, "district", None)
    client.get("/login")
    response = client.post("/login", data={"username": "district", "password": PASSWORD})
    assert response.status_code == 400 and "页面已过期" in response.text
    assert sign_in(client, "district") == 303
    assert client.post("/logout", data={}).status_code == 400
    assert client.get("/").status_code == 200  # still signed in
    page = client.get("/").text
    token = re.search(r'name="csrf" value="([^"]+)"', page)
    assert token is not None
    out = client.post("/logout", data={"csrf": token.group(1)}, follow_redirects=False)
    assert out.status_code == 303
    assert client.get("/", follow_redirects=False).status_code == 303


def test_sessions_expire_when_idle_and_at_their_end(client: TestClient) -> None:
    make_reader(client, "district", None)
    sessions = client.app.state.sessions  # type: ignore[attr-defined]
    now = datetime.now(UTC)
    with sessions() as session, session.begin():
        sid = accounts.sign_in(session, "district", PASSWORD, now=now)
    with sessions() as session, session.begin():
        assert accounts.viewer_for_session(session, sid, now + timedelta(minutes=20)) is not None
        assert accounts.viewer_for_session(session, sid, now + timedelta(minutes=49)) is not None
    with sessions() as session, session.begin():
        assert accounts.viewer_for_session(session, sid, now + timedelta(hours=9)) is None
    with sessions() as session, session.begin():
        sid = accounts.sign_in(session, "district", PASSWORD, now=now)
    with sessions() as session, session.begin():
        assert accounts.viewer_for_session(session, sid, now + timedelta(minutes=31)) is None
        assert session.scalar(select(WebSession).where(WebSession.reader_name == "x")) is None


def test_overview_figures_and_flags(client: TestClient, two_streets: None) -> None:
    make_reader(client, "district", None)
    assert sign_in(client, "district") == 303
    page = client.get("/", params={"year": YEAR})
    assert page.status_code == 200
    html = page.text
    assert "分析预警" in html and STREET in html and OTHER_STREET in html
    # the second street answered half its opinions late: flagged with the rule named
    assert "意见按期答复率 50%，低于 90%" in html
    book = client.get("/export/overview.xlsx", params={"year": YEAR})
    assert book.status_code == 200
    wb = load_workbook(io.BytesIO(book.content))
    overview = wb[f"{YEAR}年总览"]
    header = [c.value for c in overview[1]]
    rows = {
        r[0]: dict(zip(header, r, strict=True)) for r in overview.iter_rows(2, values_only=True)
    }
    mine, other = expected(), expected(4, late=True)
    first = rows[STREET]
    assert first["收到意见"] == mine.opinions
    assert first["按期答复"] == mine.on_time
    assert first["满意"] == mine.satisfied
    assert first["召开会议"] == mine.meetings
    assert first["表决确认"] == mine.polls
    assert first["在任议事代表"] == mine.reps
    assert first["在任人大代表"] == mine.deputies
    assert first["家站点"] == mine.stations
    assert first["未参加活动代表"] == 1
    assert rows[OTHER_STREET]["按期答复"] == other.on_time
    assert "按期答复率" in rows[OTHER_STREET]["预警"]
    side = wb["街道对比"]
    assert side["A1"].value == "指标"
    assert {c.value for c in side["A"]} >= {"收到意见", "家站点：人大代表之家"}


def test_figures_follow_new_pushes(client: TestClient, device: Device) -> None:
    make_reader(client, "district", None)
    assert sign_in(client, "district") == 303
    push(client, device, street_ops(device, YEAR, opinions=2))
    first = client.get("/export/overview.xlsx", params={"year": YEAR})
    wb = load_workbook(io.BytesIO(first.content))
    assert wb[f"{YEAR}年总览"]["F2"].value is not None
    push(client, device, street_ops(device, YEAR, opinions=3))
    page = client.get(f"/streets/{STREET}", params={"year": YEAR}).text
    assert re.search(r"<th>收到意见</th><td class=\"num\">5</td>", page)


def test_street_page_lists_and_ledger_download(client: TestClient, two_streets: None) -> None:
    make_reader(client, "district", None)
    assert sign_in(client, "district") == 303
    page = client.get(f"/streets/{STREET}", params={"year": YEAR})
    assert page.status_code == 200 and "分月趋势" in page.text
    listing = client.get(f"/streets/{STREET}/opinions", params={"year": YEAR})
    assert listing.status_code == 200 and "共 6 条" in listing.text
    assert "13900000000" not in listing.text  # personal columns never reach the district
    book = client.get(f"/streets/{STREET}/export/opinions.xlsx", params={"year": YEAR})
    sheet = load_workbook(io.BytesIO(book.content)).active
    assert sheet is not None
    header = [c.value for c in sheet[1]]
    assert header == [c.header for c in OPINIONS.columns if not c.personal]
    assert sheet.max_row == 7
    values = [c.value for c in sheet[2]]
    assert "已回访" in values and "社区" in header and "和平社区" in values
    for slug in ("meetings", "polls", "stations", "representatives", "deputies"):
        assert client.get(f"/streets/{STREET}/{slug}").status_code == 200
        assert client.get(f"/streets/{STREET}/export/{slug}.xlsx").status_code == 200
    assert client.get(f"/streets/{STREET}/export/months.xlsx").status_code == 200
    with client.app.state.sessions() as session:  # type: ignore[attr-defined]
        audit = list(
            session.execute(
                select(DownloadAudit.reader_name, DownloadAudit.what, DownloadAudit.rows).where(
                    DownloadAudit.action == "download"
                )
            )
        )
    assert len(audit) == 7
    reader, what, rows = audit[0]
    assert (reader, rows) == ("district", 6) and what.endswith(OPINIONS.sheet)


def test_reader_sees_only_its_streets(client: TestClient, two_streets: None) -> None:
    token = make_reader(client, "jiedao", [STREET])
    assert sign_in(client, "jiedao") == 303
    overview = client.get("/", params={"year": YEAR}).text
    assert STREET in overview and OTHER_STREET not in overview
    assert client.get(f"/streets/{STREET}").status_code == 200
    for url in (
        f"/streets/{OTHER_STREET}",
        f"/streets/{OTHER_STREET}/opinions",
        f"/streets/{OTHER_STREET}/export/opinions.xlsx",
        f"/streets/{OTHER_STREET}/export/months.xlsx",
    ):
        refused = client.get(url)
        assert refused.status_code == 403, url
        assert "无权查看" in refused.text
    book = client.get("/export/overview.xlsx", params={"year": YEAR})
    codes = [
        r[0] for r in load_workbook(io.BytesIO(book.content)).active.iter_rows(2, values_only=True)
    ]
    assert OTHER_STREET not in codes
    # the same account's API token is held to the same streets
    auth = {"Authorization": f"Bearer {token}"}
    listed = client.get("/api/v1/streets", headers=auth).json()["streets"]
    assert [s["code"] for s in listed] == [STREET]
    assert client.get(f"/api/v1/streets/{STREET}/entities/opinion", headers=auth).is_success
    other = client.get(f"/api/v1/streets/{OTHER_STREET}/entities/opinion", headers=auth)
    assert other.status_code == 403


def test_dashboard_is_read_only(client: TestClient) -> None:
    make_reader(client, "district", None)
    assert sign_in(client, "district") == 303
    for url in ("/", f"/streets/{STREET}", f"/streets/{STREET}/opinions"):
        assert client.post(url).status_code in (404, 405)


def test_a_push_recomputes_its_streets_figures(client: TestClient, device: Device) -> None:
    push(client, device, street_ops(device, YEAR, opinions=3))
    with client.app.state.sessions() as session:  # type: ignore[attr-defined]
        # the refresher ran after the push's answer: nothing is left for a page to do
        assert figures.stale_streets(session) == []
        found = figures.read_streets(session, YEAR, [STREET], datetime.now(CHINA).date())
    assert found[0].get("opinions_received") == 3


def test_a_push_with_more_batches_to_come_leaves_the_figures_to_the_last(
    client: TestClient, device: Device
) -> None:
    ops = street_ops(device, YEAR, opinions=3)
    body, headers = device.seal(device.batch(ops[:5]))
    sent = client.post("/api/v1/batches", content=body, headers={**headers, "X-Yishi-More": "1"})
    assert sent.status_code == 200 and sent.json()["status"] == "applied"
    with client.app.state.sessions() as session:  # type: ignore[attr-defined]
        assert figures.stale_streets(session) == [STREET]  # no pass while more follow
    body, headers = device.seal(device.batch(ops[5:]))
    assert client.post("/api/v1/batches", content=body, headers=headers).status_code == 200
    with client.app.state.sessions() as session:  # type: ignore[attr-defined]
        assert figures.stale_streets(session) == []  # the last batch refreshed the street
        found = figures.read_streets(session, YEAR, [STREET], datetime.now(CHINA).date())
    assert found[0].get("opinions_received") == 3


def test_a_page_never_waits_for_figures(client: TestClient, device: Device) -> None:
    push(client, device, street_ops(device, YEAR, opinions=3))
    make_reader(client, "district", None)
    assert sign_in(client, "district") == 303
    sessions = client.app.state.sessions  # type: ignore[attr-defined]
    with sessions() as session, session.begin():  # a push whose refresh has not run yet
        session.execute(
            update(StreetChanges)
            .where(StreetChanges.street_code == STREET)
            .values(change_seq=StreetChanges.change_seq + 1)
        )
    page = client.get("/", params={"year": YEAR}).text
    assert "统计更新中" in page  # the last figures, marked, and the refresher started
    assert client.app.state.refresher.wait_idle()  # type: ignore[attr-defined]
    assert "统计更新中" not in client.get("/", params={"year": YEAR}).text


def test_cli_makes_a_street_reader_with_a_password(
    client: TestClient, two_streets: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = client.app.state.settings  # type: ignore[attr-defined]
    common = ["--db", settings.db_url, "--data-dir", str(settings.data_dir)]
    assert run_cli("readers", "add", "jiedao", "--street", STREET, *common)[0] == 0
    monkeypatch.setattr("sys.stdin", io.StringIO("short\n"))
    assert run_cli("readers", "password", "jiedao", *common)[0] == 2  # under 10 characters
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    assert run_cli("readers", "password", "jiedao", *common) == (0, "已设置 jiedao 的登录密码\n")
    assert sign_in(client, "jiedao") == 303
    assert client.get(f"/streets/{OTHER_STREET}").status_code == 403
    assert run_cli("readers", "streets", "jiedao", STREET, OTHER_STREET, *common)[0] == 0
    assert client.get(f"/streets/{OTHER_STREET}").status_code == 200
    assert run_cli("readers", "revoke", "jiedao", *common)[0] == 0
    assert client.get("/", follow_redirects=False).status_code == 303  # signed out at once
