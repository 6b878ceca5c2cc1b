"""The district dashboard in a real browser: Debian's chromium + chromedriver via Selenium.

Nothing is downloaded at run time (the system chromedriver drives the system chromium; CI
installs both, .ci/run). With ``YISHI_SHOTS_DIR`` set, the overview and a street page are
saved there as 1366×768 screenshots (docs/screenshots/ was made so).
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import httpx
import pytest
import uvicorn
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver

from cityserver import accounts
from cityserver.app import create_app
from cityserver.config import Settings
from cityserver.dashboard import CHINA
from cityserver.devices import add_reader, ensure_street
from desktop.excel.opinion_ledger import LEDGER as OPINIONS
from tests.cityserver.conftest import enrol
from tests.cityserver.district_data import push, street_ops

CHROMIUM = shutil.which("chromium")
DRIVER = shutil.which("chromedriver")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None or DRIVER is None,
    reason="Debian chromium and chromium-driver are not installed (.ci/run installs them)",
)

YEAR = datetime.now(CHINA).year - 1
PASSWORD = "district password 1"
STREETS = {  # code: (name, opinions, half answered late, keeps every rule)
    "500103001000": ("解放碑街道", 12, False, True),
    "500103002000": ("七星岗街道", 8, True, False),
    "500103003000": ("两路口街道", 10, False, True),
    "500103004000": ("上清寺街道", 6, True, False),
    "500103005000": ("大溪沟街道", 9, False, False),
}
MINE, OTHER = "500103001000", "500103002000"


@dataclass
class Site:
    url: str
    token: str  # the street reader's API token


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    root = tmp_path_factory.mktemp("dash")
    app = create_app(Settings(data_dir=root / "data", db_url=f"sqlite:///{root / 's.db'}"))
    with TestClient(app) as client:
        for code, (_name, opinions, late, full) in STREETS.items():
            device = enrol(client, code)
            push(client, device, street_ops(device, YEAR, opinions, late, full))
        with app.state.sessions() as session, session.begin():
            for code, (name, *_rest) in STREETS.items():
                ensure_street(session, code, name)
            add_reader(session, "区人大", admin=True)
            token = add_reader(session, "解放碑工委", admin=False)
            session.flush()
            accounts.assign_streets(session, "解放碑工委", [MINE], admin=False)
            accounts.set_password(session, "区人大", PASSWORD)
            accounts.set_password(session, "解放碑工委", PASSWORD)
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started
    try:
        yield Site(f"http://127.0.0.1:{port}", token)
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        app.state.engine.dispose()


@pytest.fixture
def downloads(tmp_path: Path) -> Path:
    folder = tmp_path / "downloads"
    folder.mkdir()
    return folder


@pytest.fixture
def browser(downloads: Path) -> Iterator[WebDriver]:
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for arg in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--window-size=1366,768",
        "--lang=zh-CN",
    ):
        options.add_argument(arg)
    options.add_experimental_option(
        "prefs",
        {
            "download.default_directory": str(downloads),
            "download.prompt_for_download": False,
        },
    )
    driver = webdriver.Chrome(service=Service(executable_path=str(DRIVER)), options=options)
    driver.set_window_size(1366, 768)
    driver.implicitly_wait(5)
    try:
        yield driver
    finally:
        driver.quit()


def sign_in(driver: WebDriver, site: Site, name: str) -> None:
    driver.get(site.url + "/")
    assert driver.current_url.endswith("/login")
    driver.find_element(By.ID, "username").send_keys(name)
    driver.find_element(By.ID, "password").send_keys(PASSWORD)
    driver.find_element(By.ID, "sign-in").click()
    driver.find_element(By.ID, "logout")  # waits for the signed-in page


def shot(driver: WebDriver, name: str) -> None:
    folder = os.environ.get("YISHI_SHOTS_DIR")
    if folder:
        driver.save_screenshot(str(Path(folder) / name))


def wait_for_file(folder: Path) -> Path:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        done = [p for p in folder.glob("*.xlsx")]
        if done:
            return done[0]
        time.sleep(0.1)
    raise AssertionError(f"no download in {folder}: {list(folder.iterdir())}")


def test_admin_signs_in_drills_down_and_downloads(
    browser: WebDriver, site: Site, downloads: Path
) -> None:
    sign_in(browser, site, "区人大")
    browser.get(f"{site.url}/?year={YEAR}")
    table = browser.find_element(By.ID, "overview")
    text = table.text
    for name, *_rest in STREETS.values():
        assert name in text
    warnings = browser.find_element(By.ID, "warnings").text
    assert "七星岗街道：意见按期答复率 50%，低于 90%" in warnings
    assert "解放碑街道" not in warnings  # it keeps every rule
    shot(browser, "district-overview.png")

    browser.find_element(By.LINK_TEXT, "解放碑街道").click()
    assert "分月趋势" in browser.find_element(By.TAG_NAME, "main").text
    figures = browser.find_element(By.ID, "street-figures").text
    assert "收到意见 12" in figures
    shot(browser, "district-street.png")

    browser.find_element(By.ID, "list-opinions").click()
    rows = browser.find_elements(By.CSS_SELECTOR, "#rows tbody tr")
    assert len(rows) == 12
    assert "登记日期" in browser.find_element(By.CSS_SELECTOR, "#rows thead").text
    shot(browser, "district-opinions.png")

    browser.find_element(By.ID, "download-table").click()
    book = load_workbook(wait_for_file(downloads))
    sheet = book.active
    assert sheet is not None and sheet.title == OPINIONS.sheet
    assert [c.value for c in sheet[1]] == [c.header for c in OPINIONS.columns if not c.personal]
    assert sheet.max_row == 13


def test_street_reader_is_refused_another_street(browser: WebDriver, site: Site) -> None:
    browser.get(site.url + "/login")
    shot(browser, "district-login.png")
    sign_in(browser, site, "解放碑工委")
    overview = browser.find_element(By.ID, "overview").text
    assert "解放碑街道" in overview and "七星岗街道" not in overview
    browser.get(f"{site.url}/streets/{OTHER}?year={YEAR}")
    assert "无权查看" in browser.find_element(By.ID, "refused").text
    browser.get(f"{site.url}/streets/{OTHER}/export/opinions.xlsx")
    assert "无权查看" in browser.find_element(By.ID, "refused").text
    # and through the API with the same account's token
    auth = {"Authorization": f"Bearer {site.token}"}
    api = httpx.get(f"{site.url}/api/v1/streets/{OTHER}/entities/opinion", headers=auth)
    assert api.status_code == 403
    own = httpx.get(f"{site.url}/api/v1/streets/{MINE}/entities/opinion", headers=auth)
    assert own.status_code == 200
