"""The citizen service number (BSN) and its 11-test.

A BSN has nine digits d1..d9. Weighted with 9, 8, ..., 2 for d1..d8 and -1 for d9, the sum must be
divisible by 11. ``000000000`` passes that test but is no number anyone holds, so it is refused.
Demo and test data use only numbers that start with 9999 (the range set aside for testing).
"""

from __future__ import annotations

from functools import cache

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from plek.core.text import is_digits

WEIGHTS = (9, 8, 7, 6, 5, 4, 3, 2, -1)
TEST_RANGE_PREFIX = "9999"


def _weighted_sum(digits: str) -> int:
    return sum(weight * int(digit) for weight, digit in zip(WEIGHTS, digits, strict=True))


def is_valid_bsn(value: str) -> bool:
    """True for nine ASCII digits that pass the 11-test, other than ``000000000``."""
    if len(value) != 9 or not is_digits(value):
        return False
    if value == "000000000":
        return False
    return _weighted_sum(value) % 11 == 0


def validate_bsn(value: str) -> None:
    """Model and form validator with a message that names the field."""
    if not is_valid_bsn(value):
        raise ValidationError(
            _("Het BSN moet uit 9 cijfers bestaan en voldoen aan de elfproef."),
            code="invalid_bsn",
        )


def check_digit(body: str) -> int | None:
    """The ninth digit that makes the eight digits of ``body`` pass, or None when none does."""
    partial = sum(weight * int(digit) for weight, digit in zip(WEIGHTS[:8], body, strict=True))
    digit = partial % 11
    return None if digit == 10 else digit


@cache
def _test_range() -> tuple[str, ...]:
    numbers = []
    for serial in range(10_000):
        body = f"{TEST_RANGE_PREFIX}{serial:04d}"
        digit = check_digit(body)
        if digit is not None:
            numbers.append(f"{body}{digit}")
    return tuple(numbers)


def synthetic_bsn(n: int) -> str:
    """The n-th valid number of the 9999 test range (wrapping around), for demo and test data."""
    numbers = _test_range()
    return numbers[n % len(numbers)]
