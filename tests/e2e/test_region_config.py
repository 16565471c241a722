"""The functional admin configures the region in a real browser, only clicking after login: a new
facility with a unit and a capacity period, a response norm, and both in the change history.
axe-core checks every page on the way."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect

from plek.accounts.models import ConfigChange
from plek.accounts.roles import Role
from plek.core.dates import today
from plek.finance.models import AllocationModel, MunicipalityShare
from plek.housing.models import CapacityPeriod, Facility, Unit
from plek.signals.norms import response_norms
from tests.browser import axe_check
from tests.e2e.test_journeys import demo_member, heading, log_in, skip_second_factor
from tests.factories import MunicipalityFactory, OrganisationFactory
from tests.protection.helpers import hourly_product

pytestmark = pytest.mark.e2e


def test_beheer_configures_a_facility_and_a_norm(page: Page) -> None:
    page.set_default_timeout(30_000)
    provider = OrganisationFactory(kind="opvang_aanbieder", name="Stichting Dak")
    municipality = MunicipalityFactory(name="Merwestad", code="GM0999")
    model = AllocationModel.objects.create(name="Regio Merwe", first_year=2024, phase_out_years=5)
    MunicipalityShare.objects.create(
        model=model, municipality=municipality, historical=Decimal(1), objective=Decimal(1)
    )
    hourly_product()
    admin = demo_member(Role.BEHEER)
    log_in(page, admin.user.username)
    skip_second_factor(page)
    expect(heading(page)).to_have_text("Functioneel beheer")
    axe_check(page)
    main = page.locator("#inhoud")
    nav = page.get_by_role("navigation", name="Hoofdmenu")

    main.get_by_role("link", name="Voorzieningen beheren").click()
    expect(heading(page)).to_have_text("Voorzieningen")
    axe_check(page)
    main.get_by_role("link", name="Nieuwe voorziening").click()
    expect(heading(page)).to_have_text("Nieuwe voorziening")
    axe_check(page)
    # Wrong first: the message names the field.
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("alert")).to_contain_text("Kenmerk")
    axe_check(page)
    page.get_by_label("Kenmerk").fill("F-DAK-1")
    page.get_by_label("Naam", exact=True).fill("Nachtopvang Het Dak")
    page.get_by_label("Soort voorziening").select_option("nachtopvang")
    page.get_by_label("Aanbieder").select_option(str(provider.pk))
    page.get_by_label("Gemeente", exact=True).select_option(str(municipality.pk))
    page.get_by_label("Bereik").select_option("regional")
    page.get_by_label("Dagtarief (euro)").fill("82.50")
    page.get_by_role("button", name="Opslaan").click()
    expect(heading(page)).to_have_text("Nachtopvang Het Dak")
    axe_check(page)

    main.get_by_role("link", name="Nieuwe eenheid").click()
    expect(heading(page)).to_have_text("Nieuwe eenheid")
    axe_check(page)
    page.get_by_label("Code").fill("K01")
    page.get_by_label("Soort eenheid").select_option("kamer")
    page.get_by_label("Toegankelijk (rolstoel)").check()
    page.get_by_role("button", name="Opslaan").click()
    expect(heading(page)).to_have_text("Nachtopvang Het Dak")
    expect(page.get_by_role("table", name="Eenheden")).to_contain_text("K01")

    start = today() + datetime.timedelta(days=1)
    page.get_by_label("Geldig vanaf").fill(start.isoformat())
    page.get_by_label("Aantal plaatsen").fill("12")
    page.get_by_role("button", name="Periode toevoegen").click()
    expect(page.get_by_role("status")).to_contain_text("Capaciteitsperiode toegevoegd")
    expect(page.get_by_role("table", name="Capaciteit door de tijd")).to_contain_text("12")
    axe_check(page)

    nav.get_by_role("link", name="Start", exact=True).click()
    main.get_by_role("link", name="Reactienormen").click()
    expect(heading(page)).to_have_text("Reactienormen per urgentie")
    axe_check(page)
    page.get_by_label("Reactienorm hoog (dagen)").fill("2")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("status")).to_contain_text("Reactienormen opgeslagen")
    axe_check(page)

    nav.get_by_role("link", name="Wijzigingshistorie").click()
    expect(heading(page)).to_have_text("Wijzigingshistorie")
    table = page.get_by_role("table")
    expect(table).to_contain_text("Reactienorm Hoog (dagen)")
    expect(table).to_contain_text("Nachtopvang Het Dak")
    axe_check(page)

    # The other configuration pages, each reached by clicking and checked by axe.
    for link, title in (
        ("Termijnen briefadres", "Termijnen briefadres"),
        ("Tarieven", "Tarieven"),
        ("Verdeelmodel", "Verdeelmodel: Regio Merwe"),
    ):
        nav.get_by_role("link", name="Start", exact=True).click()
        main.get_by_role("link", name=link, exact=True).click()
        expect(heading(page)).to_have_text(title)
        axe_check(page)
    # A share that breaks the sum is refused with the reason; nothing stored.
    page.get_by_label("Historisch aandeel Merwestad").fill("0.9")
    page.get_by_role("button", name="Verdeelmodel opslaan").click()
    expect(page.get_by_role("alert")).to_contain_text("historische aandelen tellen op tot 0.9")
    axe_check(page)
    nav.get_by_role("link", name="Start", exact=True).click()
    main.get_by_role("link", name="Regio-instellingen (YAML)").click()
    expect(heading(page)).to_have_text("Regio-instellingen (YAML)")
    axe_check(page)

    facility = Facility.objects.get(external_id="F-DAK-1")
    assert Unit.objects.get(facility=facility).accessible
    assert CapacityPeriod.objects.get(facility=facility).units == 12
    assert response_norms()["hoog"] == 2
    assert MunicipalityShare.objects.get(model=model).historical == Decimal(1)
    assert ConfigChange.objects.filter(changed_by=admin.user, area="capaciteit").exists()
