"""In a real browser: a stay ends in a home → the case lead sees the proposal and starts a track →
the coach records red → the case lead sees the alert; a new night-shelter stay is a relapse."""

from __future__ import annotations

import datetime

import pytest
from playwright.sync_api import Locator, Page, expect

from plek.aftercare.models import AftercareTrack
from plek.core.dates import today as plek_today
from tests.aftercare.helpers import case_lead_for, coach, stay
from tests.browser import axe_check
from tests.e2e.test_journeys import log_in, skip_second_factor
from tests.factories import PersonFactory

pytestmark = pytest.mark.e2e


def panel(page: Page, title: str) -> Locator:
    return page.locator("section.plek-panel", has=page.get_by_role("heading", name=title))


def login(page: Page, username: str) -> None:
    page.context.clear_cookies()
    log_in(page, username)
    skip_second_factor(page)


def test_proposal_track_red_light_and_relapse_reach_the_case_lead(page: Page) -> None:
    page.set_default_timeout(30_000)  # two cores shared: the first request may be slow
    today = plek_today()
    person = PersonFactory()
    lead = case_lead_for(person)
    the_coach = coach()
    for membership in (lead, the_coach):
        membership.user.is_demo = True
        membership.user.first_name, membership.user.last_name = "Coach", f"Nummer {membership.pk}"
        membership.user.save()
    stay(
        person,
        today - datetime.timedelta(days=200),
        today - datetime.timedelta(days=2),
        "eigen_woning",
    )

    login(page, lead.user.username)
    proposals = panel(page, "Voorgestelde nazorgtrajecten")
    proposals.get_by_role("link", name=str(person)).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nazorgtraject starten")
    axe_check(page)
    page.get_by_label("Waakvlamcoach").select_option(str(the_coach.user.pk))
    page.get_by_role("button", name="Traject starten").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Nazorgtraject van")
    axe_check(page)
    track = AftercareTrack.objects.get(person=person)

    login(page, the_coach.user.username)
    page.goto(f"/nazorg/trajecten/{track.pk}/")
    page.get_by_role("link", name="Vastleggen").first.click()
    axe_check(page)
    page.get_by_label("Financiën").select_option("rood")
    page.get_by_label("Huisvesting").select_option("groen")
    page.get_by_label("Notitie").fill("Betalingsachterstand huur.")
    page.get_by_role("button", name="Contactmoment vastleggen").click()
    expect(page.get_by_text("Het contactmoment is vastgelegd.")).to_be_visible()

    login(page, lead.user.username)
    alerts = panel(page, "Signaleringen nazorg")
    expect(alerts).to_contain_text("Stoplicht op rood")
    stay(person, today, type_="nachtopvang")
    page.goto("/nazorg/signaleringen/")
    expect(
        page.get_by_role("cell", name="Nieuw verblijf in de opvang (terugval)", exact=True)
    ).to_be_visible()
    axe_check(page)
    page.get_by_role("button", name="Gezien").first.click()
    expect(page.get_by_text("De signalering is als gezien gemarkeerd.")).to_be_visible()
