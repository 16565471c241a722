"""Login that cannot be used against users (issue 9, item 7 / finding #9).

Before: the lock was per username only, so anyone anywhere could lock anyone out for 15 minutes,
and guessing spread over many usernames from one address was never slowed.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from plek.accounts.models import Membership
from plek.accounts.roles import Role
from tests.conftest import TEST_PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = reverse("accounts:login")
ATTACKER, VICTIM_DESK = "203.0.113.7", "198.51.100.20"
LOCKED = "Te veel mislukte pogingen"


def _post(client: Client, username: str, password: str, address: str, **headers: str) -> object:
    return client.post(
        LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address, **headers
    )


def _logged_in(response: object) -> bool:
    return response.status_code == 302  # type: ignore[attr-defined]


def test_a_stranger_cannot_lock_a_user_out_from_elsewhere(
    member: Callable[..., Membership],
) -> None:
    victim = member(Role.WIJKTEAM).user
    attacker = Client()
    for _attempt in range(settings.LOGIN_MAX_FAILURES):
        response = _post(attacker, victim.username, "geraden-wachtwoord", ATTACKER)
    assert response.status_code == 429  # type: ignore[attr-defined]
    assert LOCKED in response.content.decode()  # type: ignore[attr-defined]
    # The attacker's address is locked for this username, even with the right password ...
    assert not _logged_in(_post(Client(), victim.username, TEST_PASSWORD, ATTACKER))
    # ... but the victim at their own desk logs in as usual.
    assert _logged_in(_post(Client(), victim.username, TEST_PASSWORD, VICTIM_DESK))


def test_guessing_over_many_usernames_locks_the_address(
    member: Callable[..., Membership], settings: object
) -> None:
    settings.LOGIN_MAX_FAILURES_PER_ADDRESS = 30  # type: ignore[attr-defined]
    user = member(Role.BELEID).user
    attacker = Client()
    for number in range(29):
        response = _post(attacker, f"naam-{number}", "welkom", ATTACKER)
        assert LOCKED not in response.content.decode()  # type: ignore[attr-defined]
    response = _post(attacker, "naam-29", "welkom", ATTACKER)
    assert response.status_code == 429  # type: ignore[attr-defined]
    # Any username from that address is refused now, the right password too ...
    assert not _logged_in(_post(Client(), user.username, TEST_PASSWORD, ATTACKER))
    # ... while other addresses are not affected.
    assert _logged_in(_post(Client(), user.username, TEST_PASSWORD, VICTIM_DESK))


def test_the_default_limits(db: None) -> None:
    assert settings.LOGIN_MAX_FAILURES == 10
    assert settings.LOGIN_MAX_FAILURES_PER_ADDRESS == 100
    assert settings.AXES_FAILURE_LIMIT == settings.LOGIN_MAX_FAILURES
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"], "ip_address"]


def test_behind_a_proxy_the_forwarded_address_counts_and_cannot_be_forged(
    member: Callable[..., Membership], settings: object
) -> None:
    settings.PROXY_COUNT = 1  # type: ignore[attr-defined]
    victim = member(Role.WIJKTEAM).user
    proxy = "10.0.0.1"
    for _attempt in range(settings.LOGIN_MAX_FAILURES):  # type: ignore[attr-defined]
        # The attacker puts a fake address in front; the proxy appends the real one.
        _post(
            Client(),
            victim.username,
            "fout",
            proxy,
            HTTP_X_FORWARDED_FOR=f"{VICTIM_DESK}, {ATTACKER}",
        )
    locked = _post(Client(), victim.username, TEST_PASSWORD, proxy, HTTP_X_FORWARDED_FOR=ATTACKER)
    assert not _logged_in(locked)
    # The victim behind the same proxy is not locked out.
    assert _logged_in(
        _post(Client(), victim.username, TEST_PASSWORD, proxy, HTTP_X_FORWARDED_FOR=VICTIM_DESK)
    )
