"""`yishi --self-test`: prove that this installation works, without touching the user's data.

Checks, each reported on one line (Chinese by default):

1. database — a *copy* of the database in the data directory (or a new empty one when there
   is none) is migrated to the current heads and passes ``PRAGMA integrity_check``; the
   original file is only read;
2. PDF — one page with Chinese text and a vector QR code is rendered with the CJK font lookup,
   and the font is embedded in the bytes;
3. translations — the JSON catalogue loads and translates; when Qt is importable, the Qt part
   (``desktop/ui/selftest_qt.py``) loads the compiled ``.qm`` and translates a known string,
   renders the PDF with pdfium and sets up a PDF printer.

Exit code 0 when everything passed, 1 otherwise (the failures are printed).
"""

from __future__ import annotations

import importlib.util
import io
import sqlite3
import sys
import tempfile
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from desktop.errors import SelfTestFailure as SelfTestFailure
from desktop.i18n import N_, gettext

SAMPLE_TEXT = "议事通自检：人大代表联络站"
SAMPLE_QR = "YSR|500103001000|selftest"
KNOWN_STRING = N_("Self-test")


@dataclass
class Check:
    name: str
    ok: bool
    detail: str


def _t(template: str, **params: object) -> str:
    text = gettext(template)
    return text.format(**params) if params else text


# ---------------------------------------------------------------------------- database


def copy_for_test(source: Path, target: Path) -> None:
    """Consistent copy through SQLite's backup API, without changing the source's content.

    A read-only connection to a WAL database leaves ``-wal``/``-shm`` files behind, so when
    none exist (no other Yishi has the file open) a plain connection is used that only reads
    and removes them again on close; otherwise the copy reads read-only beside the other user.
    """
    in_use = any(Path(f"{source}{suffix}").exists() for suffix in ("-wal", "-shm"))
    # as_uri() percent-encodes (C:\Users\张三 …, '#', '?') the way SQLite's URI parser expects
    uri = source.resolve().as_uri() + ("?mode=ro" if in_use else "")
    src = sqlite3.connect(uri, uri=True)
    dst = sqlite3.connect(str(target))
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()


def check_database(workdir: Path, source: Path) -> str:
    from desktop import db as dbmod

    copy = workdir / "selftest-copy.sqlite3"
    if source.is_file() and source.stat().st_size > 0:
        try:
            copy_for_test(source, copy)
        except sqlite3.Error as exc:
            raise SelfTestFailure(
                _t(N_("Could not copy the database {path}: {error}"), path=source, error=exc)
            ) from exc
        origin = _t(N_("copy of {path}"), path=source)
        before = dbmod.stored_revisions(copy)
    else:
        origin = _t(N_("new empty database (none in {folder})"), folder=source.parent)
        before = set()
    database = dbmod.open_database(copy, backups=workdir / "backups")
    try:
        with database.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        database.dispose()
    after = dbmod.stored_revisions(copy)
    heads = dbmod.script_heads()
    if after != heads:
        raise SelfTestFailure(
            _t(
                N_("The database copy is at revision {found}, expected {expected}"),
                found=", ".join(sorted(after)) or "-",
                expected=", ".join(sorted(heads)),
            )
        )
    ok, detail = dbmod.integrity_ok(copy)
    if not ok:
        raise SelfTestFailure(_t(N_("Integrity check failed: {detail}"), detail=detail))
    return _t(
        N_("{origin}: revision {before} → {after}, integrity ok"),
        origin=origin,
        before=", ".join(sorted(before)) or "-",
        after=", ".join(sorted(after)),
    )


# ---------------------------------------------------------------------------- PDF


def render_sample_pdf() -> tuple[bytes, str]:
    """One A4 page with Chinese text and a vector QR code; returns (bytes, font path)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    from desktop.reports.fonts import register_cjk_font
    from desktop.reports.qr import draw_qr

    choice = register_cjk_font()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4)
    canvas.setTitle(SAMPLE_TEXT)
    canvas.setFont(choice.name, 18)
    canvas.drawString(72, A4[1] - 96, SAMPLE_TEXT)
    draw_qr(canvas, SAMPLE_QR, 72, A4[1] - 300, 160)
    canvas.showPage()
    canvas.save()
    data = buffer.getvalue()
    if not data.startswith(b"%PDF-") or b"%%EOF" not in data[-64:]:
        raise SelfTestFailure(_t(N_("The PDF file is incomplete")))
    if not choice.embedded:
        raise SelfTestFailure(
            _t(
                N_(
                    "No embeddable Chinese font was found; PDFs would use {font} without embedding it"
                ),
                font=choice.name,
            )
        )
    if b"/FontFile2" not in data:
        raise SelfTestFailure(_t(N_("The Chinese font is not embedded in the PDF")))
    return data, choice.path or ""


# ---------------------------------------------------------------------------- translations


def check_catalogue() -> str:
    from desktop.i18n import catalogue, current_language

    language = current_language()
    if language == "en":
        return _t(N_("language is English; no catalogue needed"))
    entries = catalogue(language)
    if not entries:
        raise SelfTestFailure(
            _t(N_("The {language} catalogue is empty or missing"), language=language)
        )
    if gettext(KNOWN_STRING) == KNOWN_STRING:
        raise SelfTestFailure(
            _t(N_('The catalogue does not translate "{text}"'), text=KNOWN_STRING)
        )
    return _t(N_("{count} catalogue entries ({language})"), count=len(entries), language=language)


def qt_available() -> bool:
    try:
        return importlib.util.find_spec("PySide6.QtCore") is not None
    except (ImportError, ValueError):
        return False


# ---------------------------------------------------------------------------- runner


def run_self_test(data_dir: Path | None = None, out: TextIO | None = None) -> int:
    from desktop import __version__
    from desktop.config import is_portable, paths

    stream = out or sys.stdout or _fallback_stream()
    where = paths(data_dir)
    _print(stream, _t(N_("Yishi {version} self-test"), version=__version__))
    _print(
        stream,
        _t(N_("Data directory: {path}"), path=where.data_dir)
        + (_t(N_(" (portable mode)")) if is_portable() and data_dir is None else ""),
    )
    results: list[Check] = []
    pdf: dict[str, bytes] = {}

    with tempfile.TemporaryDirectory(prefix="yishi-selftest-") as tmp:
        workdir = Path(tmp)

        def pdf_step() -> str:
            data, font = render_sample_pdf()
            pdf["bytes"] = data
            return _t(N_("{size} bytes, font {font} embedded"), size=len(data), font=font)

        steps: list[tuple[str, Callable[[], str]]] = [
            (N_("Database"), lambda: check_database(workdir, where.database)),
            (N_("PDF"), pdf_step),
            (N_("Translations"), check_catalogue),
        ]
        if qt_available():

            def qt_step() -> str:
                from desktop.ui.selftest_qt import check_qt

                return check_qt(pdf.get("bytes"))

            steps.append((N_("Qt (translations, PDF view, printing, pages)"), qt_step))
        else:
            results.append(Check(gettext(N_("Qt")), False, _t(N_("PySide6 is not installed"))))

        for name, step in steps:
            try:
                results.append(Check(gettext(name), True, step()))
            except SelfTestFailure as exc:
                results.append(Check(gettext(name), False, str(exc)))
            except Exception as exc:
                detail = str(exc) or type(exc).__name__
                results.append(Check(gettext(name), False, f"{type(exc).__name__}: {detail}"))
                if sys.stderr is not None:
                    traceback.print_exc(file=sys.stderr)
            _report(stream, results[-1])

    failed = [r for r in results if not r.ok]
    if failed:
        _print(
            stream,
            _t(
                N_("Self-test FAILED: {names}"),
                names=", ".join(r.name for r in failed),
            ),
        )
        return 1
    _print(stream, _t(N_("Self-test passed")))
    return 0


def _fallback_stream() -> TextIO:
    """A windowed Windows build has no console: write the report to %TEMP% instead."""
    report = Path(tempfile.gettempdir()) / "yishi-selftest.txt"
    return report.open("w", encoding="utf-8")


def _report(stream: TextIO, check: Check) -> None:
    mark = gettext(N_("passed")) if check.ok else gettext(N_("FAILED"))
    _print(stream, f"[{mark}] {check.name}: {check.detail}")


def _print(stream: TextIO, text: str) -> None:
    try:
        print(text, file=stream, flush=True)
    except UnicodeEncodeError:  # a legacy Windows console code page
        encoding = getattr(stream, "encoding", None) or "ascii"
        print(text.encode(encoding, "replace").decode(encoding), file=stream, flush=True)
