"""The Windows lane of CI (``make test-windows``): the real installer, installed under Wine.

Builds ``dist/yishi-<version>-setup.exe`` (installer/build_windows.py) and a test-only
``0.0.9`` installer of the same code, then, in a fresh 64-bit WINEPREFIX with
``LANG=zh_CN.UTF-8`` (so Python sees code page 936, as on a Chinese Windows PC):

1. installs 0.0.9 silently; its first start on an empty profile (``--self-test``,
   ``db upgrade``) and an account made with it;
2. installs the new version over it (upgrade in place): the old version's pre-install backup
   is in ``backups\\``, the account is still there, the oldest upgrade fixture (0001) migrates
   with a before-upgrade backup and keeps every row;
3. a scripted session on the installed copy: demo street, Excel export + import with a Chinese
   file name in a folder with spaces and Chinese characters, a poll result PDF and meeting
   minutes PDF (fonts embedded), backup + restore, enrolment with a real city server on
   127.0.0.1 and ``sync export-file`` to a "USB" folder whose batches the server applies;
4. the GUI under Xvfb: a screenshot of the main window, docs/screenshots/windows-wine.png;
5. silent uninstall: the program folder is gone, the data folder is untouched.

Every Wine call is bounded by a timeout and followed by ``wineserver -k`` (Wine processes do
not always exit). Wine needs what a Windows 10 PC has and a bare Wine prefix lacks,
added here and never shipped: ``icuuc.dll`` and ``bcryptprimitives.dll`` (built from
tests/windows/*_standin.c, see there) and a Chinese TrueType font in ``C:\\windows\\Fonts`` (WenQuanYi Micro Hei copied as simsun.ttc).
WMI is turned off (``wbemprox=d``): Wine 8's WMI aborts in propsys.VariantToString when
Python's ``platform`` module asks it for the Windows version, and Python falls back.

Run: ``.venv/bin/python tests/windows/lane.py`` (needs wine64, nsis, mingw-w64, xvfb,
poppler-utils and the zh_CN.UTF-8 locale; see .ci/run). Exit code 0 when every step passed.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "installer"))

import build_windows  # noqa: E402

BUILD = ROOT / "build" / "windows"
HERE = Path(__file__).resolve().parent
# (DLL, source, link libraries): Windows 10 system DLLs that Wine 8 lacks (see each source).
STAND_INS = [
    ("icuuc.dll", "icuuc_standin.c", []),
    ("bcryptprimitives.dll", "bcryptprimitives_standin.c", ["-lbcrypt"]),
]
FONT = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
OLD_VERSION = "0.0.9"
BASE14 = {
    f"{family}{style}"
    for family, styles in {
        "Helvetica": ("", "-Bold", "-Oblique", "-BoldOblique"),
        "Courier": ("", "-Bold", "-Oblique", "-BoldOblique"),
        "Times": ("-Roman", "-Bold", "-Italic", "-BoldItalic"),
    }.items()
    for style in styles
} | {"Symbol", "ZapfDingbats"}
WINE_TIMEOUT = 300
SCREENSHOT = ROOT / "docs" / "screenshots" / "windows-wine.png"


class LaneFailure(Exception):
    pass


def log(message: str) -> None:
    print(f"[windows-lane {time.strftime('%H:%M:%S')}] {message}", flush=True)


def check(condition: object, message: str) -> None:
    if not condition:
        raise LaneFailure(message)


@contextmanager
def step(name: str) -> Iterator[None]:
    started = time.monotonic()
    log(f"== {name}")
    yield
    log(f"   ok ({time.monotonic() - started:.0f} s)")


class Wine:
    """One WINEPREFIX; every call bounded and followed by ``wineserver -k``."""

    def __init__(self, prefix: Path, display: str | None = None) -> None:
        self.prefix = prefix
        self.env = {
            **os.environ,
            "WINEPREFIX": str(prefix),
            "WINEARCH": "win64",
            "WINEDEBUG": "-all",
            "LANG": "zh_CN.UTF-8",
            "LC_ALL": "zh_CN.UTF-8",
            # China Standard Time: Wine maps it to the Windows time zone, and the C runtime inside
            # reads TZ too (it understands "CST-8", not "Asia/Shanghai")
            "TZ": "CST-8",
            "WINEDLLOVERRIDES": "wbemprox=d;mscoree=d;mshtml=d",
        }
        if display:
            self.env["DISPLAY"] = display
        else:
            self.env.pop("DISPLAY", None)

    def kill(self) -> None:
        subprocess.run(
            ["wineserver", "-k"], env=self.env, timeout=60, check=False, capture_output=True
        )

    def run(
        self, *args: str, timeout: int = WINE_TIMEOUT, cwd: Path | None = None
    ) -> tuple[int, str]:
        command = ["wine", *args]
        try:
            done = subprocess.run(
                command,
                env=self.env,
                cwd=cwd or self.drive_c,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                timeout=timeout,
                check=False,
            )
        except subprocess.TimeoutExpired as exc:
            raise LaneFailure(f"timed out after {timeout} s: {' '.join(args)}") from exc
        finally:
            self.kill()
        # Python under Wine in zh_CN writes the ANSI code page (936) into a pipe.
        return done.returncode, done.stdout.decode("gbk", errors="replace")

    @property
    def drive_c(self) -> Path:
        return self.prefix / "drive_c"

    def host(self, windows_path: str) -> Path:
        """``C:\\a\\b`` → the file on this machine."""
        check(windows_path[:3].upper() == "C:\\", f"not on C: {windows_path}")
        return self.drive_c.joinpath(*windows_path[3:].split("\\"))

    def boot(self) -> None:
        if self.prefix.exists():
            shutil.rmtree(self.prefix)
        self.prefix.parent.mkdir(parents=True, exist_ok=True)
        try:
            subprocess.run(
                ["wine", "wineboot", "--init"],
                env=self.env,
                stdin=subprocess.DEVNULL,
                capture_output=True,
                timeout=WINE_TIMEOUT,
                check=False,
            )
            # wineboot returns before the prefix is finished (wine.inf, the user's profile
            # folders): wait for its helpers to exit before anything stops the wineserver.
            subprocess.run(["wineserver", "-w"], env=self.env, timeout=WINE_TIMEOUT, check=False)
        except subprocess.TimeoutExpired as exc:
            raise LaneFailure("wineboot did not finish") from exc
        finally:
            self.kill()
        check((self.drive_c / "windows" / "system32").is_dir(), "wineboot made no prefix")
        check((self.drive_c / "users").is_dir(), "wineboot made no user profile")

    @property
    def user(self) -> str:
        users = [p.name for p in (self.drive_c / "users").iterdir() if p.name != "Public"]
        check(len(users) == 1, f"expected one Wine user, found {users}")
        return users[0]

    @property
    def local_appdata(self) -> str:
        return f"C:\\users\\{self.user}\\AppData\\Local"


def stand_ins(wine: Wine) -> None:
    """What a Chinese Windows 10 PC has and a bare Wine prefix lacks (never shipped)."""
    gcc = build_windows.need("x86_64-w64-mingw32-gcc", "gcc-mingw-w64-x86-64")
    system32 = wine.drive_c / "windows" / "system32"
    for dll, source, libs in STAND_INS:
        subprocess.run(
            [gcc, "-shared", "-O2", "-s", "-o", str(system32 / dll), str(HERE / source), *libs],
            check=True,
            timeout=120,
        )
    check(FONT.is_file(), f"{FONT} missing (apt-get install fonts-wqy-microhei)")
    shutil.copy(FONT, wine.drive_c / "windows" / "Fonts" / "simsun.ttc")
    # Registered as Windows' font installer does, or Qt's font list (and the UI) never sees it.
    code, out = wine.run(
        "reg",
        "add",
        r"HKLM\Software\Microsoft\Windows NT\CurrentVersion\Fonts",
        "/v",
        "WenQuanYi Micro Hei & WenQuanYi Micro Hei Mono (TrueType)",
        "/d",
        "simsun.ttc",
        "/f",
        timeout=120,
    )
    check(code == 0, f"could not register the font: {out}")


def wine_can_run_these_pins() -> None:
    """Known Wine 8 gaps that no stand-in here covers: say so at once, not after 10 minutes."""
    pins = " ".join(build_windows.desktop_requirements()).lower().replace("_", "-")
    check(
        "pyside6-pdf" not in pins and "pyside6-essentials==6.12" not in pins,
        "PySide6 6.12 + PySide6_Pdf cannot run under Wine 8 (qwindows.dll calls the unimplemented "
        "mscms.WcsCreateIccProfile; QtPdf aborts in qt6pdf.dll): the lane needs the "
        "PySide6-Essentials 6.11 + pypdfium2 pins (docs/deployment.md §10.2)",
    )


def build_installers(skip: bool, compressor: str) -> tuple[Path, Path]:
    new_version = build_windows.version()
    dist = BUILD / "dist"
    new = dist / f"yishi-{new_version}-setup.exe"
    old = dist / f"yishi-{OLD_VERSION}-setup.exe"
    if skip and new.is_file() and old.is_file():
        return old, new
    cache = BUILD / "cache"
    old = build_windows.build(OLD_VERSION, dist, cache, compressor="zlib")
    new = build_windows.build(new_version, dist, cache, compressor=compressor)
    return old, new


class Lane:
    def __init__(self, wine: Wine) -> None:
        self.wine = wine
        self.install_dir = f"{wine.local_appdata}\\Programs\\Yishi"
        self.data_dir = f"{wine.local_appdata}\\Yishi"
        self.exe = f"{self.install_dir}\\yishi.exe"

    def yishi(self, *args: str, expect: int = 0, timeout: int = WINE_TIMEOUT) -> str:
        code, out = self.wine.run(self.exe, *args, timeout=timeout)
        shown = out.strip()
        log(f"   yishi {' '.join(args)} → {code}" + (f"\n{shown}" if shown else ""))
        check(code == expect, f"yishi {' '.join(args)} exited {code}, expected {expect}")
        return out

    def install(self, setup: Path) -> None:
        code, out = self.wine.run(str(setup), "/S", timeout=600)
        check(code == 0, f"{setup.name} /S exited {code}: {out[-2000:]}")
        check(self.wine.host(self.exe).is_file(), f"{self.exe} missing after {setup.name} /S")

    def version(self) -> str:
        return self.yishi("--version").strip().split()[-1]

    # ------------------------------------------------------------------ steps

    def first_start_old(self, old: Path) -> None:
        self.install(old)
        check(self.version() == OLD_VERSION, "the old installer did not install 0.0.9")
        check(not self.wine.host(self.data_dir).exists(), "the profile is not empty")
        out = self.yishi("--self-test", timeout=600)
        check("自检通过" in out, "self-test did not say 自检通过")
        self.yishi("db", "upgrade")
        check(self.wine.host(self.data_dir + "\\yishi.sqlite3").is_file(), "no database made")
        self.yishi("users", "add", "--password", "Zhang-2026-pass", "zhangsan", "张三", "clerk")

    def upgrade(self, new: Path) -> None:
        backups = self.wine.host(self.data_dir + "\\backups")
        before = set(backups.glob("*.sqlite3")) if backups.is_dir() else set()
        self.install(new)
        check(self.version() == build_windows.version(), "the upgrade did not replace the program")
        made = set(backups.glob("*.sqlite3")) - before
        check(made, "the installer made no backup with the old version before replacing it")
        log(f"   backup by the old version: {', '.join(p.name for p in made)}")
        out = self.yishi("users", "list")
        check("zhangsan" in out and "张三" in out, "the account made with 0.0.9 is gone")
        out = self.yishi("--self-test", timeout=600)
        check("自检通过" in out, "self-test after the upgrade did not pass")

    def oldest_fixture(self) -> None:
        fixture = ROOT / "tests" / "fixtures" / "db" / "0001_foundation.sqlite3"
        folder = "C:\\旧 数据（2025）"
        target = self.wine.host(folder)
        target.mkdir(parents=True)
        shutil.copy(fixture, target / "yishi.sqlite3")
        counts = table_counts(fixture)
        self.yishi("--data-dir", folder, "db", "upgrade")
        after = table_counts(target / "yishi.sqlite3")
        lost = {
            t: (n, after.get(t))
            for t, n in counts.items()
            if t != "alembic_version" and after.get(t, 0) < n
        }
        check(not lost, f"rows lost migrating 0001_foundation: {lost}")
        check(list((target / "backups").glob("*before-upgrade*")), "no before-upgrade backup")
        self.yishi("--data-dir", folder, "db", "check")

    def session(self, server_url: str | None, issue_code: object) -> None:
        self.yishi("demo", "build", timeout=600)  # always into Yishi-demo
        # --demo only chooses the GUI's database; commands take the demo folder as --data-dir.
        demo = ("--data-dir", f"{self.wine.local_appdata}\\Yishi-demo")
        work = f"C:\\users\\{self.wine.user}\\Desktop\\议事 材料 2026"
        self.wine.host(work).mkdir(parents=True, exist_ok=True)
        xlsx = f"{work}\\议事代表 名单（解放碑）.xlsx"
        self.yishi(*demo, "export", "representatives", xlsx)
        changed = edit_one_phone(self.wine.host(xlsx))
        out = self.yishi(*demo, "import", "representatives", xlsx)
        check("更新 1 行" in out, f"the import did not update the edited row ({changed})")

        polls = self.yishi(*demo, "polls", "list")
        code = next(line.split()[0] for line in polls.splitlines() if "已核验" in line)
        poll_pdf = f"{work}\\票决 结果.pdf"
        self.yishi(*demo, "polls", "report", "--out", poll_pdf, code)
        meetings = self.yishi(*demo, "meetings", "list")
        number = next(line.split()[0] for line in meetings.splitlines() if "已闭会" in line)
        minutes_pdf = f"{work}\\会议 记录.pdf"
        self.yishi(*demo, "meetings", "print", "--paper", "minutes", "--out", minutes_pdf, number)
        for pdf in (poll_pdf, minutes_pdf):
            check_pdf(self.wine.host(pdf))

        backup = "C:\\备份 目录\\议事通 备份.sqlite3"
        self.yishi(*demo, "db", "backup", "--to", backup)
        check(self.wine.host(backup).stat().st_size > 100_000, "the backup file is too small")
        self.yishi(*demo, "db", "restore", backup)
        demo_backups = self.wine.host(f"{self.wine.local_appdata}\\Yishi-demo\\backups")
        check(
            list(demo_backups.glob("*replaced-by-restore*")),
            "restore kept no copy of the replaced db",
        )

        if server_url is None:
            return
        usb = "C:\\U盘 同步"
        assert callable(issue_code)
        self.yishi(*demo, "sync", "enroll", server_url, str(issue_code()))
        self.yishi(*demo, "sync", "export-file", usb)
        batches = sorted(self.wine.host(usb).glob("*.yishibatch"))
        check(batches, "sync export-file wrote no .yishibatch")
        self._batches = batches

    def screenshot(self, display: str) -> None:
        """The main window on the demo street, drawn by the installed copy under Wine + Xvfb."""
        gui = Wine(self.wine.prefix, display=display)
        shot = "C:\\yishi-windows-wine.png"
        python = f"{self.install_dir}\\python.exe"
        code, out = gui.run(python, windows_path(HERE / "screenshot.py"), shot, timeout=300)
        log(f"   screenshot.py → {code}: {out.strip()[-500:]}")
        check(code == 0 and self.wine.host(shot).is_file(), "no screenshot of the main window")
        check(self.wine.host(shot).stat().st_size > 20_000, "the screenshot is (nearly) empty")
        SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(self.wine.host(shot), SCREENSHOT)
        log(f"   {SCREENSHOT.relative_to(ROOT)}")

    def uninstall(self) -> None:
        uninstaller = f"{self.install_dir}\\uninstall.exe"
        # _?= runs the uninstaller in place and waits for it (NSIS otherwise copies itself to
        # %TEMP% and returns at once).
        code, out = self.wine.run(uninstaller, "/S", f"_?={self.install_dir}", timeout=300)
        check(code == 0, f"uninstall exited {code}: {out[-2000:]}")
        check(not self.wine.host(self.exe).exists(), "yishi.exe is still there after uninstall")
        check(not self.wine.host(self.install_dir + "\\Lib").exists(), "Lib\\ left behind")
        data = self.wine.host(self.data_dir)
        check((data / "yishi.sqlite3").is_file(), "uninstall removed the database")
        check(list((data / "backups").glob("*.sqlite3")), "uninstall removed the backups")
        log(f"   data kept: {sorted(p.name for p in data.iterdir())}")


def windows_path(path: Path) -> str:
    """This machine's /a/b as Wine's Z: drive shows it."""
    return "Z:" + str(path.resolve()).replace("/", "\\")


def table_counts(path: Path) -> dict[str, int]:
    with sqlite3.connect(path) as conn:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}


def edit_one_phone(path: Path) -> str:
    """Change one cell of the exported sheet, as a clerk would in Excel."""
    from openpyxl import load_workbook

    book = load_workbook(path)
    sheet = book.worksheets[0]
    header = [cell.value for cell in sheet[1]]
    column = next(i for i, name in enumerate(header) if name and "电话" in str(name)) + 1
    sheet.cell(row=2, column=column).value = f"139{time.time_ns() // 1000 % 100_000_000:08d}"
    book.save(path)
    return f"row 2, {header[column - 1]}"


def check_pdf(path: Path) -> None:
    check(path.is_file() and path.read_bytes().startswith(b"%PDF-"), f"{path.name}: not a PDF")
    fonts = subprocess.run(
        ["pdffonts", str(path)], capture_output=True, text=True, timeout=60, check=True
    ).stdout
    rows = [line.split() for line in fonts.splitlines()[2:]]
    # The Chinese text needs an embedded font; PDF's standard Latin fonts never are.
    check(
        any("yes" in r[2:5] and "MicroHei" in r[0] for r in rows),
        f"{path.name}: no CJK font\n{fonts}",
    )
    loose = [r[0] for r in rows if r[0] not in BASE14 and "yes" not in r[-5:-3]]
    check(not loose, f"{path.name}: fonts not embedded: {loose}\n{fonts}")
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, timeout=60, check=True
    ).stdout
    check(any("\u4e00" <= ch <= "\u9fff" for ch in text), f"{path.name}: no Chinese text")
    log(f"   {path.name}: {path.stat().st_size} bytes, fonts embedded, Chinese text")


@contextmanager
def city_server(tmp: Path) -> Iterator[object]:
    from tests.integration.sync_helpers import CityServer

    server = CityServer(tmp).start()
    try:
        yield server
    finally:
        server.stop()


@contextmanager
def xvfb() -> Iterator[str]:
    display = ":87"
    process = subprocess.Popen(
        ["Xvfb", display, "-screen", "0", "1366x768x24", "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        time.sleep(2)
        check(process.poll() is None, "Xvfb did not start")
        yield display
    finally:
        process.kill()
        process.wait(timeout=30)


def main() -> int:
    parser = argparse.ArgumentParser(description="the Windows lane: build, install under Wine, use")
    parser.add_argument(
        "--reuse-installers", action="store_true", help="skip the build when both exist"
    )
    parser.add_argument(
        "--compressor", default="lzma", choices=["lzma", "zlib"], help="of the new installer"
    )
    parser.add_argument(
        "--resume",
        action="store_true",
        help="(development) keep the installed prefix; start at the scripted session",
    )
    parser.add_argument("--no-gui", action="store_true", help="skip the screenshot")
    args = parser.parse_args()
    started = time.monotonic()
    wine = Wine(BUILD / "prefix")
    try:
        wine_can_run_these_pins()
        with step("build the installers"):
            old, new = build_installers(args.reuse_installers or args.resume, args.compressor)
        if not args.resume:
            with step("a fresh 64-bit Wine prefix, zh_CN.UTF-8"):
                wine.boot()
                stand_ins(wine)
                log(f"   user {wine.user}, data in {wine.local_appdata}\\Yishi")
        lane = Lane(wine)  # its paths name the prefix's user: only once the prefix exists
        if not args.resume:
            with step(f"install {old.name} silently; first start on an empty profile"):
                lane.first_start_old(old)
            with step(f"install {new.name} over it (upgrade in place)"):
                lane.upgrade(new)
            with step("the oldest upgrade fixture migrates on the installed copy"):
                lane.oldest_fixture()
        with (
            step("scripted session: Excel, PDFs, backup/restore, sync export-file"),
            city_server(BUILD / "server") as server,
        ):
            lane.session(server.url, server.issue_code)  # type: ignore[attr-defined]
            out = server.import_files(lane._batches, BUILD / "acks")  # type: ignore[attr-defined]
            check("applied" in out, f"the city server did not apply the batches: {out}")
            log(f"   city server: {out.strip()}")
        if not args.no_gui:
            with step("the GUI under Xvfb: docs/screenshots/windows-wine.png"), xvfb() as display:
                lane.screenshot(display)
        with step("silent uninstall keeps the data"):
            lane.uninstall()
    except (LaneFailure, subprocess.CalledProcessError, OSError) as exc:
        log(f"FAILED: {exc}")
        wine.kill()
        return 1
    size = new.stat().st_size / 1e6
    log(f"PASSED in {time.monotonic() - started:.0f} s; {new.name} {size:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
