"""In a real browser, only clicking after login, axe on every page:

- veldwerk: start page → record a street contact → refer it to a wijkteam → link it to a person
  later → see the referral waiting for an answer (and an older one past its date);
- privacy officer: register a resident's access request → find the person → read the letter →
  close the request.
"""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from plek.core import dates
from plek.inzage.models import AccessRequest, RequestStatus
from plek.outreach.models import Referral, ReferralStatus, StreetContact
from tests.browser import axe_check
from tests.conftest import TEST_PASSWORD
from tests.factories import MembershipFactory, PersonFactory, TeamFactory, UserFactory

pytestmark = pytest.mark.e2e


def log_in(page: Page, username: str) -> None:
    # Several helpers share two cores: give the first, cold page load more time.
    page.set_default_timeout(30_000)
    page.goto("/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.get_by_role("button", name="Overslaan (alleen demo)").click()


def test_outreach_worker_records_refers_links_and_sees_the_waiting_referral(page: Page) -> None:
    team = TeamFactory(name="Veldwerk Centrum")
    user = UserFactory(is_demo=True)
    MembershipFactory(user=user, role="veldwerk", team=team, organisation=team.organisation)
    wijkteam = TeamFactory(name="Wijkteam Noord")
    MembershipFactory(role="wijkteam", team=wijkteam, organisation=wijkteam.organisation)
    person = PersonFactory(initials="R.", family_name="Straatman")
    today = dates.today()
    older = StreetContact.objects.create(
        met_at=timezone.now() - datetime.timedelta(days=12),
        location="Merwekade",
        description="Vrouw met een hond, noemt zich Sanne",
        offered="gesprek",
        worker=user,
        team=team,
    )
    Referral.objects.create(
        contact=older,
        team=wijkteam,
        reason="Zoekt een slaapplek",
        referred_on=today - datetime.timedelta(days=10),
        respond_by=today - datetime.timedelta(days=3),
        referred_by=user,
    )

    log_in(page, user.username)
    expect(page.get_by_role("heading", name="Doorverwijzingen zonder reactie")).to_be_visible()
    expect(page.get_by_role("link", name="Vrouw met een hond, noemt zich Sanne")).to_be_visible()
    axe_check(page)

    page.get_by_role("link", name="Straatcontacten").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Straatcontacten")
    axe_check(page)
    page.get_by_role("link", name="Straatcontact vastleggen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Straatcontact vastleggen")
    axe_check(page)
    page.get_by_label("Plek", exact=True).fill("Stationsplein")
    page.get_by_label("Beschrijving van de persoon").fill("Man, groene legerjas, noemt zich Rob")
    page.get_by_label("Aangeboden").select_option("nachtopvang")
    page.get_by_role("button", name="Vastleggen").click()
    expect(page.get_by_text("Het straatcontact is vastgelegd.")).to_be_visible()
    axe_check(page)

    page.get_by_label("Wijkteam", exact=True).select_option(label="Wijkteam Noord")
    page.get_by_label("Reden", exact=True).fill("Slaapt buiten en wil hulp met zijn schulden.")
    page.get_by_role("button", name="Doorverwijzen", exact=True).click()
    expect(page.get_by_text("De doorverwijzing is verstuurd naar het wijkteam.")).to_be_visible()
    expect(page.locator(".plek-referrals")).to_contain_text("Wacht op reactie")
    axe_check(page)

    page.get_by_label("BSN", exact=True).fill(person.bsn)
    page.get_by_role("button", name="Koppelen").click()
    expect(page.get_by_text("Het contact is aan de persoon gekoppeld.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_contain_text("R. Straatman")
    axe_check(page)

    page.get_by_role("link", name="Start").first.click()
    expect(page.get_by_role("link", name="R. Straatman").first).to_be_visible()
    axe_check(page)
    page.get_by_role("link", name="Doorverwijzingen").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Doorverwijzingen naar wijkteams")
    rows = page.locator("tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.first).to_contain_text("TE LAAT")
    expect(rows.nth(1)).to_contain_text("R. Straatman")
    axe_check(page)

    contact = StreetContact.objects.get(location="Stationsplein")
    assert contact.person_id == person.pk
    assert contact.referrals.get().status == ReferralStatus.OPEN


def test_privacy_officer_handles_an_access_request(page: Page) -> None:
    team = TeamFactory(name="Privacy en gegevensbescherming")
    user = UserFactory(is_demo=True)
    MembershipFactory(user=user, role="privacy", team=team, organisation=team.organisation)
    person = PersonFactory(
        initials="I.", family_name="Vrager", birth_date=datetime.date(1975, 6, 2)
    )
    AccessRequest.objects.create(
        received_on=dates.today() - datetime.timedelta(days=40),
        requester_name="O. Laat",
        channel="post",
        due_on=dates.add_months(dates.today() - datetime.timedelta(days=40), 1),
        registered_by=user,
    )

    log_in(page, user.username)
    expect(page.get_by_role("heading", name="Inzageverzoeken van bewoners")).to_be_visible()
    expect(page.locator(".plek-overdue").first).to_be_visible()
    axe_check(page)

    page.get_by_role("link", name="Register van inzageverzoeken").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Inzageverzoeken van bewoners")
    axe_check(page)
    page.get_by_role("link", name="Inzageverzoek registreren").click()
    axe_check(page)
    page.get_by_label("Naam aanvrager").fill("I. Vrager")
    page.get_by_label("Adres voor het antwoord").fill("Dorpsstraat 1\n3311 AA Dordrecht")
    page.get_by_label("Kanaal").select_option("post")
    page.get_by_role("button", name="Registreren").click()
    expect(page.get_by_text("Het inzageverzoek is geregistreerd.")).to_be_visible()
    axe_check(page)

    page.get_by_label("BSN of persoonsnummer").fill(person.bsn)
    page.get_by_role("button", name="Zoeken", exact=True).click()
    expect(page.get_by_text("De persoon is gevonden en aan het verzoek gekoppeld.")).to_be_visible()
    axe_check(page)

    page.get_by_role("link", name="Brief bekijken").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Uw vraag: welke gegevens heeft plek over mij?"
    )
    expect(page.get_by_text("2 juni 1975")).to_be_visible()
    axe_check(page)
    page.get_by_role("link", name="Terug naar het verzoek").click()
    page.get_by_label("Toelichting").fill("Brief per post verstuurd.")
    page.get_by_role("button", name="Verzoek afhandelen").click()
    expect(page.get_by_text("Het inzageverzoek is afgehandeld.")).to_be_visible()
    axe_check(page)

    request = AccessRequest.objects.get(requester_name="I. Vrager")
    assert request.status == RequestStatus.CLOSED and request.person_id == person.pk
    assert request.letter_made_on == dates.today()
