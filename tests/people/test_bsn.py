"""The 11-test for the BSN, checked as properties over many generated numbers."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from hypothesis import assume, given
from hypothesis import strategies as st

from plek.people.bsn import check_digit, is_valid_bsn, synthetic_bsn, validate_bsn

eight_digits = st.text(alphabet="0123456789", min_size=8, max_size=8)


@st.composite
def valid_bsns(draw: st.DrawFn) -> str:
    body = draw(eight_digits)
    digit = check_digit(body)
    assume(digit is not None and body != "00000000")
    return f"{body}{digit}"


@given(valid_bsns())
def test_valid_numbers_are_accepted(bsn: str) -> None:
    assert is_valid_bsn(bsn)
    validate_bsn(bsn)


@given(valid_bsns(), st.integers(0, 8), st.integers(1, 9))
def test_any_single_digit_change_is_refused(bsn: str, position: int, shift: int) -> None:
    changed_digit = (int(bsn[position]) + shift) % 10
    changed = f"{bsn[:position]}{changed_digit}{bsn[position + 1 :]}"
    assert changed != bsn
    assert not is_valid_bsn(changed)


def test_all_zeros_passes_the_sum_but_is_refused() -> None:
    assert not is_valid_bsn("000000000")
    with pytest.raises(ValidationError):
        validate_bsn("000000000")


@given(st.text(alphabet="0123456789", max_size=12).filter(lambda s: len(s) != 9))
def test_numbers_of_other_lengths_are_refused(value: str) -> None:
    assert not is_valid_bsn(value)


@given(st.text(min_size=9, max_size=9).filter(lambda s: not (s.isascii() and s.isdigit())))
def test_anything_but_ascii_digits_is_refused(value: str) -> None:
    assert not is_valid_bsn(value)


def test_known_numbers() -> None:
    # 9*1 + 8*1 + 7*1 + 6*1 + 5*1 + 4*1 + 3*1 + 2*1 - 1*1 = 43: not divisible by 11.
    assert not is_valid_bsn("111111111")
    # 9*9 + 8*9 + 7*9 + 6*9 + 5*0 + 4*0 + 3*0 + 2*1 = 272 = 11*24 + 8, so the check digit is 8.
    assert is_valid_bsn("999900018")


def test_message_names_the_field_in_dutch() -> None:
    with pytest.raises(ValidationError) as excinfo:
        validate_bsn("123")
    assert "BSN" in excinfo.value.messages[0]
    assert "elfproef" in excinfo.value.messages[0]


@given(st.integers(0, 20_000))
def test_synthetic_numbers_are_valid_and_in_the_test_range(n: int) -> None:
    bsn = synthetic_bsn(n)
    assert bsn.startswith("9999")
    assert is_valid_bsn(bsn)


def test_synthetic_numbers_are_distinct_over_the_range() -> None:
    numbers = [synthetic_bsn(n) for n in range(9000)]
    assert len(set(numbers)) == len(numbers)
