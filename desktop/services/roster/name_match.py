"""Does a typed query match a Chinese name? For the pick lists (接待代表 and the like) that
filter as one types: the characters themselves, the pinyin initials (hl → 黄磊) and the full
pinyin without tones (huang → 黄磊, lei → 黄磊, huanglei → 黄磊), case-insensitive.
Pure (no database); the spellings come from desktop.pinyin_order (cached per character).
"""

from __future__ import annotations

import re
from functools import lru_cache

from desktop.pinyin_order import syllables

_TONE = re.compile(r"[0-9]")


@lru_cache(maxsize=20_000)
def _spelled(name: str) -> tuple[str, ...]:
    """Toneless syllables of ``name``: 黄磊 → ("huang", "lei"); non-Chinese kept as typed."""
    return tuple(_TONE.sub("", s).lower() for s in syllables(name) if s)


def matches(name: str, query: str) -> bool:
    q = "".join(query.split()).lower()
    if not q:
        return True
    if q in name.lower():
        return True
    if not q.isascii():
        return False
    spelled = _spelled(name)
    initials = "".join(s[:1] for s in spelled)
    if initials.startswith(q):
        return True
    # Full pinyin from the start of any syllable: the surname or the given name.
    return any("".join(spelled[i:]).startswith(q) for i in range(len(spelled)))
