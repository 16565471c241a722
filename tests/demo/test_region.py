"""The demo region: twelve municipalities, invented organisations, one usable user per role."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Model
from pytest_django.fixtures import Settings

from plek.accounts.models import (
    Membership,
    Municipality,
    Organisation,
    OrganisationKind,
    Region,
    Team,
    User,
)
from plek.accounts.roles import Role
from plek.demo.region import REGION_NAME, load_demo_region

pytestmark = pytest.mark.django_db

MODELS: list[type[Model]] = [Region, Municipality, Organisation, Team, User, Membership]


def counts() -> dict[str, int]:
    result = {model.__name__: model.objects.count() for model in MODELS}
    result["team areas"] = Team.municipalities.through.objects.count()
    return result


def test_loading_twice_changes_nothing() -> None:
    load_demo_region()
    first = counts()
    hashes = dict(User.objects.values_list("username", "password"))
    load_demo_region()
    assert counts() == first
    # Passwords are not rehashed on a second run (argon2 salts would change every row).
    assert dict(User.objects.values_list("username", "password")) == hashes


def test_twelve_municipalities_with_their_cbs_codes() -> None:
    load_demo_region()
    region = Region.objects.get(name=REGION_NAME)
    codes = dict(region.municipalities.values_list("code", "name"))
    assert len(codes) == 12
    assert codes["GM0505"] == "Dordrecht" and codes["GM1927"] == "Molenwaard"
    assert list(region.municipalities.filter(is_centre=True).values_list("code", flat=True)) == [
        "GM0505"
    ]


def test_organisations_are_synthetic_and_cover_the_kinds() -> None:
    load_demo_region()
    names = list(Organisation.objects.values_list("name", flat=True))
    assert all(name.endswith("(demo)") for name in names)
    kinds = set(Organisation.objects.values_list("kind", flat=True))
    assert set(OrganisationKind.values) - {OrganisationKind.OVERIG} <= kinds
    teams = set(Team.objects.values_list("name", flat=True))
    assert {"MDT briefadressen", "Bemoeizorg en veldwerk", "Wijkteam Zwijndrecht"} <= teams
    # Every municipality has a neighbourhood team covering it.
    covered = Municipality.objects.filter(teams__name__startswith="Wijkteam").distinct()
    assert covered.count() == 12


def test_one_demo_user_per_role_who_can_log_in() -> None:
    logins = load_demo_region()
    assert sorted(login.role for login in logins) == sorted(Role.values)
    for login in logins:
        user = User.objects.get(username=login.username)
        assert user.is_demo and user.is_active and not user.is_superuser
        assert user.check_password(login.password)
        assert len(login.password) >= 12
        [membership] = user.active_memberships()
        assert membership.role == login.role
        assert membership.team is None or membership.team.organisation == membership.organisation


def test_demo_command_prints_the_logins(settings: Settings) -> None:
    settings.DEMO_MODE = True
    out = io.StringIO()
    call_command("demo", "--no-serve", stdout=out)
    text = out.getvalue()
    for user in User.objects.filter(is_demo=True):
        assert user.username in text
    assert "plek-demo-merel-2026" in text
    assert "tweede factor" in text


def test_demo_command_refuses_outside_demo_mode(settings: Settings) -> None:
    settings.DEMO_MODE = False
    with pytest.raises(CommandError, match="PLEK_DEMO_MODE"):
        call_command("demo", "--no-serve", stdout=io.StringIO())
    assert not User.objects.filter(is_demo=True).exists()
