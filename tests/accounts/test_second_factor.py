"""The second factor: TOTP enrolment with a QR code, code entry, and the demo-only skip."""

from __future__ import annotations

import re
import time
from base64 import b32encode
from collections.abc import Callable

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from pytest_django.fixtures import Settings

from plek.accounts.models import Membership, User
from plek.accounts.roles import ROLE_PROFILES, Role
from plek.accounts.verification import DEMO_SKIP_SESSION_KEY

pytestmark = pytest.mark.django_db

SECOND_FACTOR = reverse("accounts:second-factor")
DEMO_SKIP = reverse("accounts:demo-skip")


def code_for(device: TOTPDevice, offset: int = 0) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, drift=offset):06d}"


def logged_in(user: User) -> Client:
    """Password passed, second factor not yet."""
    client = Client()
    client.force_login(user)
    return client


def enrolling(user: User) -> Client:
    """Password passed and the admin's activation code shown: ready to enrol a device."""
    from plek.accounts import services

    client = logged_in(user)
    code = services.issue_totp_activation(None, user)
    response = client.post(SECOND_FACTOR, {"activation_code": code})
    assert response.status_code == 302
    return client


@pytest.fixture
def caseworker(member: Callable[..., Membership]) -> User:
    return member(Role.WIJKTEAM).user


class TestEnrolment:
    def test_first_visit_shows_a_qr_code_and_the_secret(self, caseworker: User) -> None:
        html = enrolling(caseworker).get(SECOND_FACTOR).content.decode()
        device = TOTPDevice.objects.get(user=caseworker)
        assert not device.confirmed
        svg = re.search(r"<svg.*?</svg>", html, re.S)
        assert svg is not None
        assert 'role="img"' in svg.group() and "<title" in svg.group()
        assert "style" not in svg.group()  # the CSP allows no inline style
        secret = re.search(r'class="utrecht-code plek-secret">([A-Z2-7 ]+)<', html)
        assert secret is not None
        assert secret.group(1).replace(" ", "") == b32encode(device.bin_key).decode()

    def test_reloading_keeps_the_same_device(self, caseworker: User) -> None:
        client = enrolling(caseworker)
        client.get(SECOND_FACTOR)
        client.get(SECOND_FACTOR)
        assert TOTPDevice.objects.filter(user=caseworker).count() == 1

    def test_a_real_code_confirms_the_device_and_verifies_the_session(
        self, caseworker: User
    ) -> None:
        client = enrolling(caseworker)
        client.get(SECOND_FACTOR)
        device = TOTPDevice.objects.get(user=caseworker)
        assert client.get("/").status_code == 302  # not yet verified

        response = client.post(SECOND_FACTOR, {"token": code_for(device), "next": "/"})
        assert response.status_code == 302 and response["Location"] == "/"
        device.refresh_from_db()
        assert device.confirmed
        assert client.get("/").status_code == 200

    def test_a_wrong_code_is_refused_with_a_dutch_message(self, caseworker: User) -> None:
        client = enrolling(caseworker)
        client.get(SECOND_FACTOR)
        device = TOTPDevice.objects.get(user=caseworker)
        wrong = f"{(int(code_for(device)) + 1) % 1_000_000:06d}"
        html = client.post(SECOND_FACTOR, {"token": wrong}).content.decode()
        assert "Deze code klopt niet." in html
        assert 'aria-describedby="id_token-hint id_token-error"' in html
        device.refresh_from_db()
        assert not device.confirmed
        assert client.get("/").status_code == 302

    def test_letters_are_refused_before_checking(self, caseworker: User) -> None:
        client = enrolling(caseworker)
        html = client.post(SECOND_FACTOR, {"token": "abcdef"}).content.decode()
        assert "Vul als code de zes cijfers uit uw authenticator-app in." in html


class TestCodeEntry:
    @pytest.fixture
    def device(self, caseworker: User) -> TOTPDevice:
        return TOTPDevice.objects.create(user=caseworker, name="telefoon", confirmed=True)

    def test_enrolled_users_are_asked_for_a_code_only(
        self, caseworker: User, device: TOTPDevice
    ) -> None:
        html = logged_in(caseworker).get(SECOND_FACTOR).content.decode()
        assert "Code invullen" in html
        assert "<svg" not in html
        assert TOTPDevice.objects.filter(user=caseworker).count() == 1

    def test_the_right_code_verifies(self, caseworker: User, device: TOTPDevice) -> None:
        client = logged_in(caseworker)
        client.post(SECOND_FACTOR, {"token": code_for(device)})
        assert client.get("/").status_code == 200

    def test_a_used_code_cannot_be_replayed(self, caseworker: User, device: TOTPDevice) -> None:
        code = code_for(device)
        logged_in(caseworker).post(SECOND_FACTOR, {"token": code})
        replay = logged_in(caseworker)
        assert (
            "Deze code klopt niet." in replay.post(SECOND_FACTOR, {"token": code}).content.decode()
        )
        assert replay.get("/").status_code == 302

    def test_repeated_wrong_codes_are_throttled(self, caseworker: User, device: TOTPDevice) -> None:
        client = logged_in(caseworker)
        # Frozen clock: right after a failure django_otp makes the next try wait a second.
        with time_machine.travel(time.time(), tick=False):
            wrong = f"{(int(code_for(device)) + 7) % 1_000_000:06d}"
            client.post(SECOND_FACTOR, {"token": wrong})
            html = client.post(SECOND_FACTOR, {"token": code_for(device)}).content.decode()
        assert "Te veel onjuiste codes na elkaar." in html

    def test_session_key_changes_when_verified(self, caseworker: User, device: TOTPDevice) -> None:
        client = logged_in(caseworker)
        before = client.session.session_key
        client.post(SECOND_FACTOR, {"token": code_for(device)})
        assert client.session.session_key != before


@pytest.mark.parametrize(
    "role", [role for role in Role.values if not ROLE_PROFILES[role].needs_second_factor]
)
def test_roles_without_a_second_factor_pass_straight_through(
    role: str, member: Callable[..., Membership]
) -> None:
    client = logged_in(member(role).user)
    response = client.get(SECOND_FACTOR + "?next=/")
    assert response["Location"] == "/"
    assert not TOTPDevice.objects.exists()


def test_every_other_role_needs_the_second_factor(member: Callable[..., Membership]) -> None:
    for role in Role.values:
        if ROLE_PROFILES[role].needs_second_factor:
            response = logged_in(member(role).user).get("/")
            assert response["Location"] == SECOND_FACTOR, role


def test_anonymous_visitors_are_sent_to_login(client: Client) -> None:
    response = client.get(SECOND_FACTOR)
    assert response["Location"].startswith(reverse("accounts:login"))


class TestDemoSkip:
    @pytest.fixture
    def demo_user(self, member: Callable[..., Membership]) -> User:
        user = member(Role.WIJKTEAM).user
        user.is_demo = True
        user.save()
        return user

    def test_demo_user_in_demo_mode_may_skip(self, settings: Settings, demo_user: User) -> None:
        settings.DEMO_MODE = True
        client = logged_in(demo_user)
        assert "Overslaan (alleen demo)" in client.get(SECOND_FACTOR).content.decode()
        response = client.post(DEMO_SKIP, {"next": "/"})
        assert response["Location"] == "/"
        assert client.session[DEMO_SKIP_SESSION_KEY] is True
        html = client.get("/").content.decode()
        assert "Demo: tweede factor overgeslagen — alleen voor de demo" in html

    def test_not_without_demo_mode(self, settings: Settings, demo_user: User) -> None:
        settings.DEMO_MODE = False
        client = logged_in(demo_user)
        assert "Overslaan" not in client.get(SECOND_FACTOR).content.decode()
        assert client.post(DEMO_SKIP).status_code == 403
        assert DEMO_SKIP_SESSION_KEY not in client.session
        assert client.get("/").status_code == 302

    def test_not_for_ordinary_users_even_in_demo_mode(
        self, settings: Settings, caseworker: User
    ) -> None:
        settings.DEMO_MODE = True
        client = logged_in(caseworker)
        assert "Overslaan" not in client.get(SECOND_FACTOR).content.decode()
        assert client.post(DEMO_SKIP).status_code == 403
        assert client.get("/").status_code == 302

    def test_skip_stops_counting_when_demo_mode_goes_off(
        self, settings: Settings, demo_user: User
    ) -> None:
        settings.DEMO_MODE = True
        client = logged_in(demo_user)
        client.post(DEMO_SKIP)
        settings.DEMO_MODE = False
        assert client.get("/").status_code == 302

    def test_no_banner_for_verified_users(self, client_as: Callable[..., Client]) -> None:
        assert "tweede factor overgeslagen" not in client_as().get("/").content.decode()
