from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.errors import ValidationError
from desktop.services import validators as v


@given(
    st.from_regex(
        r"[1-6]\d{5}(19[5-9]\d|200\d)(0[1-9]|1[0-2])(0[1-9]|1\d|2[0-8])\d{3}", fullmatch=True
    )
)
def test_id_numbers_with_their_check_digit_pass_and_any_other_digit_fails(first17: str) -> None:
    good = first17 + v.id_check_digit(first17)
    assert v.id_number_problem(good) is None
    for other in "0123456789X":
        if other != good[-1]:
            assert v.id_number_problem(first17 + other) is not None


def test_known_id_number_and_lowercase_x_and_fullwidth() -> None:
    assert v.id_check_digit("11010519491231002") == "X"
    assert v.check_id_number("11010519491231002x") == "11010519491231002X"
    assert v.check_id_number("１１０１０５１９４９１２３１００２Ｘ") == "11010519491231002X"
    assert v.check_id_number(" ") is None
    with pytest.raises(ValidationError) as err:
        v.check_id_number("110105194912310021")
    assert err.value.field == "id_number"
    assert v.id_number_problem("11010519491331002X") is not None  # month 13
    assert v.birth_date_from_id("11010519491231002X") == date(1949, 12, 31)
    assert v.gender_from_id("11010519491231002X") == "female"


@pytest.mark.parametrize(
    ("text", "ok"),
    [
        ("13800138000", True),
        ("138 0013 8000", True),
        ("138-0013-8000", True),
        ("+86 13800138000", True),
        ("１３８００１３８０００", True),
        ("023-63841234", True),
        ("(023)63841234", True),
        ("63841234", True),
        ("023-63841234-801", True),
        ("1380013800", False),
        ("12800138000", False),
        ("023-0384123", False),
        ("abc", False),
        ("", True),
    ],
)
def test_phone_numbers(text: str, ok: bool) -> None:
    assert (v.phone_problem(text) is None) is ok


def test_phone_normalised() -> None:
    assert v.check_phone("138 0013 8000") == "13800138000"
    assert v.check_phone("（023）63841234") == "023-63841234"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-03-05", date(2024, 3, 5)),
        ("2024/3/5", date(2024, 3, 5)),
        ("2024.03.05", date(2024, 3, 5)),
        ("2024年3月5日", date(2024, 3, 5)),
        ("２０２４－０３－０５", date(2024, 3, 5)),
        ("20240305", date(2024, 3, 5)),
        ("", None),
    ],
)
def test_dates_typed_as_text(text: str, expected: date | None) -> None:
    assert v.parse_date(text) == expected


@pytest.mark.parametrize("text", ["3/5/24", "去年", "2024-02-30", "2024-13-01"])
def test_bad_dates(text: str) -> None:
    with pytest.raises(ValueError):
        v.parse_date(text)


@given(st.text(max_size=20))
def test_clean_text_is_idempotent_and_trimmed(text: str) -> None:
    once = v.clean_text(text)
    assert v.clean_text(once) == once
    assert once == once.strip()


def test_names_lose_spaces_between_chinese_characters() -> None:
    assert v.clean_name(" 李　 娜 ") == "李娜"
    assert v.clean_name("Anna  Li") == "Anna Li"


@given(st.text(alphabet="0123456789", min_size=17, max_size=17))
def test_gender_against_the_id_numbers_17th_digit(first17: str) -> None:
    idn = first17 + v.id_check_digit(first17)
    implied = "male" if int(first17[16]) % 2 else "female"
    other = "female" if implied == "male" else "male"
    assert v.gender_problem(implied, idn) is None
    assert v.gender_problem(other, idn) is not None
    assert v.gender_problem("", idn) is None  # unknown gender: nothing to check
    assert v.gender_problem(other, "") is None  # no ID number


def test_representative_form_refuses_a_gender_the_id_number_contradicts() -> None:
    from desktop.services import roster

    idn = "11010519491231002X"  # 17th digit 2: female
    form = roster.RepresentativeForm(name="王芳", gender="male", id_number=idn)
    assert "gender" in roster.check_representative(form)
    form = roster.RepresentativeForm(name="王芳", gender="female", id_number=idn)
    assert "gender" not in roster.check_representative(form)


@given(st.text(alphabet="0123456789０１２３X", min_size=17, max_size=17))
def test_the_check_digit_is_the_weighted_sum_of_gb_11643(first17: str) -> None:
    """The fast path (ASCII, one C-level map over the bytes) and the full-width path give
    the ISO 7064 MOD 11-2 digit written out."""
    digits = [ord(c) - 48 for c in v.to_halfwidth(first17)]
    total = sum(d * w for d, w in zip(digits, v._ID_WEIGHTS, strict=True))
    assert v.id_check_digit(first17) == "10X98765432"[total % 11]
