"""Draw the application icon: a white 议 on a red rounded square.

    .venv/bin/python tools/make_icon.py

Writes ``desktop/resources/icons/yishi.ico`` (16–256 px, used by the Windows executable, the
installer and its shortcuts) and ``yishi.png`` (256 px, for the window icon on Linux).
"""

from __future__ import annotations

import sys
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

OUT = ROOT / "desktop" / "resources" / "icons"
RED = (200, 16, 46, 255)
SIZES = [16, 24, 32, 48, 64, 128, 256]


def draw(size: int = 1024) -> Image.Image:
    from desktop.reports.fonts import candidates

    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    margin = size // 32
    pen.rounded_rectangle(
        (margin, margin, size - margin, size - margin), radius=size // 6, fill=RED
    )
    font_path = next(p for p in candidates() if p.is_file())
    font = ImageFont.truetype(str(font_path), int(size * 0.7))
    pen.text((size / 2, size / 2), "议", font=font, fill="white", anchor="mm")
    return image


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    big = draw()
    big.resize((256, 256), Image.Resampling.LANCZOS).save(OUT / "yishi.png", optimize=True)
    big.save(OUT / "yishi.ico", sizes=[(s, s) for s in SIZES])
    print(f"wrote {OUT / 'yishi.ico'} and {OUT / 'yishi.png'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
