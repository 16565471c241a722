"""A wijkteam professional's day in the browser, by clicking only after login: the start page's
signal → a contact attempt → the dossier → the intake → the ZRM → the plan with a goal and an
action → the signal's outcome "plan gestart", linked to the plan. axe-core on every page."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from plek.plans.models import Plan
from plek.signals.models import Signal
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


def test_wijkteam_from_signal_to_plan(page: Page) -> None:
    today = timezone.localdate()
    organisation = OrganisationFactory(name="Wijkteam Oost-organisatie")
    team = TeamFactory(name="Wijkteam Oost", organisation=organisation)
    user = UserFactory(is_demo=True, first_name="Wies", last_name="Wijkteam")
    MembershipFactory(user=user, role="wijkteam", team=team, organisation=organisation)
    applicant = PersonFactory(family_name="Huurder", initials="A.B.")
    partner = PersonFactory(family_name="Huurder", initials="C.")
    household = household_of(applicant, partner, name="Huishouden Huurder")
    signal = make_signal(
        team=team,
        worker=user,
        person=applicant,
        source="huurachterstand",
        received_on=today - datetime.timedelta(days=2),
        arrear_amount="980.00",
    )
    page.set_default_timeout(30_000)  # two cores shared by many: a cold first page is slow

    log_in(page, user.username)
    skip_second_factor(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn werk in het wijkteam")
    axe_check(page)

    # The start page's signal.
    page.get_by_role("link", name="Huurachterstand · A.B. Huurder").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Huurachterstand")
    axe_check(page)
    page.get_by_label("Soort contact").select_option("huisbezoek")
    page.get_by_label("Dagdeel").select_option("middag")
    page.get_by_label("Bereikt").select_option("ja")
    page.get_by_label("Notitie").fill("Thuis getroffen; wil graag hulp bij de huur.")
    page.get_by_role("button", name="Contactpoging vastleggen").click()
    expect(page.get_by_text("De contactpoging is vastgelegd.")).to_be_visible()
    axe_check(page)

    # The dossier: start the intake from there.
    page.get_by_role("link", name=str(applicant)).first.click()
    expect(page.get_by_role("heading", level=2, name="Stand van zaken")).to_be_visible()
    axe_check(page)
    page.get_by_role("link", name="Intake starten").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Integrale intake starten")
    axe_check(page)
    page.get_by_label("Vraag achter de vraag").fill("Weer grip op de huur en rust in huis.")
    page.get_by_label("Financiën").fill("Drie maanden huurachterstand.")
    page.get_by_role("button", name="Intake starten").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Intake huishouden")
    axe_check(page)

    # The ZRM for the applicant, within the intake.
    page.get_by_role("link", name=f"ZRM scoren voor {applicant}").click()
    axe_check(page)
    page.get_by_label("Financiën").select_option("2")
    page.get_by_label("Huisvesting").select_option("3")
    page.get_by_role("button", name="Meting vastleggen").click()
    expect(page.get_by_text("De ZRM-meting is vastgelegd.")).to_be_visible()
    axe_check(page)

    # The plan, with a goal and an action.
    page.get_by_role("link", name="Plan opstellen voor dit huishouden").click()
    axe_check(page)
    page.get_by_role("button", name="Plan starten").click()
    expect(page.get_by_text("U bent de regisseur")).to_be_visible()
    axe_check(page)
    page.get_by_role("link", name="Doel toevoegen").click()
    axe_check(page)
    page.get_by_label("Leefgebied").select_option("financien")
    page.get_by_label("Doel in eigen woorden").fill("Ik wil mijn huur weer zelf betalen.")
    page.get_by_role("button", name="Doel opslaan").click()
    expect(page.get_by_text("Ik wil mijn huur weer zelf betalen.")).to_be_visible()
    page.get_by_role("link", name="Actie toevoegen bij Financiën").click()
    axe_check(page)
    page.get_by_label("Actie").fill("Betalingsregeling met de verhuurder afspreken")
    page.get_by_label("Verantwoordelijke organisatie").select_option(label=organisation.name)
    page.get_by_label("Streefdatum").fill((today + datetime.timedelta(days=14)).isoformat())
    page.get_by_role("button", name="Actie opslaan").click()
    expect(page.get_by_text("De actie is toegevoegd.")).to_be_visible()
    axe_check(page)

    # Back to the signal through the dossier's status line, and close it: "plan gestart".
    page.get_by_role("link", name=str(applicant)).first.click()
    axe_check(page)
    page.get_by_role("link", name="Huurachterstand, ontvangen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Huurachterstand")
    page.get_by_label("Uitkomst", exact=True).select_option("plan_gestart")
    page.get_by_role("button", name="Uitkomst vastleggen").click()
    expect(page.get_by_text("De uitkomst is vastgelegd.")).to_be_visible()
    axe_check(page)
    page.get_by_role("link", name="naar het plan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Plan van huishouden Huurder")
    axe_check(page)

    plan = Plan.objects.get(household=household)
    signal = Signal.objects.get(pk=signal.pk)
    assert signal.outcome == "plan_gestart" and signal.plan_id == plan.pk
    assert signal.first_contact_on == today
    assert plan.goals.get().actions.count() == 1
    assert plan.case_leads.get(ended_at__isnull=True).user == user
