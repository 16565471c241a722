"""In a real browser, log in and then only click (issue 12): the access consultant registers a
new person with spoed and a safety risk and sees them at the top of their class with the
explanation, opens page 3 of a long central list, and decides an application; a functional
admin changes a ranking weight after its preview, and the waiting list follows."""

from __future__ import annotations

import datetime
import re

import pytest
from playwright.sync_api import Page, expect

from plek.accounts.models import Membership
from tests.browser import axe_check
from tests.factories import (
    MembershipFactory,
    MunicipalityFactory,
    OrganisationFactory,
    PersonFactory,
    RegionFactory,
    UserFactory,
)
from tests.housing.helpers import TODAY, entry
from tests.housing.test_journey import log_in

pytestmark = pytest.mark.e2e
DAY = datetime.timedelta(days=1)


def _office() -> tuple[Membership, list]:  # type: ignore[type-arg]
    region = RegionFactory(name="Regio van de consulent")
    municipalities = [MunicipalityFactory(region=region, name=f"Regiostad {i}") for i in range(2)]
    office = OrganisationFactory(kind="sociale_dienst", municipality=municipalities[0])
    consultant = MembershipFactory(
        user=UserFactory(is_demo=True), role="toegang", organisation=office
    )
    for i in range(120):
        entry(
            PersonFactory(origin_municipality=municipalities[i % 2], family_name=f"Wachter{i:03d}"),
            registered_on=TODAY - (10 + i) * DAY,
            priority="hoog" if i % 3 == 0 else "normaal",
            safety_risk=i == 7,
        )
    entry(
        PersonFactory(origin_municipality=municipalities[0], family_name="Eerderspoed"),
        registered_on=TODAY - 20 * DAY,
        priority="spoed",
    )
    entry(
        PersonFactory(origin_municipality=municipalities[1], family_name="Aanvrager"),
        facility_type="beschermd_wonen",
        registered_on=TODAY - 3 * DAY,
        priority="hoog",
    )
    return consultant, municipalities


def test_the_access_consultant_keeps_the_central_list(page: Page) -> None:
    page.set_default_timeout(60_000)
    consultant, municipalities = _office()
    log_in(page, consultant)
    expect(page.get_by_role("heading", name="Aanvragen om te beoordelen")).to_be_visible()
    expect(page.get_by_role("heading", name="Centrale wachtlijst")).to_be_visible()
    axe_check(page)

    # A new person, registered with spoed and a safety risk.
    page.get_by_role("link", name="Persoon registreren").first.click()
    page.get_by_label("Achternaam").fill("Spoedgeval")
    page.get_by_label("Geboortedatum").fill("1990-02-03")
    page.get_by_label("Gemeente van herkomst").select_option(str(municipalities[0].pk))
    page.get_by_label("Zonder vaste woon- of verblijfplaats").check()
    page.get_by_role("button", name="Registreren").click()
    axe_check(page)
    page.get_by_role("link", name="Aanmelden op wachtlijst").click()
    axe_check(page)
    page.get_by_label("Soort voorziening").select_option("nachtopvang")
    page.get_by_label("Prioriteit").select_option("spoed")
    page.get_by_label("Veiligheidsrisico (bijvoorbeeld huiselijk geweld)").check()
    page.get_by_role("button", name="Inschrijven").click()
    expect(page.locator("#positie")).to_contain_text("Positie 1 van 122")
    expect(page.locator("#positie")).to_contain_text("Eerst telt de urgentieklasse (Spoed)")
    expect(page.get_by_role("table", name=re.compile("Waarom deze positie"))).to_contain_text(
        "Veiligheid"
    )
    axe_check(page)

    # The central list: the new person heads it, with why; then page 3 of 3.
    page.get_by_role("link", name="Wachtlijsten").first.click()
    first = page.get_by_role("row").nth(1)
    expect(first).to_contain_text("Spoedgeval")
    expect(first).to_contain_text("klasse Spoed")
    axe_check(page)
    page.get_by_role("link", name="Volgende pagina").click()
    axe_check(page)
    page.get_by_role("link", name="Volgende pagina").click()
    expect(page.get_by_text("Pagina 3 van 3")).to_be_visible()
    expect(page.get_by_role("row").nth(1)).to_contain_text("101")
    axe_check(page)

    # An application for protected living, decided from the start page.
    page.get_by_role("link", name="Start").first.click()
    page.get_by_role("link", name=re.compile("Aanvrager")).first.click()
    axe_check(page)
    page.get_by_label("Toegang toekennen").check()
    page.get_by_role("button", name="Besluit vastleggen").click()
    expect(page.get_by_text("Het toegangsbesluit is vastgelegd.")).to_be_visible()
    expect(page.get_by_text("Toegangsbesluit", exact=True)).to_be_visible()
    axe_check(page)


def test_a_functional_admin_changes_a_weight_after_the_preview(page: Page) -> None:
    page.set_default_timeout(60_000)
    consultant, _municipalities = _office()
    admin = MembershipFactory(user=UserFactory(is_demo=True), role="beheer")
    log_in(page, admin)
    page.get_by_role("link", name="Rangschikking wachtlijsten").first.click()
    axe_check(page)
    page.get_by_label("Geldt voor").select_option("nachtopvang")
    page.get_by_role("button", name="Kiezen").click()
    page.get_by_label("Veiligheid").fill("1000")
    page.get_by_label(re.compile("Eerst op urgentieklasse")).uncheck()
    page.get_by_role("button", name="Voorbeeld tonen").click()
    preview = page.get_by_role("table", name="Wie schuift op en waarom")
    expect(preview).to_contain_text("Veiligheid")
    axe_check(page)
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("De rangschikking is opgeslagen en geldt direct.")).to_be_visible()
    expect(page.get_by_role("table", name="Geschiedenis")).to_contain_text("Veiligheid 1000")
    axe_check(page)

    log_in(page, consultant)
    page.get_by_role("link", name="Wachtlijsten").first.click()
    expect(page.get_by_role("row").nth(1)).to_contain_text("Wachter007")
    axe_check(page)
