"""In a real browser: register → proposal → accept → stay → transfer → exit to Housing First.

The occupancy board and the regional overview follow each step; the waiting entry shows why it
ranks where it does; axe-core checks every page on the way.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from plek.accounts.models import Membership
from tests.browser import axe_check
from tests.conftest import TEST_PASSWORD
from tests.factories import MembershipFactory, PersonFactory, RelationFactory, UserFactory
from tests.housing.helpers import facility

pytestmark = pytest.mark.e2e


def demo_member(role: str, **fields: object) -> Membership:
    return MembershipFactory(user=UserFactory(is_demo=True), role=role, **fields)


def log_in(page: Page, membership: Membership) -> None:
    page.context.clear_cookies()
    page.goto("/accounts/login/")
    page.get_by_label("Gebruikersnaam").fill(membership.user.username)
    page.get_by_label("Wachtwoord").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.get_by_role("button", name="Overslaan (alleen demo)").click()


def free_units(page: Page, facility_id: int) -> str:
    page.goto(f"/wonen/voorzieningen/{facility_id}/")
    return page.locator("#vrije-eenheden").inner_text()


def overview_row(page: Page, label: str) -> str:
    page.goto("/wonen/overzicht/")
    return page.get_by_role("row").filter(has_text=label).first.inner_text()


def test_from_night_shelter_to_housing_first(page: Page) -> None:
    page.set_default_timeout(60_000)  # the shared machines are slow under load
    shelter = facility("nachtopvang", units=1)
    step = facility("tussenvoorziening", provider=shelter.provider, units=1)
    person = PersonFactory(family_name="Voorbeeld")
    consultant = demo_member("toegang")
    RelationFactory(person=person, user=consultant.user)
    staff = demo_member("aanbieder", organisation=shelter.provider)

    log_in(page, consultant)
    page.goto(f"/wonen/personen/{person.pk}/inschrijven/")
    axe_check(page)
    page.get_by_label("Soort voorziening").select_option("nachtopvang")
    page.get_by_label("Prioriteit").select_option("spoed")
    page.get_by_role("button", name="Inschrijven").click()
    expect(page.locator("#positie")).to_contain_text("Positie 1 van 1")
    expect(page.get_by_role("table", name=re.compile("Waarom deze positie"))).to_contain_text(
        "Urgentie"
    )
    axe_check(page)

    log_in(page, staff)
    assert free_units(page, shelter.pk) == "1"
    axe_check(page)
    page.get_by_role("button", name="Kandidaten voorstellen voor vrije eenheden").click()
    # First the preview (unit, candidate, rank, why); nothing is created until confirmed.
    expect(page.get_by_role("heading", name="Kandidaten voorstellen")).to_be_visible()
    axe_check(page)
    page.get_by_role("button", name="Voorstellen bevestigen").click()
    page.get_by_role("link", name="Voorstel voor eenheid 01").click()
    axe_check(page)
    page.get_by_role("button", name="Accepteren en verblijf starten").click()
    expect(page.locator("#einde")).to_have_text("lopend")
    axe_check(page)
    stay_url = page.url
    assert free_units(page, shelter.pk) == "0"
    assert re.search(r"Nachtopvang\s+1\s+1\s+0", overview_row(page, "Nachtopvang"))
    axe_check(page)

    page.goto(stay_url)
    page.get_by_label("Naar eenheid").select_option(label=f"{step.name} · 01")
    page.get_by_role("button", name="Overplaatsen").click()
    expect(page.get_by_text("Overgeplaatst")).to_be_visible()
    assert free_units(page, shelter.pk) == "1"
    assert free_units(page, step.pk) == "0"
    assert re.search(r"Tussenvoorziening\s+1\s+1\s+0", overview_row(page, "Tussenvoorziening"))

    page.goto(f"/personen/{person.pk}/")
    axe_check(page)
    page.get_by_role("link", name=re.compile(f"Verblijf {step.name}")).click()
    page.get_by_label("Uitstroombestemming").select_option("housing_first")
    page.get_by_role("button", name="Beëindigen").click()
    expect(page.locator("#einde")).to_contain_text("Housing First")
    assert free_units(page, step.pk) == "1"
    assert re.search(r"Tussenvoorziening\s+1\s+0\s+1", overview_row(page, "Tussenvoorziening"))
