"""In a real browser: the postal-address officer decides, and the decision is a zaak in the fake
case system; the application page shows that the zaak was made."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from plek.integrations.models_zgw import RegistrationState, ZaakRegistration
from tests.browser import axe_check
from tests.e2e.test_journeys import log_in, skip_second_factor
from tests.factories import PersonFactory
from tests.integrations import fake_zgw
from tests.integrations.conftest import configure
from tests.postal.helpers import assessed, make_mdt

pytestmark = pytest.mark.e2e


def test_a_postal_decision_appears_as_a_zaak(page: Page, fake: fake_zgw.FakeZgw) -> None:
    page.set_default_timeout(60_000)  # two cores shared; the letter PDF takes a few seconds
    configure(fake)
    mdt = make_mdt()
    mdt.first.user.is_demo = True
    mdt.first.user.save()
    application = assessed(mdt, PersonFactory().pk)

    log_in(page, mdt.first.user.username)
    skip_second_factor(page)
    page.get_by_role("link", name="Aanvragen briefadres").first.click()
    axe_check(page)
    page.get_by_role("link", name=str(application.person)).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(application.external_id)
    page.get_by_role("combobox", name="Besluit", exact=True).select_option("toegekend")
    page.get_by_role("button", name="Besluit vastleggen").click()

    expect(page.locator("#status")).to_contain_text("Toegekend")
    expect(page.locator("#zaakstatus")).to_contain_text("Zaak aangemaakt")
    expect(page.locator("#zaakstatus")).to_contain_text("ZAAK-0001")
    axe_check(page)
    [zaak] = fake.created("zaken")
    assert zaak["omschrijving"] == f"Briefadres {application.external_id}"
    assert len(fake.created("statussen")) == 1 and len(fake.created("resultaten")) == 1
    [link] = fake.created("zaakinformatieobjecten")
    assert link["zaak"] == zaak["url"]
    registration = ZaakRegistration.objects.get(application=application)
    assert registration.state == RegistrationState.DONE


def test_when_the_case_system_is_down_the_page_says_so_and_retry_works(
    page: Page, fake: fake_zgw.FakeZgw
) -> None:
    page.set_default_timeout(60_000)
    configure(fake)
    fake.down = True
    mdt = make_mdt()
    mdt.first.user.is_demo = True
    mdt.first.user.save()
    application = assessed(mdt, PersonFactory().pk)

    log_in(page, mdt.first.user.username)
    skip_second_factor(page)
    page.get_by_role("link", name="Aanvragen briefadres").first.click()
    page.get_by_role("link", name=str(application.person)).click()
    page.get_by_role("combobox", name="Besluit", exact=True).select_option("afgewezen")
    page.get_by_label("Redenen").fill("Geen binding met de regio.")
    page.get_by_role("button", name="Besluit vastleggen").click()
    expect(page.locator("#status")).to_contain_text("Afgewezen")
    expect(page.locator("#zaakstatus")).to_contain_text("Wachtend")
    axe_check(page)

    fake.down = False
    page.get_by_role("button", name="Opnieuw proberen").click()
    expect(page.locator("#zaakstatus")).to_contain_text("Zaak aangemaakt")
    axe_check(page)
    assert len(fake.created("zaken")) == 1
