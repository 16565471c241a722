"""In a real browser, provider staff only click after logging in: the proposal on the start
page → accept it → a running imported stay from "Lopende verblijven" → assign its unit → end it
with a destination. axe-core checks every page on the way."""

from __future__ import annotations

import datetime

import pytest
from playwright.sync_api import Locator, Page, expect

from plek.housing.models import Proposal, Stay, Unit
from tests.browser import axe_check
from tests.e2e.test_journeys import log_in, skip_second_factor
from tests.factories import MembershipFactory, PersonFactory, UserFactory
from tests.housing.helpers import TODAY, entry, facility, imported_stay

pytestmark = pytest.mark.e2e


def panel(page: Page, title: str) -> Locator:
    return page.locator("section.plek-panel", has=page.get_by_role("heading", name=title))


def test_provider_accepts_a_proposal_assigns_a_unit_and_ends_a_stay(page: Page) -> None:
    page.set_default_timeout(60_000)  # the shared machines are slow under load
    shelter = facility("nachtopvang", units=3)
    staff = MembershipFactory(
        user=UserFactory(is_demo=True), role="aanbieder", organisation=shelter.provider
    )
    first = Unit.objects.get(facility=shelter, code="01")
    waiting = entry(person=PersonFactory(initials="K.", family_name="Kandidaat"))
    Proposal.objects.create(
        unit=first, waiting_entry=waiting, person=waiting.person, available_on=TODAY
    )
    imported = imported_stay(
        PersonFactory(initials="I.", family_name="Ingevoerd"),
        shelter,
        TODAY - datetime.timedelta(days=30),
    )

    log_in(page, staff.user.username)
    skip_second_factor(page)
    axe_check(page)
    panel(page, "Voorstellen voor plaatsing").get_by_role("link", name="K. Kandidaat").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Voorstel voor een plek")
    axe_check(page)
    page.get_by_role("button", name="Accepteren en verblijf starten").click()
    expect(page.locator("#einde")).to_have_text("lopend")
    axe_check(page)
    assert Stay.objects.get(person=waiting.person).unit_id == first.pk

    page.locator("a.plek-brand").click()
    panel(page, "Lopende verblijven").get_by_role("link", name="I. Ingevoerd").click()
    expect(page.get_by_role("heading", name="Eenheid toewijzen")).to_be_visible()
    axe_check(page)
    page.get_by_label("Eenheid", exact=True).select_option(label="02")
    page.get_by_role("button", name="Eenheid toewijzen").click()
    expect(page.get_by_text("De eenheid is toegewezen.")).to_be_visible()
    axe_check(page)
    assert Stay.objects.get(pk=imported.pk).unit.code == "02"  # type: ignore[union-attr]

    page.get_by_role("link", name="I. Ingevoerd").first.click()
    expect(page.get_by_role("heading", name="Verblijf beëindigen")).to_be_visible()
    page.get_by_label("Uitstroombestemming").select_option("eigen_woning")
    page.get_by_role("button", name="Beëindigen").click()
    expect(page.locator("#einde")).to_contain_text("Eigen (huur)woning")
    axe_check(page)
    assert Stay.objects.get(pk=imported.pk).exit_destination == "eigen_woning"
