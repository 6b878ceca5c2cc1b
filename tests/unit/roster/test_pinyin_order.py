"""Names sort in 拼音 order: syllable by syllable, then tone, then the name itself."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from desktop.pinyin_order import KEY_LENGTH, SURNAME_READINGS, sort_key, syllables
from desktop.services.roster.search import SURNAME_INITIALS, initials

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾单解仇查乐"
GIVEN = "伟芳秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华国建志文"

names = st.builds(
    lambda s, g: s + g,
    st.sampled_from(SURNAMES),
    st.text(alphabet=GIVEN, min_size=1, max_size=2),
)


def reference(name: str) -> tuple[list[tuple[str, int]], str]:
    """The dictionary order written out plainly: (syllable, tone) pairs compared one by one
    (a name whose syllables are a prefix of another's first), then the name."""
    pairs = [(s[:-1], int(s[-1])) if s[-1].isdigit() else (s, 0) for s in syllables(name)]
    return pairs, name


def test_li_before_liu_although_both_are_lm() -> None:
    assert initials("李明") == initials("刘敏") == "lm"
    assert sorted(["刘敏", "李明"], key=sort_key) == ["李明", "刘敏"]


def test_a_name_before_the_longer_name_it_begins() -> None:
    assert sorted(["李明华", "李明"], key=sort_key) == ["李明", "李明华"]


def test_tone_orders_the_same_syllable() -> None:
    assert sorted(["王芳", "汪芳"], key=sort_key) == ["汪芳", "王芳"]  # wāng before wáng


def test_shorter_syllable_first() -> None:
    assert sorted(["先进", "西安"], key=sort_key) == ["西安", "先进"]  # xi before xian


def test_surnames_sort_by_their_own_reading() -> None:
    assert sort_key("单雄").startswith("shan4-")
    assert sort_key("曾伟").startswith("zeng1-")
    assert sort_key("尉迟恭").startswith("yu4-chi2-gong1 ")
    # the search initials agree with the sort reading
    for char, reading in SURNAME_READINGS.items():
        assert SURNAME_INITIALS[char] == reading[0]
        assert initials(char + "明")[0] == reading[0]


def test_latin_letters_and_separators() -> None:
    assert syllables("阿不都·热合曼")[:2] == ["a1", "bu4"]
    assert "·" not in "".join(syllables("阿不都·热合曼"))
    assert syllables("Anna 李") == ["anna", "li3"]


def test_key_fits_its_column() -> None:
    assert len(sort_key("张" * 200)) <= KEY_LENGTH
    assert sort_key("") == " "


@given(st.lists(names, min_size=2, max_size=30))
def test_key_order_is_the_dictionary_order(people: list[str]) -> None:
    assert sorted(people, key=sort_key) == sorted(people, key=reference)


@given(names, names)
def test_key_is_total(a: str, b: str) -> None:
    assert (sort_key(a) == sort_key(b)) == (a == b)


def test_places_are_spelled_without_surname_readings() -> None:
    from desktop.pinyin_order import place_sort_key

    assert place_sort_key("解放碑").startswith("jie3-fang4-bei1 ")
    assert sort_key("解放").startswith("xie4-")  # as a person's name: the surname 解
    # 单 as a place is dān (after dà), as a surname shàn (after every d…)
    assert place_sort_key("大井巷") < place_sort_key("单家巷") < place_sort_key("邓家巷")
    assert sort_key("邓家巷") < sort_key("单家巷")
