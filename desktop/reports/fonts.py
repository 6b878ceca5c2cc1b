"""Find and register an embeddable CJK TrueType font for ReportLab (DESIGN.md §5).

Order: the user's setting → Windows fonts → fontconfig/common Linux paths (WenQuanYi, Droid
Sans Fallback) → ReportLab's built-in ``STSong-Light`` CID font (not embedded; a warning is
logged because the PDF then depends on the reader having the font).

Official papers (公文, GB/T 9704) set the title in 小标宋 and the body in 仿宋:
:func:`official_font` finds them where installed (Windows ships 仿宋 as simfang.ttf; 方正小标宋
is often installed in government offices) and otherwise falls back to the font above.
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


def _try_register(path: Path, name: str = FONT_NAME) -> bool:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFError, TTFont

    if not path.is_file():
        return False
    try:
        font = (
            TTFont(name, str(path), subfontIndex=0)
            if path.suffix.lower() == ".ttc"
            else TTFont(name, str(path))
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


#: role → (ReportLab name, file names looked for in the Windows/user font folders,
#: family names looked for through fontconfig)
OFFICIAL_FONTS: dict[str, tuple[str, tuple[str, ...], tuple[str, ...]]] = {
    "title": (
        "YishiXiaoBiaoSong",
        ("FZXBSJW.TTF", "FZXBSK.TTF", "方正小标宋简体.ttf", "方正小标宋_GBK.ttf"),
        ("FZXiaoBiaoSong-B05S", "方正小标宋简体", "FZXiaoBiaoSong-B05", "方正小标宋_GBK"),
    ),
    "body": (
        "YishiFangSong",
        ("simfang.ttf", "FZFSJW.TTF", "FZFSK.TTF", "方正仿宋_GBK.ttf"),
        ("FangSong", "仿宋", "FangSong_GB2312", "仿宋_GB2312", "FZFangSong-Z02S", "方正仿宋_GBK"),
    ),
}


def _font_dirs() -> list[Path]:
    windir = Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts"
    local = Path(os.environ.get("LOCALAPPDATA", "")) / "Microsoft" / "Windows" / "Fonts"
    return [windir, local, Path.home() / ".local/share/fonts", Path("/usr/share/fonts/truetype")]


@cache
def _fontconfig_families() -> dict[str, str]:
    """family name → file, for the fonts fontconfig knows (empty without fc-list)."""
    if not shutil.which("fc-list"):
        return {}
    try:
        out = subprocess.run(
            ["fc-list", "--format", "%{file}\t%{family}\n"],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return {}
    found: dict[str, str] = {}
    for line in out.splitlines():
        file, _tab, families = line.partition("\t")
        for family in families.split(","):
            found.setdefault(family.strip(), file)
    return found


@cache
def official_font(role: str, user_path: str = "") -> str:
    """The ReportLab font name for ``role`` ("title": 小标宋, "body": 仿宋) where such a font
    is installed, else the general CJK font (:func:`register_cjk_font`)."""
    name, files, families = OFFICIAL_FONTS[role]
    paths = [folder / file for folder in _font_dirs() for file in files]
    known = _fontconfig_families()
    paths += [Path(known[f]) for f in families if f in known]
    for path in paths:
        if path.suffix.lower() in (".ttf", ".ttc") and _try_register(path, name):
            log.info("PDF %s font: %s", role, path)
            return name
    return register_cjk_font(user_path).name
