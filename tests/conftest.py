"""Fixtures every test package may use: members in a role, and clients logged in as them."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from plek.accounts.models import Membership
from plek.accounts.verification import DEMO_SKIP_SESSION_KEY
from tests.factories import MembershipFactory

TEST_PASSWORD = "correct-horse-battery-1"


@pytest.fixture
def member(db: None) -> Callable[..., Membership]:
    """Make a user with one active membership in the given role: member("wijkteam")."""

    def make(role: str = "wijkteam", **kwargs: object) -> Membership:
        return MembershipFactory(role=role, **kwargs)

    return make


def login_fully(client: Client, membership: Membership) -> Client:
    """Log the client in as a fully verified user (second factor passed) in this membership."""
    from django_otp.plugins.otp_totp.models import TOTPDevice
    from django_otp import DEVICE_ID_SESSION_KEY

    client.force_login(membership.user)
    device, _ = TOTPDevice.objects.get_or_create(
        user=membership.user, name="test", defaults={"confirmed": True}
    )
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session["plek_membership_id"] = membership.pk
    session.save()
    return client


@pytest.fixture
def client_as(member: Callable[..., Membership]) -> Callable[..., Client]:
    """A test client logged in (second factor passed) as a new member in the given role."""

    def make(role: str = "wijkteam", **kwargs: object) -> Client:
        return login_fully(Client(), member(role, **kwargs))

    return make


__all__ = ["DEMO_SKIP_SESSION_KEY", "TEST_PASSWORD", "login_fully"]
