"""The aftercare coach's day in a real browser, by clicking only after the login, axe-core on
every page: start page → the late check-in → record it → the alert inbox filtered on new
signals → mark the selection seen → the dossier → plan the next check-in → end the track."""

from __future__ import annotations

import datetime

import pytest
from playwright.sync_api import Locator, Page, expect

from plek.aftercare import services
from plek.aftercare.models import AftercareTrack, AlertAcknowledgement, CheckIn
from plek.core.dates import today as plek_today
from plek.signals.models import Signal
from tests.aftercare.helpers import actor, case_lead_for, coach
from tests.browser import axe_check
from tests.e2e.test_journeys import log_in, skip_second_factor
from tests.factories import PersonFactory

pytestmark = pytest.mark.e2e


def panel(page: Page, title: str) -> Locator:
    return page.locator("section.plek-panel", has=page.get_by_role("heading", name=title))


def heading(page: Page) -> Locator:
    return page.get_by_role("heading", level=1)


def test_a_coachs_day_by_clicking(page: Page) -> None:
    page.set_default_timeout(30_000)  # two cores shared: the first request may be slow
    today = plek_today()
    the_coach = coach()
    the_coach.user.is_demo = True
    the_coach.user.save()
    person = PersonFactory(family_name="Brink")
    lead = case_lead_for(person)
    # Started 30 days ago: the first check-in (after 4 weeks) was due two days ago.
    track = services.start_track(
        actor(lead), person.pk, today - datetime.timedelta(days=30), the_coach.user.pk
    )
    late = CheckIn.objects.filter(track=track).order_by("due_on").first()
    assert late is not None and late.due_on < today
    for n, days in enumerate((3, 10)):
        Signal.objects.create(
            external_id=f"sig-journey-{n}",
            person=person,
            source="huurachterstand",
            urgency="normaal",
            received_on=today - datetime.timedelta(days=days),
        )

    log_in(page, the_coach.user.username)
    skip_second_factor(page)

    # The start page: the late check-in on top, marked late.
    due = panel(page, "Contactmomenten die eraan komen")
    expect(due.locator("li").first).to_contain_text("te laat")
    axe_check(page)
    due.get_by_role("link", name=str(person)).first.click()
    expect(heading(page)).to_have_text("Contactmoment vastleggen")
    axe_check(page)
    page.get_by_label("Financiën").select_option("rood")
    page.get_by_label("Huisvesting").select_option("groen")
    page.get_by_label("Notitie").fill("Huurachterstand besproken; afspraak bij schuldhulp.")
    page.get_by_role("button", name="Contactmoment vastleggen").click()
    expect(page.get_by_text("Het contactmoment is vastgelegd.")).to_be_visible()
    expect(heading(page)).to_contain_text("Nazorgtraject van")
    axe_check(page)

    # The alert inbox, filtered on new signals: both signals, then both marked seen at once.
    page.get_by_role("navigation").get_by_role("link", name="Signaleringen nazorg").click()
    expect(heading(page)).to_have_text("Signaleringen nazorg")
    axe_check(page)
    page.get_by_label("Soort").select_option(label="Nieuw signaal")
    page.get_by_role("button", name="Filteren").click()
    expect(page.get_by_role("status")).to_contain_text("2 signaleringen")
    axe_check(page)
    for box in page.get_by_role("checkbox").all():
        box.check()
    page.get_by_role("button", name="Gekozen signaleringen als gezien markeren").click()
    expect(page.get_by_text("2 signaleringen zijn als gezien gemarkeerd.")).to_be_visible()
    expect(page.get_by_text("Geen signaleringen.")).to_be_visible()
    axe_check(page)
    assert AlertAcknowledgement.objects.filter(user=the_coach.user, kind="signaal").count() == 2

    # The red light stays in the unseen inbox; from it to the track and the person's dossier.
    page.get_by_label("Soort").select_option(label="Alle soorten")
    page.get_by_role("button", name="Filteren").click()
    expect(page.get_by_role("cell", name="Stoplicht op rood", exact=True)).to_be_visible()
    page.get_by_role("link", name=str(person)).first.click()
    expect(heading(page)).to_contain_text("Nazorgtraject van")
    axe_check(page)
    page.get_by_role("main").get_by_role("link", name=str(person)).click()
    expect(heading(page)).to_have_text(str(person))
    axe_check(page)

    # Plan the next check-in from the dossier's button: a week from now.
    page.get_by_role("link", name="Volgend contactmoment plannen").click()
    expect(heading(page)).to_have_text("Contactmoment plannen")
    axe_check(page)
    page.get_by_label("Datum contactmoment").fill((today - datetime.timedelta(days=1)).isoformat())
    page.get_by_role("button", name="Contactmoment plannen").click()
    expect(page.get_by_role("alert")).to_contain_text("deze datum ligt in het verleden")
    axe_check(page)
    page.get_by_label("Datum contactmoment").fill((today + datetime.timedelta(days=7)).isoformat())
    page.get_by_role("button", name="Contactmoment plannen").click()
    expect(page.get_by_text("Het contactmoment is gepland op")).to_be_visible()
    axe_check(page)
    assert CheckIn.objects.filter(track=track, due_on=today + datetime.timedelta(days=7)).exists()

    # End the track: the resident moved out of the region.
    page.get_by_role("link", name="Nazorgtraject beëindigen").click()
    expect(heading(page)).to_have_text("Nazorgtraject beëindigen")
    axe_check(page)
    page.get_by_label("Reden van beëindiging").select_option(label="Verhuisd buiten de regio")
    page.get_by_role("button", name="Traject beëindigen").click()
    expect(page.get_by_text("Het nazorgtraject is beëindigd.")).to_be_visible()
    expect(page.locator("#einde")).to_contain_text("Verhuisd buiten de regio")
    axe_check(page)
    track.refresh_from_db()
    assert track.ended_on == today and track.end_reason == "verhuisd"
    assert AftercareTrack.objects.filter(person=person, ended_on__isnull=True).count() == 0
