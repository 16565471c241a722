"""TOTP enrolment needs a one-time activation code from a functional admin (finding #18).

Before: a user without a device enrolled an authenticator app with the password alone, so a
stolen password was enough to tie the attacker's phone to the account.
"""

from __future__ import annotations

import datetime
import io
import re
from collections.abc import Callable

import pytest
import time_machine
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from plek.accounts import services
from plek.accounts.context import Actor
from plek.accounts.models import Membership, TotpActivation, User
from plek.accounts.roles import Role

pytestmark = pytest.mark.django_db

SECOND_FACTOR = reverse("accounts:second-factor")


def _logged_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0):06d}"


@pytest.fixture
def caseworker(member: Callable[..., Membership]) -> User:
    return member(Role.REGISSEUR).user


def test_the_password_alone_shows_no_qr_code_and_makes_no_device(caseworker: User) -> None:
    client = _logged_in(caseworker)
    html = client.get(SECOND_FACTOR).content.decode()
    assert "Activeringscode" in html
    assert "<svg" not in html and "plek-secret" not in html
    assert not TOTPDevice.objects.filter(user=caseworker).exists()
    # Posting a code straight away enrols nothing either.
    client.post(SECOND_FACTOR, {"token": "123456"})
    assert not TOTPDevice.objects.filter(user=caseworker, confirmed=True).exists()
    assert client.get("/").status_code == 302


def test_with_the_admins_code_the_user_enrols_once(caseworker: User) -> None:
    code = services.issue_totp_activation(None, caseworker)
    assert re.fullmatch(r"[A-Z2-9]{4}(-[A-Z2-9]{4}){3}", code)
    stored = TotpActivation.objects.get(user=caseworker)
    assert code not in stored.code_hash and code.replace("-", "") not in stored.code_hash
    client = _logged_in(caseworker)
    # Case and dashes do not matter when typing it.
    client.post(SECOND_FACTOR, {"activation_code": code.lower().replace("-", " ")})
    html = client.get(SECOND_FACTOR).content.decode()
    assert "plek-secret" in html
    device = TOTPDevice.objects.get(user=caseworker)
    response = client.post(SECOND_FACTOR, {"token": _code(device), "next": "/"})
    assert response["Location"] == "/"
    assert client.get("/").status_code == 200
    assert TotpActivation.objects.get(pk=stored.pk).used_at is not None
    # The code is spent: another session cannot use it to enrol a second device.
    other = _logged_in(caseworker)
    TOTPDevice.objects.filter(user=caseworker).delete()
    html = other.post(SECOND_FACTOR, {"activation_code": code}).content.decode()
    assert "Deze activeringscode klopt niet" in html


def test_five_wrong_codes_make_the_code_lapse(caseworker: User) -> None:
    code = services.issue_totp_activation(None, caseworker)
    client = _logged_in(caseworker)
    for _attempt in range(5):
        html = client.post(SECOND_FACTOR, {"activation_code": "AAAA-BBBB-CCCC-DDDD"}).content
        assert "Deze activeringscode klopt niet" in html.decode()
    html = client.post(SECOND_FACTOR, {"activation_code": code}).content.decode()
    assert "Deze activeringscode klopt niet" in html
    assert "plek-secret" not in html


def test_an_expired_code_is_refused(caseworker: User) -> None:
    code = services.issue_totp_activation(None, caseworker)
    later = timezone.now() + datetime.timedelta(hours=settings.TOTP_ACTIVATION_HOURS, minutes=1)
    with time_machine.travel(later):
        html = _logged_in(caseworker).post(SECOND_FACTOR, {"activation_code": code})
    assert "Deze activeringscode klopt niet" in html.content.decode()


def test_a_new_code_replaces_the_old_one(caseworker: User) -> None:
    old = services.issue_totp_activation(None, caseworker)
    services.issue_totp_activation(None, caseworker)
    html = _logged_in(caseworker).post(SECOND_FACTOR, {"activation_code": old}).content.decode()
    assert "Deze activeringscode klopt niet" in html


def test_the_functional_admin_issues_a_code_on_the_users_page(
    caseworker: User, client_as: Callable[..., Client]
) -> None:
    admin = client_as(Role.BEHEER)
    page = admin.get(reverse("beheer:user-update", args=[caseworker.pk])).content.decode()
    assert "Activeringscode tweede factor uitgeven" in page
    response = admin.post(reverse("beheer:user-issue-activation", args=[caseworker.pk]))
    assert response.status_code == 200
    code = re.search(r'data-testid="activation-code">([A-Z0-9-]+)<', response.content.decode())
    assert code is not None
    client = _logged_in(caseworker)
    client.post(SECOND_FACTOR, {"activation_code": code.group(1)})
    assert "plek-secret" in client.get(SECOND_FACTOR).content.decode()


def test_nobody_issues_a_code_for_themselves(member: Callable[..., Membership]) -> None:
    admin = member(Role.BEHEER)
    with pytest.raises(ValidationError):
        services.issue_totp_activation(Actor(admin.user, admin), admin.user)
    caseworker = member(Role.WIJKTEAM)
    with pytest.raises(PermissionDenied):
        services.issue_totp_activation(Actor(caseworker.user, caseworker), admin.user)


def test_the_operator_bootstraps_the_first_admin(member: Callable[..., Membership]) -> None:
    admin = member(Role.BEHEER).user
    out = io.StringIO()
    call_command("totp_activation", admin.username, stdout=out)
    code = out.getvalue().strip()
    client = _logged_in(admin)
    client.post(SECOND_FACTOR, {"activation_code": code})
    assert "plek-secret" in client.get(SECOND_FACTOR).content.decode()
