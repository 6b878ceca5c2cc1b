"""Find and register an embeddable CJK TrueType font for ReportLab (DESIGN.md §5).

Order: the user's setting → Windows fonts → fontconfig/common Linux paths (WenQuanYi, Droid
Sans Fallback) → ReportLab's built-in ``STSong-Light`` CID font (not embedded; a warning is
logged because the PDF then depends on the reader having the font).
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
from dataclasses import dataclass
from functools import cache
from pathlib import Path

log = logging.getLogger(__name__)

FONT_NAME = "YishiCJK"
FALLBACK_CID = "STSong-Light"

WINDOWS_CANDIDATES = ("simsun.ttc", "simfang.ttf", "simhei.ttf", "msyh.ttc", "msyh.ttf")
LINUX_CANDIDATES = (
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
    "/usr/share/fonts/truetype/droid/DroidSansFallback.ttf",
)
FC_FAMILIES = ("WenQuanYi Micro Hei", "WenQuanYi Zen Hei", "Droid Sans Fallback")


@dataclass(frozen=True)
class FontChoice:
    name: str  # the ReportLab font name to use in styles
    path: str | None  # None for the built-in CID font
    embedded: bool


def _windows_fonts() -> list[Path]:
    root = Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts"
    return [root / name for name in WINDOWS_CANDIDATES]


def _fontconfig() -> list[Path]:
    if not shutil.which("fc-match"):
        return []
    found = []
    for family in FC_FAMILIES:
        try:
            out = subprocess.run(
                ["fc-match", "-f", "%{file}", f"{family}:lang=zh-cn"],
                capture_output=True,
                text=True,
                timeout=5,
                check=False,
            ).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            continue
        if out.lower().endswith((".ttf", ".ttc")):
            found.append(Path(out))
    return found


def candidates(user_path: str = "") -> list[Path]:
    paths: list[Path] = []
    if user_path:
        paths.append(Path(user_path))
    paths += _windows_fonts()
    paths += [Path(p) for p in LINUX_CANDIDATES]
    paths += _fontconfig()
    return paths


def _try_register(path: Path) -> bool:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFError, TTFont

    if not path.is_file():
        return False
    try:
        font = (
            TTFont(FONT_NAME, str(path), subfontIndex=0)
            if path.suffix.lower() == ".ttc"
            else TTFont(FONT_NAME, str(path))
        )
    except (TTFError, OSError, ValueError) as exc:  # CFF-based OTF/TTC cannot be embedded
        log.info("font %s not usable: %s", path, exc)
        return False
    pdfmetrics.registerFont(font)
    return True


@cache
def register_cjk_font(user_path: str = "") -> FontChoice:
    """Register the first usable font under the name ``YishiCJK`` and return the choice."""
    for path in candidates(user_path):
        if _try_register(path):
            log.info("PDF font: %s", path)
            return FontChoice(FONT_NAME, str(path), True)
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    log.warning("no embeddable CJK font found; using %s (not embedded)", FALLBACK_CID)
    pdfmetrics.registerFont(UnicodeCIDFont(FALLBACK_CID))
    return FontChoice(FALLBACK_CID, None, False)


def font_name(user_path: str = "") -> str:
    return register_cjk_font(user_path).name
