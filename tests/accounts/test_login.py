"""Login with django-axes: failures counted per (username, client address), a lock that holds
even against the right password, and a clean slate after a successful login.

The lock per address alone and the proxy address are in test_login_limits.py."""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest
import time_machine
from axes.models import AccessAttempt
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from plek.accounts.models import Membership
from plek.accounts.roles import Role
from tests.conftest import TEST_PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = reverse("accounts:login")
WRONG = "not-the-password"


def post_login(client: Client, username: str, password: str, **extra: str) -> str:
    response = client.post(LOGIN, {"username": username, "password": password, **extra})
    return response.content.decode() if response.status_code in (200, 429) else response["Location"]


def fail(client: Client, username: str, times: int) -> str:
    page = ""
    for _attempt in range(times):
        page = post_login(client, username, WRONG)
    return page


def test_login_page_renders_for_anonymous_visitors(client: Client) -> None:
    response = client.get(LOGIN)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<label class="utrecht-form-label" for="id_username">Gebruikersnaam' in html
    assert 'autocomplete="current-password"' in html


def test_successful_login_goes_on_to_the_second_factor(
    client: Client, member: Callable[..., Membership]
) -> None:
    user = member(Role.WIJKTEAM).user
    location = post_login(client, user.username, TEST_PASSWORD)
    assert location.startswith(reverse("accounts:second-factor"))
    assert client.session["_auth_user_id"] == str(user.pk)


def test_role_without_second_factor_lands_on_the_start_page(
    client: Client, member: Callable[..., Membership]
) -> None:
    user = member(Role.BELEID).user
    response = client.post(
        LOGIN, {"username": user.username, "password": TEST_PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("web:home")
    assert "Monitor en uitvoeringsprogramma" in response.content.decode()


def test_login_rotates_the_session_key(client: Client, member: Callable[..., Membership]) -> None:
    user = member(Role.BELEID).user
    client.get(LOGIN)
    session = client.session
    session["planted"] = "x"
    session.save()
    before = session.session_key
    post_login(client, user.username, TEST_PASSWORD)
    assert client.session.session_key != before


def test_wrong_password_and_unknown_user_get_the_same_message(
    client: Client, member: Callable[..., Membership]
) -> None:
    user = member().user
    wrong_password = post_login(client, user.username, WRONG)
    unknown_user = post_login(client, "nobody-by-this-name", WRONG)
    message = "De gebruikersnaam of het wachtwoord klopt niet."
    assert message in wrong_password and message in unknown_user


def test_next_is_kept_but_only_when_local(
    client: Client, member: Callable[..., Membership]
) -> None:
    user = member(Role.BELEID).user
    location = post_login(client, user.username, TEST_PASSWORD, next="https://evil.example/")
    assert "evil.example" not in location
    client.logout()
    location = post_login(client, user.username, TEST_PASSWORD, next="/beheer/")
    assert "next=%2Fbeheer%2F" in location


class TestThrottle:
    def test_ten_failures_lock_the_account_even_against_the_right_password(
        self, client: Client, member: Callable[..., Membership]
    ) -> None:
        user = member(Role.BELEID).user
        assert settings.LOGIN_MAX_FAILURES == 10
        page = fail(client, user.username, 9)
        assert "Te veel mislukte pogingen" not in page
        page = fail(client, user.username, 1)
        minutes = settings.LOGIN_LOCK_SECONDS // 60
        assert f"Te veel mislukte pogingen. Probeer het over {minutes} minuten opnieuw." in page

        page = post_login(client, user.username, TEST_PASSWORD)
        assert "Te veel mislukte pogingen" in page
        assert "_auth_user_id" not in client.session

    def test_the_lock_passes_and_then_the_right_password_works(
        self, client: Client, member: Callable[..., Membership]
    ) -> None:
        user = member(Role.BELEID).user
        start = timezone.now()
        with time_machine.travel(start, tick=False) as traveller:
            fail(client, user.username, 10)
            traveller.shift(datetime.timedelta(seconds=settings.LOGIN_LOCK_SECONDS - 60))
            page = post_login(client, user.username, TEST_PASSWORD)
            assert "Probeer het over 1 minuut opnieuw." in page

            traveller.shift(datetime.timedelta(seconds=61))
            location = post_login(client, user.username, TEST_PASSWORD)
        assert location.startswith(reverse("accounts:second-factor"))
        assert client.session["_auth_user_id"] == str(user.pk)
        # Success wipes the count: the next mistakes start from zero.
        assert not AccessAttempt.objects.exists()

    def test_unknown_usernames_are_counted_and_locked_too(self, client: Client) -> None:
        page = fail(client, "ghost", 10)
        assert "Te veel mislukte pogingen" in page
        assert AccessAttempt.objects.get(username="ghost").failures_since_start == 10

    def test_the_count_ignores_case_and_spaces(
        self, client: Client, member: Callable[..., Membership]
    ) -> None:
        user = member(Role.BELEID).user
        fail(client, user.username.upper(), 5)
        fail(client, f"  {user.username}  ", 5)
        assert "Te veel mislukte pogingen" in post_login(client, user.username, TEST_PASSWORD)

    def test_success_resets_the_count(
        self, client: Client, member: Callable[..., Membership]
    ) -> None:
        user = member(Role.BELEID).user
        fail(client, user.username, 9)
        post_login(client, user.username, TEST_PASSWORD)
        client.logout()
        page = fail(client, user.username, 9)
        assert "Te veel mislukte pogingen" not in page

    def test_after_a_lock_has_passed_the_count_starts_again(
        self, client: Client, member: Callable[..., Membership]
    ) -> None:
        user = member(Role.BELEID).user
        with time_machine.travel(timezone.now(), tick=False) as traveller:
            fail(client, user.username, 10)
            traveller.shift(datetime.timedelta(seconds=settings.LOGIN_LOCK_SECONDS + 1))
            page = fail(client, user.username, 1)
        assert "Te veel mislukte pogingen" not in page
        assert AccessAttempt.objects.get().failures_since_start == 1

    def test_other_accounts_are_not_affected(
        self, client: Client, member: Callable[..., Membership]
    ) -> None:
        locked, other = member(Role.BELEID).user, member(Role.BELEID).user
        fail(client, locked.username, 10)
        location = post_login(client, other.username, TEST_PASSWORD)
        assert location.startswith(reverse("accounts:second-factor"))

    def test_inactive_users_cannot_log_in(
        self, client: Client, member: Callable[..., Membership]
    ) -> None:
        user = member(Role.BELEID).user
        user.is_active = False
        user.save()
        page = post_login(client, user.username, TEST_PASSWORD)
        assert "De gebruikersnaam of het wachtwoord klopt niet." in page


def test_logout_needs_post_and_ends_the_session(
    client: Client, member: Callable[..., Membership]
) -> None:
    user = member(Role.BELEID).user
    post_login(client, user.username, TEST_PASSWORD)
    assert client.get(reverse("accounts:logout")).status_code == 405
    response = client.post(reverse("accounts:logout"))
    assert response["Location"] == LOGIN
    assert "_auth_user_id" not in client.session


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_failures_are_all_counted() -> None:
    """Failures arriving at the same moment on separate connections are each counted."""
    import threading

    from django.db import connection, connections

    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: real concurrent connections with row locks")
    workers, each = 6, 5
    start = threading.Barrier(workers)
    errors: list[BaseException] = []

    def attack() -> None:
        try:
            client = Client()
            start.wait()
            for _attempt in range(each):
                client.post(LOGIN, {"username": "racer", "password": WRONG})
        except BaseException as error:  # reported to the main thread
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attack) for _worker in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    # Counted until the lock (10), then refused without counting: never fewer than the limit.
    total = sum(
        AccessAttempt.objects.filter(username="racer").values_list(
            "failures_since_start", flat=True
        )
    )
    assert total >= settings.LOGIN_MAX_FAILURES
    page = post_login(Client(), "racer", WRONG)
    assert "Te veel mislukte pogingen" in page
