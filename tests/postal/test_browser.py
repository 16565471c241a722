"""In a real browser: application → fast lane → criteria and two assessments → grant with a PDF
letter → review → end; a second application while an address is active is refused in Dutch."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from plek.core.dates import today as plek_today
from plek.postal import services
from plek.postal.models import PostalApplication
from tests.browser import axe_check
from tests.e2e.test_journeys import log_in, skip_second_factor
from tests.factories import PersonFactory
from tests.postal.helpers import make_mdt

pytestmark = pytest.mark.e2e


def fill_application(page: Page, bsn: str) -> None:
    page.get_by_role("link", name="Nieuwe aanvraag briefadres").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nieuwe aanvraag briefadres")
    axe_check(page)
    page.get_by_label("BSN van de aanvrager").fill(bsn)
    page.get_by_label("Grond").select_option(label="Geen woonadres")
    page.get_by_label("Briefadresgever (organisatie)").select_option(index=1)
    page.get_by_label("De briefadresgever geeft toestemming").check()
    page.get_by_role("button", name="Aanvraag vastleggen").click()


def test_postal_address_from_application_to_end(page: Page) -> None:
    page.set_default_timeout(30_000)  # two cores shared: the first request may be slow
    mdt = make_mdt()
    for membership in (mdt.first, mdt.second):
        membership.user.is_demo = True
        membership.user.save()
    person = PersonFactory()
    log_in(page, mdt.first.user.username)
    skip_second_factor(page)

    fill_application(page, person.bsn)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Aanvraag briefadres")
    axe_check(page)
    application = PostalApplication.objects.get(person=person)

    page.get_by_role("button", name="Direct tijdelijk inschrijven").click()
    expect(page.locator("#status")).to_contain_text("Tijdelijk ingeschreven")

    for criterion in mdt.criteria:
        page.locator(f"#status_{criterion.pk}").select_option("voldaan")
    page.get_by_role("button", name="Toetsing vastleggen").click()
    expect(page.get_by_text("De toetsing aan de criteria is vastgelegd.")).to_be_visible()
    page.get_by_label("Advies", exact=True).select_option("toekennen")
    page.get_by_label("Toelichting bij het advies").fill("Slaapt bij wisselende vrienden.")
    page.get_by_role("button", name="Advies vastleggen").click()
    expect(page.get_by_text("Uw advies is vastgelegd.")).to_be_visible()
    # The second assessor, of another organisation in the MDT, gives an opinion too.
    services.record_assessment(mdt.actor("second"), application.pk, "toekennen", "Eens.")
    page.reload()
    axe_check(page)

    page.get_by_role("combobox", name="Besluit", exact=True).select_option("toegekend")
    page.get_by_role("button", name="Besluit vastleggen").click()
    expect(page.locator("#status")).to_contain_text("Toegekend")
    letter = page.get_by_role("link", name="Besluitbrief (PDF)")
    response = page.request.get(letter.get_attribute("href") or "")
    assert response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF")
    axe_check(page)

    # A second application for the same person is refused, in Dutch.
    fill_application(page, person.bsn)
    expect(page.get_by_text("Een tweede briefadres wordt geweigerd.").first).to_be_visible()
    axe_check(page)

    page.goto(f"/briefadressen/{application.pk}/")
    page.get_by_label("Bevindingen").fill("Staat ingeschreven bij woningcorporatie.")
    page.get_by_role("button", name="Herbeoordeling vastleggen").click()
    expect(page.get_by_text("De herbeoordeling is vastgelegd.")).to_be_visible()
    page.get_by_label("Reden van beëindiging").select_option("woonadres")
    page.get_by_role("button", name="Briefadres beëindigen").click()
    expect(page.locator("#status")).to_contain_text("Beëindigd op")
    axe_check(page)
    application.refresh_from_db()
    assert application.ended_on == plek_today() and not application.holds_address
