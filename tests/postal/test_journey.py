"""The postal-address team's day in a real browser, by clicking only after the login,
axe-core on every page: start page → the applications list, searched → a running address
whose review is late → record the review → end the address → back to the list → an
application ready for a decision → grant it."""

from __future__ import annotations

import datetime

import pytest
from playwright.sync_api import Locator, Page, expect

from plek.core.dates import today as plek_today
from plek.postal.models import Decision, PostalApplication, Review
from tests.browser import axe_check
from tests.e2e.test_journeys import log_in, skip_second_factor
from tests.factories import PersonFactory
from tests.postal.helpers import assessed, make_mdt

pytestmark = pytest.mark.e2e


def panel(page: Page, title: str) -> Locator:
    return page.locator("section.plek-panel", has=page.get_by_role("heading", name=title))


def heading(page: Page) -> Locator:
    return page.get_by_role("heading", level=1)


def test_an_mdt_members_day_by_clicking(page: Page) -> None:
    page.set_default_timeout(30_000)  # two cores shared: the first request may be slow
    today = plek_today()
    mdt = make_mdt()
    for membership in (mdt.first, mdt.second):
        membership.user.is_demo = True
        membership.user.save()
    # A running address, granted 200 days ago and last reviewed 100 days ago: review is late.
    holder = PersonFactory(family_name="Dijkstra")
    running = PostalApplication.objects.create(
        external_id="BA-JOURNEY-1",
        person=holder,
        applied_on=today - datetime.timedelta(days=220),
        decided_on=today - datetime.timedelta(days=200),
        decision=Decision.TOEGEKEND,
        team=mdt.first.team,
        giver=mdt.giver,
        giver_consent=True,
        holds_address=True,
    )
    Review.objects.create(
        application=running,
        reviewed_on=today - datetime.timedelta(days=100),
        note="Zoekt woonruimte.",
        reviewed_by=mdt.second.user,
    )
    # An application with the criteria checked and two opinions: ready for a decision.
    applicant = PersonFactory(family_name="Brink")
    ready = assessed(mdt, applicant.pk)

    log_in(page, mdt.first.user.username)
    skip_second_factor(page)

    reviews = panel(page, "Herbeoordelingen")
    expect(reviews).to_contain_text(str(holder))
    expect(reviews).to_contain_text("te laat")
    axe_check(page)
    reviews.get_by_role("link", name="Alles bekijken").click()
    expect(heading(page)).to_have_text("Aanvragen briefadres")
    axe_check(page)

    page.get_by_label("Naam of kenmerk").fill("dijk")
    page.get_by_label("Status").select_option(label="Herbeoordeling te laat")
    page.get_by_role("button", name="Zoeken", exact=True).click()
    expect(page.get_by_role("status")).to_have_text("1 aanvraag")
    row = page.get_by_role("row", name=str(holder))
    expect(row).to_contain_text("te laat")
    axe_check(page)
    row.get_by_role("link", name=str(holder)).click()
    expect(heading(page)).to_contain_text("BA-JOURNEY-1")
    axe_check(page)

    page.get_by_label("Herbeoordeeld op").fill(today.isoformat())
    page.get_by_label("Bevindingen").fill("Heeft een woning toegezegd gekregen.")
    page.get_by_role("button", name="Herbeoordeling vastleggen").click()
    expect(page.get_by_text("De herbeoordeling is vastgelegd.")).to_be_visible()
    axe_check(page)

    page.get_by_label("Reden van beëindiging").select_option(label="Woonadres gevonden")
    page.get_by_role("button", name="Briefadres beëindigen").click()
    expect(page.get_by_text("Het briefadres is beëindigd")).to_be_visible()
    expect(page.locator("#status")).to_contain_text("Beëindigd op")
    axe_check(page)

    page.get_by_role("navigation").get_by_role("link", name="Aanvragen briefadres").click()
    expect(heading(page)).to_have_text("Aanvragen briefadres")
    axe_check(page)
    page.get_by_label("Naam of kenmerk").fill("Brink")
    page.get_by_label("Status").select_option(label="In behandeling")
    page.get_by_role("button", name="Zoeken", exact=True).click()
    expect(page.get_by_role("status")).to_have_text("1 aanvraag")
    axe_check(page)
    page.get_by_role("link", name=str(applicant)).click()
    expect(heading(page)).to_contain_text(ready.external_id)
    axe_check(page)
    page.locator("#besluit_decision").select_option(label="Toekennen")
    page.get_by_role("button", name="Besluit vastleggen").click()
    expect(page.get_by_text("Het besluit is vastgelegd")).to_be_visible()
    axe_check(page)

    running.refresh_from_db()
    ready.refresh_from_db()
    assert running.ended_on == today and running.end_reason == "woonadres"
    assert running.reviews.count() == 2
    assert ready.decision == Decision.TOEGEKEND
