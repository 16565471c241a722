"""Weak passwords are refused (finding #18): at least 12 characters, not common, not a common
word dressed up with digits or symbols, not a repetition, not like the user's name."""

from __future__ import annotations

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from plek.accounts.models import User
from plek.demo.region import USERS as DEMO_USERS


@pytest.mark.parametrize(
    "password",
    [
        "aaaaaaaaaaaa",  # the audit's examples
        "Welkom2026!!",
        "welkom",  # too short and common
        "Wachtwoord123!",
        "Zomer2026!!!",
        "ababababababab",
        "qwertyuiop12",
        "!!Password2026",
        "123456789012",
        "abcdefghijkl",
        "JanDeVries1980!",  # like the user's name
    ],
)
def test_weak_passwords_are_refused(password: str) -> None:
    user = User(username="jdevries", first_name="Jan", last_name="de Vries1980")
    with pytest.raises(ValidationError):
        validate_password(password, user)


@pytest.mark.parametrize(
    "password", ["correct-horse-battery-1", "fiets paraplu tegel 9", "Z8k!q2Lm#r4Tw"]
)
def test_strong_passwords_pass(password: str) -> None:
    validate_password(password, User(username="jdevries", first_name="Jan", last_name="Vries"))


def test_the_demo_passwords_still_pass() -> None:
    for spec in DEMO_USERS:
        validate_password(spec.password, User(username=spec.username))
