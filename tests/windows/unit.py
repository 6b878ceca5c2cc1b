"""The non-GUI tests under the Windows Python in Wine (``make test-windows-unit``).

The same embeddable CPython 3.12 and Windows wheels the installer ships (installer/
build_windows.py), plus the test tools from pyproject's ``test`` extra (minus the server-only
ones), run ``pytest tests/unit`` from this checkout in a zh_CN.UTF-8 Wine prefix: code page 936
is the default encoding, paths are ``C:\\…``/``Z:\\…`` with backslashes, ``tmp_path`` is under
``C:\\users\\<user>\\AppData\\Local\\Temp``, files open with Windows' sharing rules (Wine emulates
them), reserved names such as ``CON``/``aux.xlsx`` are devices. Prints pytest's summary; exit
code is pytest's. The few tests that need a Linux tool (poppler's pdftoppm/pdftotext, the
``resource`` module, pyside6-lupdate) are deselected, each named in ``NOT_HERE``.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "installer"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import build_windows  # noqa: E402
import lane  # noqa: E402

BUILD = ROOT / "build" / "windows"
# Test tools the unit tests do not use (the city server's contract, PostgreSQL and browser tests).
NOT_ON_WINDOWS = {"psycopg", "schemathesis", "httpx2", "selenium"}
RUN_TIMEOUT = 2400
# Tests that need a tool a Windows PC does not have; they run in the Linux suite. Each reason
# is about the test's own tooling, not about the code under test.
NOT_HERE: dict[str, str] = {
    "tests/unit/roster/test_cards.py::test_representative_and_deputy_cards_decode": "pdftoppm",
    "tests/unit/polls/test_ballot_pdf.py::test_qr_on_every_rendered_ballot_decodes": "pdftoppm",
    "tests/unit/polls/test_ballot_pdf.py::test_forty_candidates_paginate_cleanly": "pdftotext",
    "tests/unit/polls/test_ballot_pdf.py::test_sample_deck_pdf_has_watermark_and_t_serials": "pdftotext",
    "tests/unit/polls/test_ballot_pdf.py::test_tally_report_states_threshold_counts_and_hash_qr": (
        "pdftotext"
    ),
    "tests/unit/meetings/test_papers.py::test_minutes_render": "pdftoppm",
    "tests/unit/opinions/test_papers.py::test_transfer_letter_qr_and_masking": "pdftoppm",
    "tests/unit/activities/test_cards_and_scan.py::"
    "test_deputy_card_is_a_contact_and_still_the_deputy": "pdftoppm",
    "tests/unit/activities/test_papers.py::test_station_report_quarter_and_month": "pdftotext",
    "tests/unit/activities/test_papers.py::test_year_summary": "pdftotext",
    "tests/unit/activities/test_papers.py::test_month_rota_pdf": "pdftotext",
    "tests/unit/activities/test_papers.py::test_poster_code_is_the_station_for_phone_and_pc": (
        "pdftoppm"
    ),
    "tests/unit/meetings/test_desk_figures.py::test_signin_sheet_after_sign_in_fills_the_figures": (
        "pdftotext"
    ),
    "tests/unit/meetings/test_desk_figures.py::test_minutes_during_the_meeting_say_not_arrived": "pdftotext",
    "tests/unit/test_official_papers.py::"
    "test_notice_has_a_document_number_seal_place_and_reply_slip": "pdftotext",
    "tests/unit/test_official_papers.py::test_minutes_keep_the_date_on_one_line": "pdftotext",
    "tests/unit/test_official_papers.py::test_tally_report_has_no_cli_instructions": "pdftotext",
    "tests/unit/test_official_papers.py::test_result_announcement_of_a_certified_poll_only": (
        "pdftotext"
    ),
    "tests/unit/followup/test_papers.py::test_assignment_sheet_and_followup_report": "pdftotext",
    # measures the child's peak memory with the POSIX-only resource module
    "tests/unit/roster/test_excel_import.py::"
    "test_a_million_row_sheet_without_dimension_is_streamed_and_refused": "resource (POSIX)",
    # runs the pyside6-lupdate console script, which unpacked wheels do not install
    "tests/unit/test_i18n.py::test_no_unfinished_zh_cn_entry_and_ts_is_current": "pyside6-lupdate",
}


def test_requirements() -> list[str]:
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    keep = []
    for spec in data["project"]["optional-dependencies"]["test"]:
        name = re.split(r"[\s<>=!~\[;]", spec, maxsplit=1)[0].lower()
        if name not in NOT_ON_WINDOWS:
            keep.append(spec)
    return keep


windows_path = lane.windows_path


def prepare(env_dir: Path) -> Path:
    requirements = build_windows.desktop_requirements() + test_requirements()
    wheels, sdist = build_windows.fetch(BUILD / "cache", requirements)
    if env_dir.exists():
        shutil.rmtree(env_dir)
    env_dir.mkdir(parents=True)
    stem = build_windows.unpack_python(sdist, env_dir)
    build_windows.unpack_wheels(wheels, env_dir / "Lib" / "site-packages", trim=False)
    # The checkout itself is importable (desktop, tests), as `pythonpath = ["."]` makes it.
    pth = env_dir / f"{stem}._pth"
    pth.write_text(pth.read_text(encoding="ascii") + windows_path(ROOT) + "\r\n", encoding="ascii")
    return env_dir / "python.exe"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pytest_args", nargs="*", default=["tests/unit"])
    args = parser.parse_args()
    started = time.monotonic()
    python = prepare(BUILD / "unit-python")
    wine = lane.Wine(BUILD / "unit-prefix")
    wine.boot()
    lane.stand_ins(wine)
    command = [
        "wine",
        str(python),
        windows_path(ROOT / "tests" / "windows" / "run_pytest.py"),
        "-q",
        "-p",
        "no:cacheprovider",
        "-o",
        "console_output_style=classic",
        *(arg for test in NOT_HERE for arg in ("--deselect", test)),
        *args.pytest_args,
    ]
    lane.log("Windows Python: pytest " + " ".join(args.pytest_args))
    # Through a pipe: Wine 8 hands a console program a regular file as stdout in a way that
    # Python's start-up rejects ("init_sys_streams ... invalid handle").
    process = subprocess.Popen(
        command,
        env=wine.env,
        cwd=ROOT,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + RUN_TIMEOUT
    try:
        assert process.stdout is not None
        for raw in process.stdout:
            sys.stdout.write(raw.decode("utf-8", errors="replace"))
            sys.stdout.flush()
            if time.monotonic() > deadline:
                raise subprocess.TimeoutExpired(command, RUN_TIMEOUT)
        code = process.wait(timeout=max(1, deadline - time.monotonic()))
    except subprocess.TimeoutExpired:
        lane.log(f"FAILED: pytest under Wine took longer than {RUN_TIMEOUT} s")
        process.kill()
        code = 1
    finally:
        wine.kill()
    lane.log(f"pytest under Wine exited {code} after {time.monotonic() - started:.0f} s")
    return code


if __name__ == "__main__":
    sys.exit(main())
