"""Full-pinyin sort keys for people's names, so that lists read in 拼音 order (李明 before 刘敏).

``name_initials`` (张伟强 → zwq) is what the search box matches; sorting by it alone puts
刘敏 (lm) before 李明 (lm) by code point. The sort key spells every character as its syllable
with the tone number (TONE3, neutral tone 5), the dictionary order: syllable first (li < liu,
xi < xian), then tone (汪 wāng before 王 wáng). Syllables are joined with ``-`` and the name
follows after a space, which sorts below every syllable character, so a name that is a prefix
of another comes first (李明 before 李明华) and the order is total. Surnames with a reading of
their own (曾 zēng, 单 shàn …) use it. Latin letters and digits keep their place; a character
pypinyin cannot spell sorts after all syllables, by code point.

No layer above the models is needed, so models compute their key on assignment of ``name``.
"""

from __future__ import annotations

import os
from collections.abc import Callable

#: Surnames whose reading differs from the character's common one.
SURNAME_READINGS: dict[str, str] = {
    "曾": "zeng1",
    "单": "shan4",
    "解": "xie4",
    "仇": "qiu2",
    "区": "ou1",
    "查": "zha1",
    "朴": "piao2",
    "盖": "ge3",
    "覃": "qin2",
    "缪": "miao4",
    "翟": "zhai2",
    "乐": "yue4",
    "召": "shao4",
    "冼": "xian3",
    "尉": "yu4",
    "秘": "bi4",
}
#: Two-character surnames read their own way.
COMPOUND_SURNAMES: dict[str, tuple[str, str]] = {
    "尉迟": ("yu4", "chi2"),
    "万俟": ("mo4", "qi2"),
    "长孙": ("zhang3", "sun1"),
    "单于": ("chan2", "yu2"),
    "澹台": ("tan2", "tai2"),
}
#: Column width of ``name_sort``.
KEY_LENGTH = 128
_SYLLABLES_MAX = 90
_CHAR_SYLLABLE: dict[str, str] = {}


def _spell(char: str) -> str:
    """pypinyin, imported on first use with its phrase dictionary off (one character at a
    time needs none, and loading it takes ~0.25 s)."""
    os.environ.setdefault("PYPINYIN_NO_PHRASES", "true")
    from pypinyin import Style, pinyin

    found = pinyin(char, style=Style.TONE3, neutral_tone_with_five=True, errors="ignore")
    text = found[0][0] if found and found[0] else ""
    return text if text.isascii() and text.isalnum() else ""


def spelling(char: str) -> str:
    """One character's syllable with its tone number (张 → zhang1), or "" when pypinyin has
    none; cached. The search initials (zwq) are the first letters of these."""
    found = _CHAR_SYLLABLE.get(char)
    if found is None:
        found = _CHAR_SYLLABLE[char] = _spell(char)
    return found


def _syllable(char: str) -> str:
    return spelling(char) or char  # unspellable: after every syllable, by code point


def _words(text: str) -> list[str]:
    """Syllables of Chinese characters; a run of Latin letters or digits is one word (lower
    case); spaces, the middle dot of transliterated names and other punctuation are left out."""
    out: list[str] = []
    run = ""
    for char in text:
        if char.isascii() and char.isalnum():
            run += char.lower()
            continue
        if run:
            out.append(run)
            run = ""
        if not char.isascii() and char.isalnum():
            out.append(_syllable(char))
    if run:
        out.append(run)
    return out


def syllables(name: str) -> list[str]:
    """The name's syllables in reading order (张伟强 → zhang1 wei3 qiang2)."""
    name = name.strip()
    if not name:
        return []
    compound = COMPOUND_SURNAMES.get(name[:2])
    if compound:
        return [*compound, *_words(name[2:])]
    reading = SURNAME_READINGS.get(name[0])
    if reading:
        return [reading, *_words(name[1:])]
    return _words(name)


def _key(spelled: list[str], name: str) -> str:
    return f"{'-'.join(spelled)[:_SYLLABLES_MAX]} {name}"[:KEY_LENGTH]


def sort_key(name: str) -> str:
    """The ``name_sort`` value of a person: ``zhang1-wei3-qiang2 张伟强`` (at most KEY_LENGTH
    chars)."""
    name = (name or "").strip()
    return _key(syllables(name), name)


def place_sort_key(name: str) -> str:
    """The ``name_sort`` value of a place or body: no surname readings, so 解放碑 is jie3, not
    the surname xie4."""
    name = (name or "").strip()
    return _key(_words(name), name)


def key_for(model: type) -> Callable[[str], str]:
    """The key function of a model's ``name_sort``: a person's, unless the model names another
    in ``__name_sort_key__`` (stations: :func:`place_sort_key`)."""
    key: Callable[[str], str] = getattr(model, "__name_sort_key__", sort_key)
    return key
