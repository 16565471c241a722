"""In a real browser: a wijkteam professional works a rent-arrears signal (axe on every page)."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from plek.signals.models import Signal
from tests.browser import axe_check
from tests.conftest import TEST_PASSWORD
from tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
    TeamFactory,
    UserFactory,
)
from tests.signals.helpers import make_signal

pytestmark = pytest.mark.e2e


def test_failed_then_successful_contact_attempt(page: Page) -> None:
    team = TeamFactory(name="Wijkteam Testdorp")
    user = UserFactory(is_demo=True)
    MembershipFactory(user=user, role="wijkteam", team=team, organisation=team.organisation)
    today = timezone.localdate()
    signal = make_signal(
        team=team,
        person=PersonFactory(family_name="Huurder"),
        source="huurachterstand",
        received_on=today - datetime.timedelta(days=2),
        arrear_amount="1250.00",
        source_organisation=OrganisationFactory(kind="woningcorporatie"),
    )

    # Six helpers share two cores: give the first, cold page load more time.
    page.set_default_timeout(30_000)
    page.goto("/")
    page.get_by_label("Gebruikersnaam").fill(user.username)
    page.get_by_label("Wachtwoord").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.get_by_role("button", name="Overslaan (alleen demo)").click()

    worklist_link = page.get_by_role("link", name="Huurachterstand · A.B. Huurder")
    expect(worklist_link).to_be_visible()
    axe_check(page)
    page.get_by_role("link", name="Signalen", exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Signalen van mijn team")
    axe_check(page)
    page.get_by_role("link", name="Huurachterstand").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Huurachterstand")
    axe_check(page)

    page.get_by_label("Soort contact").select_option("telefoon")
    page.get_by_label("Dagdeel").select_option("ochtend")
    page.get_by_label("Bereikt").select_option("nee")
    page.get_by_role("button", name="Contactpoging vastleggen").click()
    expect(page.get_by_text("De contactpoging is vastgelegd.")).to_be_visible()
    attempts = page.locator(".plek-timeline__item")
    expect(attempts).to_have_count(1)
    expect(attempts.first).to_contain_text("niet bereikt")
    axe_check(page)

    page.get_by_label("Soort contact").select_option("huisbezoek")
    page.get_by_label("Dagdeel").select_option("middag")
    page.get_by_label("Bereikt").select_option("ja")
    page.get_by_label("Notitie").fill("Afspraak gemaakt voor een betalingsregeling.")
    page.get_by_role("button", name="Contactpoging vastleggen").click()
    expect(attempts).to_have_count(2)
    expect(attempts.nth(1)).to_contain_text("bereikt")
    expect(attempts.nth(1)).to_contain_text("Afspraak gemaakt voor een betalingsregeling.")
    axe_check(page)

    signal = Signal.objects.get(pk=signal.pk)
    assert signal.first_contact_on == today
    assert signal.attempts.count() == 2
