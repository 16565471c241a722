"""The front of the chain in one browser journey (issue 3's acceptance):

a neighbourhood-team professional receives a rent-arrears signal, records a failed and then a
successful contact attempt, starts the intake, scores the ZRM, creates a plan with two goals and
is its case lead; a professional of another organisation without a relation gets 403 with the
break-the-glass offer and opens the dossier after giving a reason; the privacy officer sees both
reads and the break-the-glass in the processing log. axe-core checks every page on the way.
"""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from plek.access.models import ProcessingLogEntry
from plek.plans.models import Plan
from tests.browser import axe_check
from tests.e2e.test_journeys import log_in, skip_second_factor
from tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
    TeamFactory,
    UserFactory,
)
from tests.plans.helpers import household_of
from tests.signals.helpers import make_signal

pytestmark = pytest.mark.e2e

REASON = "Spoedmelding van de politie: de bewoner is vannacht op straat gezet."


def log_out(page: Page) -> None:
    page.get_by_role("button", name="Uitloggen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Inloggen")


def member(role: str, first: str, last: str, **membership: object):  # type: ignore[no-untyped-def]
    user = UserFactory(is_demo=True, first_name=first, last_name=last)
    MembershipFactory(user=user, role=role, **membership)
    return user


def test_signal_intake_plan_break_the_glass_and_the_log(page: Page) -> None:
    page.set_default_timeout(30_000)  # a cold first page load on a busy two-core machine
    team = TeamFactory(name="Wijkteam Noord")
    professional = member("wijkteam", "Wies", "Wijkteam", team=team, organisation=team.organisation)
    outsider = member("veldwerk", "Otto", "Buiten", organisation=OrganisationFactory())
    officer = member("privacy", "Pim", "Privacy")
    tenant = PersonFactory(initials="A.B.", family_name="Huurder")
    household_of(
        tenant, PersonFactory(initials="C.", family_name="Huurder"), name="Huishouden Huurder"
    )
    make_signal(
        team=team,
        person=tenant,
        source="huurachterstand",
        received_on=timezone.localdate() - datetime.timedelta(days=1),
        arrear_amount="980.00",
        source_organisation=OrganisationFactory(kind="woningcorporatie"),
    )

    # 1. The signal: a failed, then a successful contact attempt.
    log_in(page, professional.username)
    skip_second_factor(page)
    page.get_by_role("link", name="Huurachterstand · A.B. Huurder").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Huurachterstand")
    axe_check(page)
    for kind, reached in (("telefoon", "nee"), ("huisbezoek", "ja")):
        page.get_by_label("Soort contact").select_option(kind)
        page.get_by_label("Dagdeel").select_option("middag")
        page.get_by_label("Bereikt").select_option(reached)
        page.get_by_role("button", name="Contactpoging vastleggen").click()
        expect(page.get_by_text("De contactpoging is vastgelegd.")).to_be_visible()
    expect(page.locator(".plek-timeline__item")).to_have_count(2)
    axe_check(page)

    # 2. The intake, the ZRM, and a plan with two goals led by the professional.
    page.goto(f"/personen/{tenant.pk}/intake/nieuw/")
    page.get_by_label("Vraag achter de vraag").fill("Weer grip op geld en wonen.")
    page.get_by_role("button", name="Intake starten").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Intake huishouden")
    axe_check(page)
    page.get_by_role("link", name=f"ZRM scoren voor {tenant}").click()
    page.get_by_label("Financiën").select_option("1")
    page.get_by_label("Huisvesting").select_option("2")
    page.get_by_role("button", name="Meting vastleggen").click()
    expect(page.get_by_text("De ZRM-meting is vastgelegd.")).to_be_visible()
    axe_check(page)
    page.get_by_role("link", name="Plan opstellen voor dit huishouden").click()
    page.get_by_role("button", name="Plan starten").click()
    expect(page.get_by_text("U bent de regisseur")).to_be_visible()
    for domain, words in (
        ("financien", "Ik wil de huur weer zelf betalen."),
        ("huisvesting", "Ik wil in mijn huis blijven wonen."),
    ):
        page.get_by_role("link", name="Doel toevoegen").click()
        page.get_by_label("Leefgebied").select_option(domain)
        page.get_by_label("Doel in eigen woorden").fill(words)
        page.get_by_role("button", name="Doel opslaan").click()
        expect(page.get_by_text(words)).to_be_visible()
    axe_check(page)
    plan = Plan.objects.get(person=tenant)
    assert plan.goals.count() == 2
    assert plan.case_leads.get(ended_at__isnull=True).user == professional
    page.goto(f"/personen/{tenant.pk}/")  # the case lead reads the dossier: a logged read
    expect(page.get_by_role("heading", level=1)).to_contain_text("Huurder")
    log_out(page)

    # 3. Another organisation, no relation: 403 with the offer, then break the glass.
    log_in(page, outsider.username)
    skip_second_factor(page)
    response = page.goto(f"/personen/{tenant.pk}/")
    assert response is not None and response.status == 403
    axe_check(page)
    page.get_by_role("link", name="Toegang doorbreken").click()
    page.get_by_label("Reden").fill(REASON)
    page.get_by_role("button", name="Toegang doorbreken en dossier openen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Huurder")
    axe_check(page)
    log_out(page)

    # 4. The privacy officer sees both reads and the break-the-glass.
    log_in(page, officer.username)
    skip_second_factor(page)
    page.goto(f"/privacy/verwerkingen/?person={tenant.pk}")
    axe_check(page)
    log = page.locator("table").first
    expect(log).to_contain_text(professional.username)
    expect(log).to_contain_text(outsider.username)
    expect(log).to_contain_text("Toegang tot een dossier doorbreken")
    page.goto("/privacy/doorbraken/")
    expect(page.get_by_text(REASON)).to_be_visible()
    axe_check(page)
    reads = ProcessingLogEntry.objects.filter(person_id=tenant.pk, activity_code="persoon.inzien")
    assert set(reads.values_list("username", flat=True)) >= {
        professional.username,
        outsider.username,
    }
